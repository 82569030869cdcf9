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
