package dev.citra.cli;

import static dev.citra.cli.Outcome.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code citra bench} checks its flags in every mode and refuses those a mode cannot use, in one
 * sentence, before measuring anything. A {@code --models} entry that cannot be parsed stands in
 * for a benchmark: had the refusal not come first, that would be the error.
 */
class BenchFlagsTest {
    @TempDir
    Path tmp;

    private static void refused(Outcome o, String message) {
        assertEquals(Main.USER_ERROR, o.code(), o.out());
        assertEquals("citra: " + message, o.err().strip());
    }

    @Test
    void theBatchRangeIsCheckedInEveryMode() {
        refused(run("bench", "--data-pipeline", "--data-fits", "0", "--data-images", "0", "--batch", "0"),
                "--batch must be between 1 and 1024, not 0.");
        refused(run("bench", "--soak-minutes", "0", "--batch", "2000"),
                "--batch must be between 1 and 1024, not 2000.");
    }

    @Test
    void thePeerIsRefusedWhereItCannotRun() {
        refused(run("bench", "--runtimes", "--peer", "--models", "nope@x"), "--peer applies to the training and"
                + " inference figures, which --runtimes replaces: drop one of the two.");
        refused(run("bench", "--profile", tmp.toString(), "--peer", "--models", "nope@x"), "--peer applies to the"
                + " training and inference figures, which --profile replaces: drop one of the two.");
        refused(run("bench", "--soak-minutes", "0", "--peer"), "--peer applies to the training and inference"
                + " figures, which --soak-minutes replaces: drop one of the two.");
    }

    @Test
    void repeatsAreRefusedWhereTheyCannotApply() {
        refused(run("bench", "--runtimes", "--repeats", "2", "--models", "nope@x"), "--repeats applies to the"
                + " training and inference figures, which --runtimes replaces: drop --repeats.");
        refused(run("bench", "--serve", "http://127.0.0.1:9/", "--repeats", "2"), "--repeats applies to the"
                + " training and inference figures, which --serve replaces: drop --repeats.");
        // Its default is no request: --runtimes alone goes on to the benchmark.
        refused(run("bench", "--runtimes", "--models", "nope@x"), "--models entry 'nope@x' needs NAME@SIZE, e.g."
                + " mobilenet_v2@96.");
    }

    private static String modes(String names) {
        return names + " are separate modes of bench, run one at a time: keep one.";
    }

    private static String unused(String flag, String mode, String instead) {
        return flag + " is not used by " + mode + ", which " + instead + ": drop " + flag + ".";
    }

    private static String withoutPeer(String flag) {
        return flag + " applies to the PyTorch peer, which runs only with --peer: add --peer or drop " + flag + ".";
    }

    @Test
    void twoModesAtOnceAreRefusedNamingBoth() {
        String serve = "http://127.0.0.1:9/";
        refused(run("bench", "--runtimes", "--profile", tmp.toString(), "--models", "nope@x"),
                modes("--runtimes and --profile"));
        refused(run("bench", "--soak-minutes", "1", "--serve", serve), modes("--soak-minutes and --serve"));
        refused(run("bench", "--runtimes", "--data-pipeline", "--serve", serve),
                modes("--runtimes, --data-pipeline and --serve"));
    }

    @Test
    void flagsAModeDoesNotUseAreRefusedWhenTyped() {
        String serve = "http://127.0.0.1:9/";
        refused(run("bench", "--soak-minutes", "0", "--steps", "5"),
                unused("--steps", "--soak-minutes", "trains for its minutes, not for a number of steps"));
        refused(run("bench", "--data-pipeline", "--steps", "5"),
                unused("--steps", "--data-pipeline", "times whole epochs, not a number of steps"));
        refused(run("bench", "--serve", serve, "--steps", "5"),
                unused("--steps", "--serve", "times each --concurrency for --seconds, not a number of steps"));
        refused(run("bench", "--serve", serve, "--batch", "8"),
                unused("--batch", "--serve", "sends one image a request (the server batches them up to its"
                        + " --max-batch)"));
        refused(run("bench", "--serve", serve, "--models", "simple-cnn@64"),
                unused("--models", "--serve", "loads a model of the running server (--serve-model)"));
        refused(run("bench", "--data-pipeline", "--models", "simple-cnn@64"),
                unused("--models", "--data-pipeline", "trains simple-cnn at --data-size"));
        refused(run("bench", "--runtimes", "--skip-pipeline", "--models", "nope@x"), "--skip-pipeline applies to the"
                + " training and inference figures, which --runtimes replaces: drop --skip-pipeline.");
        refused(run("bench", "--profile", tmp.toString(), "--peer-script", "peer.py", "--models", "nope@x"),
                "--peer-script applies to the training and inference figures, which --profile replaces: drop"
                        + " --peer-script.");
        // --runtimes and --profile do run --models for --steps steps of --batch images: on to the benchmark.
        refused(run("bench", "--runtimes", "--steps", "5", "--batch", "8", "--models", "nope@x"), "--models entry"
                + " 'nope@x' needs NAME@SIZE, e.g. mobilenet_v2@96.");
    }

    @Test
    void thePeersInterpreterAndScriptNeedThePeer() {
        refused(run("bench", "--peer-python", "/usr/bin/python3", "--models", "nope@x"), withoutPeer("--peer-python"));
        refused(run("bench", "--peer-script", "peer.py", "--models", "nope@x"), withoutPeer("--peer-script"));
    }

    private static String outside(String flag, String what, String owners, String fix) {
        return flag + " applies to " + what + ", which runs only with " + owners + ": " + fix + " " + flag + ".";
    }

    @Test
    void theServersLoadFlagsNeedServe() {
        String load = "the load on a running server";
        refused(run("bench", "--serve-model", "faces", "--models", "nope@x"),
                outside("--serve-model", load, "--serve", "add --serve or drop"));
        refused(run("bench", "--concurrency", "8", "--models", "nope@x"),
                outside("--concurrency", load, "--serve", "add --serve or drop"));
        refused(run("bench", "--runtimes", "--seconds", "5", "--models", "nope@x"),
                outside("--seconds", load, "--serve", "drop"));
        refused(run("bench", "--soak-minutes", "0", "--image", tmp.resolve("a.jpg").toString()),
                outside("--image", load, "--serve", "drop"));
    }

    @Test
    void theGeneratedDataFlagsNeedTheDataPipeline() {
        String cache = "the comparison of the cache modes";
        refused(run("bench", "--data-images", "0", "--models", "nope@x"),
                outside("--data-images", cache, "--data-pipeline", "add --data-pipeline or drop"));
        refused(run("bench", "--profile", tmp.toString(), "--data-fits", "10", "--models", "nope@x"),
                outside("--data-fits", cache, "--data-pipeline", "drop"));
        refused(run("bench", "--serve", "http://127.0.0.1:9/", "--data-size", "64"),
                outside("--data-size", cache, "--data-pipeline", "drop"));
        refused(run("bench", "--soak-minutes", "0", "--data-dir", tmp.toString()),
                outside("--data-dir", cache, "--data-pipeline", "drop"));
    }

    @Test
    void theSoakIntervalNeedsAModeThatSamplesMemory() {
        String sampling = "the memory sampling";
        refused(run("bench", "--soak-interval", "5", "--models", "nope@x"), outside("--soak-interval", sampling,
                "--soak-minutes or --serve", "add --soak-minutes or --serve or drop"));
        refused(run("bench", "--data-pipeline", "--soak-interval", "5"),
                outside("--soak-interval", sampling, "--soak-minutes or --serve", "drop"));
        // Both modes do sample at that interval: on to their own range checks.
        refused(run("bench", "--soak-minutes", "0", "--soak-interval", "5"),
                "--soak-minutes must be between 0 and 1440 and --soak-interval at least 1 second.");
        refused(run("bench", "--serve", "http://127.0.0.1:9/", "--soak-interval", "0"),
                "--soak-interval must be at least 1 second, not 0.");
    }

    @Test
    void theDeviceIsRefusedByTheServersLoadAlone() {
        // Refused before the device is checked: this CPU build would otherwise send the user off to install CUDA.
        refused(run("bench", "--serve", "http://127.0.0.1:9/", "--device", "gpu"),
                unused("--device", "--serve", "measures a running server, whose own --device says where its models"
                        + " run"));
        // Every other mode runs its networks there: on to the device's own check.
        String cpuBuild = "--device gpu needs libtorch's CUDA build";
        for (Outcome o : new Outcome[] {run("bench", "--device", "gpu", "--models", "nope@x"),
                run("bench", "--runtimes", "--device", "gpu", "--models", "nope@x"),
                run("bench", "--soak-minutes", "0.0001", "--device", "gpu"),
                run("bench", "--data-pipeline", "--data-images", "0", "--data-fits", "10", "--device", "gpu")}) {
            assertEquals(Main.USER_ERROR, o.code(), o.out());
            assertTrue(o.err().startsWith("citra: " + cpuBuild), o.err());
        }
    }

    @Test
    void theSoakTrainsWithTheBatchGiven() {
        // The bench prints straight to standard output.
        PrintStream saved = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Outcome o;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            // A second's soak stops after the first epoch.
            o = run("bench", "--soak-minutes", "0.0001", "--models", "simple-cnn@16", "--batch", "400");
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, o.code(), o.err());
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("soak simple-cnn 16 batch=400:"), out);
    }
}
