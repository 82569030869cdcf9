package dev.citra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak's temporary folder (drawn shapes, the run's checkpoints) is gone when it ends, well or not. */
class MemorySoakTest {
    @TempDir
    Path tmp;

    private List<Path> leftIn(Path parent) throws IOException {
        try (Stream<Path> files = Files.list(parent)) {
            return files.toList();
        }
    }

    @Test
    void theSoakDeletesItsFolderWhenItEnds() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        // A second's soak stops after the first epoch.
        List<MemorySoak.Sample> samples = MemorySoak.run("simple-cnn", 16, 400, 0.0001, 1,
                new PrintStream(printed, true, StandardCharsets.UTF_8), tmp);
        assertFalse(samples.isEmpty(), printed.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), leftIn(tmp));
        assertEquals(0, MemorySoak.Folder.hooked(), "a shutdown hook left registered");
    }

    @Test
    void theSoakDeletesItsFolderWhenItFails() throws IOException {
        // The shapes are drawn before the unknown network is refused.
        CitraException e = assertThrows(CitraException.class, () -> MemorySoak.run("no-such-net", 16, 8, 0.0001, 1,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), tmp));
        assertTrue(e.getMessage().startsWith("Unknown model 'no-such-net'"), e.getMessage());
        assertEquals(List.of(), leftIn(tmp));
        assertEquals(0, MemorySoak.Folder.hooked(), "a shutdown hook left registered");
    }

    @Test
    void anExitDuringTheSoakDeletesTheFolderAndAnEndRemovesTheHook() throws IOException {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        MemorySoak.Folder folder = new MemorySoak.Folder(tmp, out);
        Files.writeString(folder.path.resolve("checkpoint"), "weights");
        assertEquals(1, MemorySoak.Folder.hooked());
        // What the JVM runs on Ctrl-C, run here without exiting.
        folder.hook.run();
        assertEquals(List.of(), leftIn(tmp));
        folder.close();
        assertEquals(0, MemorySoak.Folder.hooked());
        // No longer registered: removing it again finds nothing.
        assertFalse(Runtime.getRuntime().removeShutdownHook(folder.hook));
    }
}
