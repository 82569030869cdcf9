package dev.citra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code citra} launcher script, run against a stand-in {@code java} that writes what libtorch
 * writes to stderr on a CPU NNPACK does not support.
 */
class LauncherTest {
    private static final String NNPACK = "[W1130 03:11:18.034539786 NNPACK.cpp:62] Could not initialize NNPACK!"
            + " Reason: Unsupported hardware.\n";

    @TempDir
    Path tmp;

    @Test
    void libtorchWarningsTheUserCannotActOnAreDroppedAndTheRestPassesAsItCame() throws Exception {
        install();

        Result quiet = run(Map.of(), "model", "summary");
        assertEquals(3, quiet.code);
        assertEquals("out -jar " + tmp.resolve("citra-cli/target/citra.jar") + " model summary\n",
                quiet.out.replaceFirst("^out .*? -jar", "out -jar"));
        assertEquals("Decoding 10/20\rDecoding 20/20\ncitra: Data folder x does not exist: pass a folder.\n", quiet.err);

        Result verbose = run(Map.of("CITRA_LOG_LEVEL", "debug"), "model", "summary");
        assertEquals(3, verbose.code);
        assertEquals(NNPACK.repeat(3) + "Decoding 10/20\rDecoding 20/20\ncitra: Data folder x does not exist: pass a folder.\n",
                verbose.err);
    }

    @Test
    void aServerGetsASmallerHeapThanTrainingUnlessTheUserSetsTheOptions() throws Exception {
        install();
        assertTrue(run(Map.of(), "train", "--data", "x").out.startsWith("out -Xmx6g "));
        assertTrue(run(Map.of(), "serve", "--model", "m").out.startsWith("out -Xmx2g "));
        assertTrue(run(Map.of("CITRA_JAVA_OPTS", "-Xmx512m"), "serve").out.startsWith("out -Xmx512m "));
    }

    @Test
    void openMpThreadsSpinBrieflyUnlessTheUserChoosesTheirWait() throws Exception {
        install();
        run(Map.of(), "train");
        assertEquals("/1000\n", Files.readString(tmp.resolve("bin/omp.txt")), "OMP_WAIT_POLICY / GOMP_SPINCOUNT");
        run(Map.of("OMP_WAIT_POLICY", "PASSIVE"), "train");
        assertEquals("PASSIVE/\n", Files.readString(tmp.resolve("bin/omp.txt")));
        run(Map.of("GOMP_SPINCOUNT", "50000"), "train");
        assertEquals("/50000\n", Files.readString(tmp.resolve("bin/omp.txt")));
    }

    /** The launcher and its filter in a folder of their own, with a stand-in java on the PATH. */
    private void install() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(root.resolve("citra")), "the launcher is at the repository root");
        Files.copy(root.resolve("citra"), tmp.resolve("citra"));
        Path scripts = Files.createDirectories(tmp.resolve("citra-cli/src/main/scripts"));
        Files.copy(root.resolve("citra-cli/src/main/scripts/quiet-libtorch.pl"), scripts.resolve("quiet-libtorch.pl"));
        Files.createDirectories(tmp.resolve("citra-cli/target"));
        Files.createFile(tmp.resolve("citra-cli/target/citra.jar"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        executable(bin.resolve("java"), "#!/bin/sh\n"
                + "for i in 1 2 3; do printf '" + NNPACK.replace("\n", "\\n") + "' >&2; done\n"
                + "printf 'Decoding 10/20\\r' >&2; printf 'Decoding 20/20\\n' >&2\n"
                + "echo 'citra: Data folder x does not exist: pass a folder.' >&2\n"
                + "echo \"${OMP_WAIT_POLICY:-}/${GOMP_SPINCOUNT:-}\" > \"$(dirname \"$0\")/omp.txt\"\n"
                + "echo \"out $*\"\n"
                + "exit 3\n");
        executable(tmp.resolve("citra"), null);
    }

    private record Result(int code, String out, String err) {}

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", tmp.resolve("citra").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().remove("CITRA_LOG_LEVEL");
        pb.environment().remove("CITRA_JAVA_OPTS");
        pb.environment().remove("OMP_WAIT_POLICY");
        pb.environment().remove("GOMP_SPINCOUNT");
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        int code = pb.start().waitFor();
        return new Result(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void executable(Path file, String content) throws IOException {
        if (content != null) {
            Files.writeString(file, content);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
