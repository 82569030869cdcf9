package dev.citra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code citra bench --peer --peer-python}: an interpreter without torch is refused in one sentence
 * before anything is measured (which interpreter is found is {@code PeerPythonTest}'s).
 */
class BenchPeerTest {
    @TempDir
    Path tmp;

    @Test
    void anInterpreterWithoutTorchIsRefusedBeforeMeasuring() throws Exception {
        Path python = tmp.resolve("python");
        Files.writeString(python, "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        Outcome o = Outcome.run("bench", "--models", "mobilenet_v2@224", "--peer", "--peer-python", python.toString());
        assertEquals(Main.USER_ERROR, o.code(), o.err());
        assertTrue(o.err().contains("--peer-python " + python + " (ModuleNotFoundError: No module named 'torch') cannot"
                + " import torch and torchvision"), o.err());
    }
}
