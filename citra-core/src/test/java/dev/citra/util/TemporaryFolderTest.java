package dev.citra.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporaryFolderTest {
    @Test
    void anExitDeletesTheFolderAndClosingRemovesTheHook(@TempDir Path tmp) throws Exception {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int before = TemporaryFolder.hooked();
        TemporaryFolder folder = new TemporaryFolder(tmp, "citra-test", out);
        assertTrue(folder.path().getFileName().toString().startsWith("citra-test"));
        Files.createDirectories(folder.path().resolve("run")).resolve("checkpoint").toFile().createNewFile();
        assertEquals(before + 1, TemporaryFolder.hooked());
        // What the JVM runs on Ctrl-C, run here without exiting.
        folder.hook().run();
        assertFalse(Files.exists(folder.path()));
        folder.close();
        assertEquals(before, TemporaryFolder.hooked());
        assertFalse(Runtime.getRuntime().removeShutdownHook(folder.hook()), "no longer registered");
    }

    @Test
    void closingDeletesTheFolder(@TempDir Path tmp) throws Exception {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path made;
        try (TemporaryFolder folder = new TemporaryFolder(tmp, "citra-test", out)) {
            made = folder.path();
            Files.writeString(made.resolve("a.txt"), "x");
        }
        assertFalse(Files.exists(made));
    }
}
