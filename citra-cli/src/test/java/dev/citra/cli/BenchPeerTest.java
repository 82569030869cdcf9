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

    @Test
    void citraAndThePeerTakeTurnsAndEachFigureIsAMedianWithItsRangeAndShareOfPeak() throws Exception {
        Path python = tmp.resolve("python");
        Path calls = tmp.resolve("calls.txt");
        // Answers the torch probe, then plays the peer script: fixed figures, and a note of each call.
        Files.writeString(python, "#!/bin/sh\nif [ \"$1\" = -c ]; then echo 1.13.0; exit 0; fi\n"
                + "echo \"$@\" >> " + calls + "\n"
                + "echo 'peer mobilenet_v2 32 batch=4 threads=2 train_img_s=10.0 infer_img_s=50.0 infer_b1_ms=5.00'\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = Files.writeString(tmp.resolve("peer.py"), "# stand-in\n");
        // The bench prints its figures straight to standard output.
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        Outcome o;
        try {
            System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            o = Outcome.run("bench", "--models", "mobilenet_v2@32", "--batch", "4", "--steps", "1", "--repeats", "2",
                    "--skip-pipeline", "--peer", "--peer-python", python.toString(), "--peer-script", script.toString());
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, o.code(), o.err());
        String out = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, Files.readAllLines(calls).size(), "the peer ran once per repeat");
        assertTrue(Files.readString(calls).contains("--model mobilenet_v2 --size 32 --batch 4"), Files.readString(calls));
        assertTrue(out.matches("(?s).*peak \\d+\\.\\d GFLOPS fp32.*medians of 2 runs.*"), out);
        java.util.regex.Matcher citra = java.util.regex.Pattern.compile("citra mobilenet_v2 32 batch=4 .*train_img_s="
                + "([0-9.]+)(\\[[0-9.]+\\.\\.[0-9.]+\\])? train_peak=\\d+% infer_runtime=onnxruntime .*gmac=0\\.0\\d\\d")
                .matcher(out);
        assertTrue(citra.find(), out);
        assertTrue(out.contains("peer mobilenet_v2 32 batch=4 train_img_s=10.0 train_peak="), out);
        double ratio = Double.parseDouble(citra.group(1)) / 10.0;
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "ratio citra/peer mobilenet_v2 32: train %.2fx",
                ratio)), out);
    }

    @Test
    void thePeerRunsWithoutTheLaunchersAllocatorAndOpenMpSettings() {
        assertEquals(java.util.Map.of("PATH", "/usr/bin", "HOME", "/root"), BenchCommand.peerEnvironment(java.util.Map.of(
                "PATH", "/usr/bin", "HOME", "/root", "LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
                "MALLOC_CONF", "dirty_decay_ms:1000", "GLIBC_TUNABLES", "glibc.malloc.top_pad=1", "OMP_WAIT_POLICY",
                "PASSIVE", "GOMP_SPINCOUNT", "1000")));
    }
}
