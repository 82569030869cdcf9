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
        assertEquals(0, dev.citra.util.TemporaryFolder.hooked(), "a shutdown hook left registered");
    }

    @Test
    void theSoakDeletesItsFolderWhenItFails() throws IOException {
        // The shapes are drawn before the unknown network is refused.
        CitraException e = assertThrows(CitraException.class, () -> MemorySoak.run("no-such-net", 16, 8, 0.0001, 1,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), tmp));
        assertTrue(e.getMessage().startsWith("Unknown model 'no-such-net'"), e.getMessage());
        assertEquals(List.of(), leftIn(tmp));
        assertEquals(0, dev.citra.util.TemporaryFolder.hooked(), "a shutdown hook left registered");
    }
}
