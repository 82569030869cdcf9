package dev.citra.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @Test
    void writeReplacesTheFileAndLeavesNoTemporaries(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("history.csv");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
                "reports are readable by others, as files written with a normal umask");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void replaceDirectorySwapsWholeFolders(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("last");
        Path first = AtomicFiles.stagingDirectory(target);
        Files.writeString(first.resolve("w"), "1");
        AtomicFiles.replaceDirectory(first, target);
        Path second = AtomicFiles.stagingDirectory(target);
        Files.writeString(second.resolve("w"), "2");
        AtomicFiles.replaceDirectory(second, target);
        assertEquals("2", Files.readString(target.resolve("w")));
        assertFalse(Files.exists(dir.resolve("last.previous")));
    }

    @Test
    void aKillBetweenTheTwoRenamesIsRecovered(@TempDir Path dir) throws Exception {
        // State after "target -> target.previous" and before "staged -> target": no target.
        Path previous = dir.resolve("last.previous");
        Files.createDirectories(previous);
        Files.writeString(previous.resolve("w"), "old");
        Path recovered = AtomicFiles.recover(dir.resolve("last"));
        assertEquals(dir.resolve("last"), recovered);
        assertEquals("old", Files.readString(recovered.resolve("w")));
        assertTrue(Files.notExists(previous));
    }
}
