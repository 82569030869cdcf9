package dev.citra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer's interpreter: generated stand-ins for a pyenv shim without torch and an interpreter
 * with it (shell scripts that answer the import probe as Python would).
 */
class PeerPythonTest {
    @TempDir
    Path tmp;

    private Path script(String name, String body) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private Path shim() throws IOException {
        return script("shim", "echo 'Traceback (most recent call last):' >&2\n"
                + "echo \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1");
    }

    private Path withTorch() throws IOException {
        // Answers only the probe, so a wrong probe fails the test.
        return script("python-with-torch", "[ \"$1\" = -c ] && [ \"$2\" = 'import torch, torchvision; print(torch.__version__)' ]"
                + " && echo 1.13.0 && exit 0\nexit 2");
    }

    @Test
    void theFirstInterpreterThatImportsTorchWins() throws IOException {
        PeerPython found = PeerPython.find(List.of(shim().toString(), tmp.resolve("absent").toString(),
                withTorch().toString()), false);
        assertEquals(withTorch().toString(), found.executable());
        assertEquals("1.13.0", found.torchVersion());
    }

    @Test
    void noneThatImportsTorchIsOneSentenceListingWhatWasTried() throws IOException {
        String shim = shim().toString();
        CitraException e = assertThrows(CitraException.class,
                () -> PeerPython.find(List.of(shim, tmp.resolve("absent").toString()), false));
        assertTrue(e.getMessage().startsWith("No Python interpreter here imports torch and torchvision (tried " + shim
                + " (ModuleNotFoundError: No module named 'torch'), " + tmp.resolve("absent") + " (not found)):"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("or pass --peer-python PATH."), e.getMessage());
    }

    @Test
    void aNamedInterpreterIsUsedOrRefused() throws IOException {
        assertEquals("1.13.0", PeerPython.find(withTorch().toString()).torchVersion());
        String shim = shim().toString();
        CitraException e = assertThrows(CitraException.class, () -> PeerPython.find(shim));
        assertTrue(e.getMessage().startsWith("--peer-python " + shim + " (ModuleNotFoundError"), e.getMessage());
    }
}
