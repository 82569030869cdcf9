package dev.citra.cli;

import dev.citra.model.weights.KerasApplications;
import dev.citra.model.weights.KerasApplicationsFile;
import dev.citra.model.weights.WeightFetcher;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code citra weights}: the pretrained Keras Applications weight files. */
@Command(
        name = "weights",
        mixinStandardHelpOptions = true,
        description = "Download and list the ImageNet weight files of Keras Applications (for --weights).",
        subcommands = {WeightsCommand.FetchCommand.class, WeightsCommand.ListCommand.class})
public final class WeightsCommand extends CommandGroup {
    /** Options both subcommands share: where the cache is. */
    static final class CacheOption {
        @Option(names = "--cache", paramLabel = "DIR",
                description = "The weights cache (default: $CITRA_HOME/weights, or ~/.citra/weights).")
        Path cache;

        // For a mirror, or a test server; Keras's own address otherwise.
        @Option(names = "--base-url", hidden = true)
        URI baseUrl;

        WeightFetcher fetcher() {
            Path dir = cache != null ? cache : WeightFetcher.defaultCacheDir(System.getenv());
            return new WeightFetcher(dir, baseUrl != null ? baseUrl : KerasApplications.BASE_URL);
        }
    }

    /** {@code citra weights fetch}: download (or find in the cache) one verified file. */
    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Download the official Keras Applications ImageNet weights of an architecture, check the hash Keras"
                    + " publishes (mobilenet_v2 has none: its file is checked to be Keras HDF5 weights) and keep it in the"
                    + " cache; a cached file that checks out is not downloaded again. Prints the file's path, for --weights.")
    static final class FetchCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ARCH",
                description = "mobilenet_v2, inception_v3, resnet50, densenet121, densenet169 or densenet201.")
        String architecture;

        @Option(names = "--notop", description = "The file without the ImageNet classifier (for a new head).")
        boolean notop;

        @Option(names = {"--alpha", "--width"}, paramLabel = "A",
                description = "mobilenet_v2's width multiplier: 0.35, 0.5, 0.75, 1.0 (default), 1.3 or 1.4.")
        Double alpha;

        @Option(names = "--size", paramLabel = "PIXELS",
                description = "mobilenet_v2's training input size: 96, 128, 160, 192 or 224 (default).")
        Integer size;

        @CommandLine.Mixin
        CacheOption cache = new CacheOption();

        @Override
        public Integer call() {
            KerasApplicationsFile file = KerasApplications.find(architecture, !notop, alpha, size);
            WeightFetcher fetcher = cache.fetcher();
            PrintWriter err = spec.commandLine().getErr();
            Path cached = fetcher.cachedPath(file);
            if (!Files.exists(cached)) {
                err.println("Downloading " + fetcher.url(file) + " to " + fetcher.cacheDir());
                err.flush();
            }
            WeightFetcher.Result result = fetcher.fetch(file, new DownloadProgress(err, System.console() != null));
            err.println((result.downloaded() ? "Downloaded and verified (" : "Already in the cache, verified (")
                    + result.check() + ").");
            err.flush();
            spec.commandLine().getOut().println(result.path());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code citra weights list}: the known files and which are cached. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the Keras Applications weight files citra knows, and where each is cached (or '-').")
    static final class ListCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "ARCH", description = "Only this architecture's files.")
        String architecture;

        @CommandLine.Mixin
        CacheOption cache = new CacheOption();

        @Override
        public Integer call() {
            WeightFetcher fetcher = cache.fetcher();
            List<KerasApplicationsFile> files = architecture == null ? KerasApplications.all()
                    : KerasApplications.of(architecture);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%-13s %-9s %-6s %-6s %s%n", "architecture", "variant", "head", "hash", "cached");
            int cached = 0;
            for (KerasApplicationsFile f : files) {
                Path p = fetcher.cachedPath(f);
                boolean here = Files.isRegularFile(p);
                cached += here ? 1 : 0;
                out.printf(Locale.ROOT, "%-13s %-9s %-6s %-6s %s%n", f.architecture(), f.variant().isEmpty() ? "-" : f.variant(),
                        f.top() ? "top" : "notop", f.hash() == null ? "none" : f.hashAlgorithm(), here ? p : "-");
            }
            out.println(files.size() + " files, " + cached + " cached in " + fetcher.cacheDir()
                    + ". Download one with: citra weights fetch <arch> [--notop]");
            out.flush();
            return 0;
        }
    }

    /** A percentage on one console line; nothing when the output is not a terminal. */
    private static final class DownloadProgress implements WeightFetcher.Progress {
        private final PrintWriter err;
        private final boolean console;
        private long shown = -1;

        DownloadProgress(PrintWriter err, boolean console) {
            this.err = err;
            this.console = console;
        }

        @Override
        public void update(long done, long total) {
            // Whole-percent steps only: a 100 MB file arrives in thousands of chunks.
            long percent = total > 0 ? done * 100 / total : -1;
            if (!console || percent == shown) {
                return;
            }
            shown = percent;
            err.printf(Locale.ROOT, "\r  %3d%% of %.1f MB", percent, total / 1e6);
            if (done == total) {
                err.println();
            }
            err.flush();
        }
    }
}
