package dev.citra.bench;

import dev.citra.CitraException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python interpreter that runs the PyTorch peer of {@code citra bench --peer}: the first of
 * {@code python3} on the PATH, {@code /usr/bin/python3} and {@code /usr/local/bin/python3} that
 * imports torch and torchvision (a pyenv shim on the PATH often has neither, while Debian's
 * python3-torch sits in {@code /usr/bin/python3}), or the one the user names.
 *
 * @param executable the interpreter as it was found (a name on the PATH or a path)
 * @param torchVersion {@code torch.__version__}
 */
public record PeerPython(String executable, String torchVersion) {
    /** Where to look, in order, when no interpreter is named. */
    public static final List<String> CANDIDATES = List.of("python3", "/usr/bin/python3", "/usr/local/bin/python3");

    private static final String PROBE = "import torch, torchvision; print(torch.__version__)";

    /** The named interpreter ({@code --peer-python}), or the first candidate that imports torch and torchvision. */
    public static PeerPython find(String named) {
        return named != null ? find(List.of(named), true) : find(CANDIDATES, false);
    }

    /**
     * The first of {@code candidates} that imports torch and torchvision; when none does, one
     * sentence naming what was tried and the fix ({@code named}: the user gave the one candidate).
     */
    static PeerPython find(List<String> candidates, boolean named) {
        List<String> tried = new ArrayList<>();
        for (String exe : candidates) {
            Probe p = probe(exe);
            if (p.ok()) {
                return new PeerPython(exe, p.output());
            }
            tried.add(exe + " (" + p.output() + ")");
        }
        if (named) {
            throw new CitraException("--peer-python " + tried.get(0) + " cannot import torch and torchvision: name an"
                    + " interpreter that can, e.g. /usr/bin/python3 with Debian's python3-torch and python3-torchvision.");
        }
        throw new CitraException("No Python interpreter here imports torch and torchvision (tried " + String.join(", ", tried)
                + "): install them (apt-get install python3-torch python3-torchvision) or pass --peer-python PATH.");
    }

    private record Probe(boolean ok, String output) {}

    /** Runs the import in {@code exe}: its version on success, else the last line it printed (the error). */
    private static Probe probe(String exe) {
        Process p;
        try {
            p = new ProcessBuilder(exe, "-c", PROBE).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Probe(false, "not found");
        }
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Probe(false, "no answer in 2 minutes");
            }
            String last = out.isEmpty() ? "exit " + p.exitValue() : out.lines().reduce((a, b) -> b).orElse("");
            return new Probe(p.exitValue() == 0 && !out.isEmpty(), last);
        } catch (IOException e) {
            return new Probe(false, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Probe(false, "interrupted");
        }
    }
}
