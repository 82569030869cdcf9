package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.bench.MemorySoak;
import dev.citra.bench.ModelBenchmark;
import dev.citra.bench.PeakFlops;
import dev.citra.bench.PeerPython;
import dev.citra.bench.PipelineBenchmark;
import dev.citra.bench.RuntimeBenchmark;
import dev.citra.bench.Spread;
import dev.citra.bench.TrainingProfile;
import dev.citra.util.Engines;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code citra bench}: throughput and latency on this machine, printed as figures, with the
 * PyTorch peer (Python) side by side when it is installed.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        header = "Measure training/inference throughput, latency and the input pipeline.",
        sortOptions = false,
        description = "Measure training and inference throughput (images/s), batch-1 latency and input pipeline"
                + " throughput on this machine. With --peer, runs ../shared/bench/peer_pytorch.py for the same"
                + " network so both figures come from one run.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--models", split = ",", paramLabel = "NAME@SIZE", defaultValue = "simple-cnn@64,mobilenet_v2@96",
            description = "Models and input sizes (default simple-cnn@64,mobilenet_v2@96).")
    List<String> models;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32", description = "Batch size (default 32).")
    int batch;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10", description = "Timed steps per figure (default 10).")
    int steps;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3",
            description = "Times each model is measured (citra and the peer taking turns); the median is printed with"
                    + " the range (default 3; only the training and inference figures).")
    int repeats;

    @Option(names = "--skip-pipeline", description = "Do not measure the input pipeline (after the training and"
            + " inference figures; the other modes do not measure it).")
    boolean skipPipeline;

    @Mixin
    DeviceFlag deviceFlag = DeviceFlag.deferred();

    @Option(names = "--runtimes", description = "Measure inference only, in each runtime a classifier can use:"
            + " the network as it is (eager), its compiled graph in libtorch (torch) and in ONNX Runtime (onnxruntime).")
    boolean runtimes;

    @Option(names = "--profile", paramLabel = "DIR", description = "Instead of the figures above: profile --steps"
            + " training steps of each of --models with libtorch's profiler, print the operations that take the most"
            + " time (self time per step) and write each trace to DIR/profile-<model>@<size>.json (for chrome://tracing"
            + " or Perfetto).")
    Path profile;

    @Option(names = "--peer", description = "Also run the PyTorch peer script (needs an interpreter with torch and"
            + " torchvision; see --peer-python). Only with the training and inference figures.")
    boolean peer;

    @Option(names = "--peer-python", paramLabel = "PYTHON", description = "The interpreter of the peer script (default:"
            + " the first of python3 on the PATH, /usr/bin/python3 and /usr/local/bin/python3 that imports torch and"
            + " torchvision). Only with --peer.")
    String peerPython;

    /** The peer's interpreter, found before any figure is measured (null without --peer). */
    private PeerPython peerInterpreter;

    /** Settings of the citra launcher that are not the peer's to inherit. */
    static final List<String> PEER_UNSET = List.of("LD_PRELOAD", "MALLOC_CONF", "GLIBC_TUNABLES", "OMP_WAIT_POLICY",
            "GOMP_SPINCOUNT");

    /** This machine's measured fp32 rate, the yardstick of every figure. */
    private double peak;

    @Option(names = "--peer-script", paramLabel = "FILE", defaultValue = "../shared/bench/peer_pytorch.py",
            description = "The peer script (default ../shared/bench/peer_pytorch.py). Only with --peer.")
    Path peerScript;

    @Option(names = "--soak-minutes", paramLabel = "M",
            description = "Instead of the throughput figures: train the first of --models for M minutes with"
                    + " augmentation, --batch images a step, and print resident memory and Java heap every"
                    + " --soak-interval seconds; a leak shows as resident memory that keeps climbing.")
    Double soakMinutes;

    @Option(names = "--soak-interval", paramLabel = "S", defaultValue = "60",
            description = "Seconds between two memory samples of --soak-minutes, and of each --serve run (default 60)."
                    + " Only with one of those two.")
    int soakInterval;

    @Option(names = "--serve", paramLabel = "URL",
            description = "Instead of the figures above: load a running 'citra serve' at URL (such as"
                    + " http://127.0.0.1:8080/, or http://host/citra/ behind a path prefix) and print requests/s and"
                    + " p50/p99 latency at each --concurrency, and the server's resident memory before, every"
                    + " --soak-interval seconds during, and after each run.")
    java.net.URI serve;

    @Option(names = "--serve-model", paramLabel = "NAME",
            description = "The served model to load (default: the first). Only with --serve.")
    String serveModel;

    @Option(names = "--concurrency", split = ",", paramLabel = "N", defaultValue = "1,8,32",
            description = "Clients sending at once (default 1,8,32). Only with --serve.")
    List<Integer> concurrency;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "20",
            description = "Length of each --serve run (default 20 s). Only with --serve.")
    double seconds;

    @Option(names = "--image", paramLabel = "FILE",
            description = "The image --serve sends (default: a generated 640x480 JPEG). Only with --serve.")
    Path image;

    @Option(names = "--data-pipeline", description = "Instead of the figures above: generate --data-fits and"
            + " --data-images JPEGs into zips, and for each cache mode time the first pass, an epoch of the loader alone"
            + " and an epoch of training simple-cnn, with the heap's peak: ram, disk, none and ram again on the data that fits,"
            + " then auto and none on the large set (run it with CITRA_JAVA_OPTS=-Xmx2g to show it fits a 2 GB heap).")
    boolean dataPipeline;

    @Option(names = "--data-images", paramLabel = "N", defaultValue = "100000",
            description = "Images of --data-pipeline's large set (default 100000; 0 skips it). Only with"
                    + " --data-pipeline.")
    int dataImages;

    @Option(names = "--data-fits", paramLabel = "N", defaultValue = "10000",
            description = "Images of --data-pipeline's set that fits in memory (default 10000; 0 skips it). Only"
                    + " with --data-pipeline.")
    int dataFits;

    @Option(names = "--data-size", paramLabel = "PX", defaultValue = "32",
            description = "Side of --data-pipeline's images and the network's input (default 32). Only with"
                    + " --data-pipeline.")
    int dataSize;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where --data-pipeline writes its zips and disk cache (default: a temporary folder, deleted"
                    + " after). Only with --data-pipeline.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        // Every mode checks every range, so a bad value is never passed on nor dropped unseen.
        if (batch < 1 || batch > 1024) {
            throw new CitraException("--batch must be between 1 and 1024, not " + batch + ".");
        }
        if (steps < 1 || steps > 10_000) {
            throw new CitraException("--steps must be between 1 and 10000, not " + steps + ".");
        }
        if (repeats < 1 || repeats > 100) {
            throw new CitraException("--repeats must be between 1 and 100, not " + repeats + ".");
        }
        refuseUnusedFlags();
        // Only now (DeviceFlag.deferred): --serve refuses --device rather than starting libtorch to check it.
        deviceFlag.apply();
        if (soakMinutes != null) {
            return soak();
        }
        if (dataPipeline) {
            return DataPipelineBench.run(dataDir, dataFits, dataImages, dataSize, batch);
        }
        if (serve != null) {
            return ServeBench.run(serve, serveModel, image, concurrency, seconds,
                    java.time.Duration.ofSeconds(soakInterval));
        }
        if (peer) {
            peerInterpreter = PeerPython.find(peerPython);
            System.out.println("peer interpreter: " + peerInterpreter.executable() + " (torch "
                    + peerInterpreter.torchVersion() + ")");
        }
        Engines.pytorch();
        if (profile != null) {
            return profile();
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "citra bench: %d cores, PyTorch threads intra-op %s / inter-op %s, batch %d, %d steps%n",
                cores, System.getProperty("ai.djl.pytorch.num_threads"), System.getProperty("ai.djl.pytorch.num_interop_threads"),
                batch, steps);
        if (!runtimes) {
            peak = PeakFlops.measure();
            System.out.printf(Locale.ROOT, "peak %.1f GFLOPS fp32 (a 2048x2048 matrix product in libtorch, best of 5)%s%n",
                    peak / 1e9, repeats == 1 ? "" : "; figures below are medians of " + repeats + " runs [range]");
        }
        for (String spec : models) {
            String[] parts = spec.split("@");
            int size = modelSize(spec, parts);
            if (runtimes) {
                for (RuntimeBenchmark.Result r : RuntimeBenchmark.run(parts[0], size, batch, steps)) {
                    System.out.printf(Locale.ROOT, "runtime %s %d batch=%d %s infer_img_s=%.1f infer_b1_ms=%.2f"
                            + " max_diff=%.1e%n", r.model(), r.size(), r.batch(), r.runtime().id(), r.imagesPerSecond(),
                            r.batch1Millis(), r.maxDifference());
                }
                continue;
            }
            measure(parts[0], size);
        }
        if (!skipPipeline && !runtimes) {
            for (int workers : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
                for (PipelineBenchmark.Result r : List.of(PipelineBenchmark.fer2013(workers), PipelineBenchmark.rgb224(workers),
                        PipelineBenchmark.fer2013Augmented(workers), PipelineBenchmark.rgb224Augmented(workers))) {
                    System.out.printf(Locale.ROOT, "pipeline %s workers=%d images=%d img_s=%.1f%n", r.label(), r.workers(),
                            r.images(), r.imagesPerSecond());
                }
            }
        }
        return 0;
    }

    /**
     * Refuses two modes at once, and flags given that the mode run has no use for (those with a
     * default only when typed: the default is no request).
     */
    private void refuseUnusedFlags() {
        Map<String, Boolean> chosen = new java.util.LinkedHashMap<>();
        chosen.put("--runtimes", runtimes);
        chosen.put("--profile", profile != null);
        chosen.put("--soak-minutes", soakMinutes != null);
        chosen.put("--data-pipeline", dataPipeline);
        chosen.put("--serve", serve != null);
        List<String> modes = chosen.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        if (modes.size() > 1) {
            // Each mode returns when it is done, so all but the first would be dropped unseen.
            throw new CitraException(Listing.of(modes) + " are separate modes of bench, run one at a time: keep one.");
        }
        String mode = modes.isEmpty() ? null : modes.get(0);
        for (String flag : List.of("--serve-model", "--concurrency", "--seconds", "--image")) {
            refuseOutside(flag, mode, "the load on a running server", "--serve");
        }
        for (String flag : List.of("--data-images", "--data-fits", "--data-size", "--data-dir")) {
            refuseOutside(flag, mode, "the comparison of the cache modes", "--data-pipeline");
        }
        refuseOutside("--soak-interval", mode, "the memory sampling", "--soak-minutes", "--serve");
        if (mode == null) {
            for (String flag : List.of("--peer-python", "--peer-script")) {
                // --peer is what uses these, as a mode would: without it the figures run alone.
                refuseOutside(flag, peer ? "--peer" : null, "the PyTorch peer", "--peer");
            }
            return;
        }
        if (peer) {
            throw new CitraException("--peer applies to the training and inference figures, which " + mode
                    + " replaces: drop one of the two.");
        }
        for (String flag : List.of("--repeats", "--skip-pipeline", "--peer-python", "--peer-script")) {
            if (given(flag)) {
                throw new CitraException(flag + " applies to the training and inference figures, which " + mode
                        + " replaces: drop " + flag + ".");
            }
        }
        switch (mode) {
            case "--soak-minutes" -> refuse("--steps", mode, "trains for its minutes, not for a number of steps");
            case "--data-pipeline" -> {
                refuse("--steps", mode, "times whole epochs, not a number of steps");
                refuse("--models", mode, "trains simple-cnn at --data-size");
            }
            case "--serve" -> {
                refuse("--steps", mode, "times each --concurrency for --seconds, not a number of steps");
                refuse("--batch", mode, "sends one image a request (the server batches them up to its --max-batch)");
                refuse("--models", mode, "loads a model of the running server (--serve-model)");
                refuse("--device", mode, "measures a running server, whose own --device says where its models run");
            }
            default -> {
                // --runtimes and --profile run --models for --steps steps of --batch images.
            }
        }
    }

    /** Refuses {@code flag} when typed: {@code mode}, which {@code instead} says what it does, has no use for it. */
    private void refuse(String flag, String mode, String instead) {
        if (given(flag)) {
            throw new CitraException(flag + " is not used by " + mode + ", which " + instead + ": drop " + flag + ".");
        }
    }

    /**
     * Refuses {@code flag} when typed while {@code mode} (null: the training and inference figures) is
     * none of {@code owners}, the modes that use it for {@code what}. When another mode runs, adding an
     * owner would be refused as a second mode, so the fix is then to drop the flag.
     */
    private void refuseOutside(String flag, String mode, String what, String... owners) {
        if (mode != null && List.of(owners).contains(mode) || !given(flag)) {
            return;
        }
        String only = String.join(" or ", owners);
        throw new CitraException(flag + " applies to " + what + ", which runs only with " + only + ": "
                + (mode == null ? "add " + only + " or drop " : "drop ") + flag + ".");
    }

    /** Whether {@code flag} was typed on the command line (rather than left at its default). */
    private boolean given(String flag) {
        return spec.commandLine().getParseResult().hasMatchedOption(flag);
    }

    /** The operations shown per model: enough to cover most of a step, few enough to read. */
    private static final int PROFILE_ROWS = 15;

    private int profile() {
        for (String spec : models) {
            String[] parts = spec.split("@");
            int size = modelSize(spec, parts);
            TrainingProfile.Result r = TrainingProfile.run(parts[0], size, batch, steps,
                    profile.resolve("profile-" + parts[0] + "@" + size + ".json"));
            System.out.printf(Locale.ROOT, "profile %s %d batch=%d: %.1f ms a training step (profiled, %d steps); trace %s%n",
                    r.model(), r.size(), r.batch(), r.stepMillis(), r.steps(), r.trace());
            System.out.printf(Locale.ROOT, "  %-56s %8s %10s %6s%n", "operation", "calls", "self ms", "share");
            double shown = 0;
            for (TrainingProfile.OpTime op : r.ops().subList(0, Math.min(PROFILE_ROWS, r.ops().size()))) {
                System.out.printf(Locale.ROOT, "  %-56s %8.0f %10.2f %5.1f%%%n", op.op(), op.callsPerStep(), op.selfMillis(),
                        100 * op.share());
                shown += op.share();
            }
            System.out.printf(Locale.ROOT, "  (%d operations; these %d are %.0f%% of the self time)%n", r.ops().size(),
                    Math.min(PROFILE_ROWS, r.ops().size()), 100 * shown);
        }
        return 0;
    }

    private int soak() {
        if (!(soakMinutes > 0 && soakMinutes <= 24 * 60) || soakInterval < 1) {
            throw new CitraException("--soak-minutes must be between 0 and 1440 and --soak-interval at least 1 second.");
        }
        String[] first = models.get(0).split("@");
        int size = first.length > 1 ? Integer.parseInt(first[1]) : 64;
        List<MemorySoak.Sample> samples = MemorySoak.run(first[0], size, batch, soakMinutes, soakInterval, System.out);
        if (samples.size() >= 3) {
            // Level or climbing: the last two thirds of the run (the first third warms up: heap committed,
            // libtorch's and the allocator's buffers kept).
            MemorySoak.Sample warm = samples.get(samples.size() / 3);
            MemorySoak.Sample last = samples.get(samples.size() - 1);
            System.out.printf(Locale.ROOT, "soak %s %d: rss %.1f -> %.1f MB, outside the Java heap %.1f -> %.1f MB (%+.1f MB)"
                    + " over the last two thirds of the run, %.0f s, %d steps%n", first[0], size,
                    warm.residentBytes() / 1e6, last.residentBytes() / 1e6, warm.nativeBytes() / 1e6,
                    last.nativeBytes() / 1e6, (last.nativeBytes() - warm.nativeBytes()) / 1e6,
                    last.seconds() - warm.seconds(), last.steps() - warm.steps());
        }
        return 0;
    }

    private static int modelSize(String spec, String[] parts) {
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 64;
        } catch (NumberFormatException e) {
            throw new CitraException("--models entry '" + spec + "' needs NAME@SIZE, e.g. mobilenet_v2@96.");
        }
    }

    /** citra and the peer in turns, {@code repeats} times each; medians, ranges and ratios. */
    private void measure(String model, int size) throws Exception {
        String peerModel = model.replace('-', '_');
        boolean twin = peer && hasTwin(peerModel);
        if (peer && !twin) {
            System.out.println("peer " + model + ": no torchvision twin; skipped");
        }
        List<ModelBenchmark.Result> ours = new ArrayList<>();
        List<double[]> theirs = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            ours.add(ModelBenchmark.run(model, size, batch, steps));
            if (twin) {
                double[] p = runPeer(peerModel, size, ours.get(0).threads());
                if (p == null) {
                    twin = false;
                } else {
                    theirs.add(p);
                }
            }
        }
        ModelBenchmark.Result r = ours.get(0);
        Spread train = spread(ours, ModelBenchmark.Result::trainImagesPerSecond);
        Spread infer = spread(ours, ModelBenchmark.Result::inferImagesPerSecond);
        Spread b1 = spread(ours, ModelBenchmark.Result::batch1Millis);
        double flopsPerImage = 2.0 * r.multiplyAdds();
        System.out.printf(Locale.ROOT, "citra %s %d batch=%d threads=%d train_img_s=%s train_peak=%s infer_runtime=%s"
                        + " infer_img_s=%s infer_peak=%s infer_b1_ms=%s params=%d gmac=%.3f rss_growth_mb=%.1f%n",
                model, size, batch, r.threads(), train.format(1), ofPeak(train.median() * 3 * flopsPerImage),
                r.runtime().id(), infer.format(1), ofPeak(infer.median() * flopsPerImage), b1.format(2), r.parameters(),
                r.multiplyAdds() / 1e9, r.nativeBytesGrowth() / 1e6);
        if (!twin || theirs.isEmpty()) {
            return;
        }
        Spread peerTrain = Spread.of(theirs.stream().map(p -> p[0]).toList());
        Spread peerInfer = Spread.of(theirs.stream().map(p -> p[1]).toList());
        Spread peerB1 = Spread.of(theirs.stream().map(p -> p[2]).toList());
        System.out.printf(Locale.ROOT, "peer %s %d batch=%d train_img_s=%s train_peak=%s infer_img_s=%s infer_peak=%s"
                        + " infer_b1_ms=%s%n", peerModel, size, batch, peerTrain.format(1),
                ofPeak(peerTrain.median() * 3 * flopsPerImage), peerInfer.format(1),
                ofPeak(peerInfer.median() * flopsPerImage), peerB1.format(2));
        System.out.printf(Locale.ROOT, "ratio citra/peer %s %d: train %.2fx infer %.2fx batch-1 latency %.2fx"
                        + " (below 1: citra answers sooner)%n", peerModel, size, train.median() / peerTrain.median(),
                infer.median() / peerInfer.median(), b1.median() / peerB1.median());
    }

    private static Spread spread(List<ModelBenchmark.Result> results,
            java.util.function.ToDoubleFunction<ModelBenchmark.Result> figure) {
        return Spread.of(results.stream().map(figure::applyAsDouble).toList());
    }

    /** A rate as a share of the measured peak, such as {@code 38%}; {@code -} when the model's cost is unknown. */
    private String ofPeak(double flops) {
        return flops > 0 && peak > 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * flops / peak) : "-";
    }

    private static boolean hasTwin(String model) {
        return model.equals("mobilenet_v2") || model.equals("resnet50") || model.startsWith("densenet")
                || model.equals("inception_v3");
    }

    /** The peer's train img/s, infer img/s and batch-1 ms, or null when it could not run (said why). */
    private double[] runPeer(String model, int size, int threads) throws Exception {
        if (!Files.isRegularFile(peerScript)) {
            System.out.println("peer: " + peerScript + " not found; skipped");
            return null;
        }
        List<String> cmd = new ArrayList<>(List.of(peerInterpreter.executable(), peerScript.toString(), "--model", model, "--size",
                String.valueOf(size), "--batch", String.valueOf(batch), "--threads", String.valueOf(threads),
                "--steps", String.valueOf(steps)));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        // The peer runs as a Python user runs PyTorch, not with the allocator and OpenMP settings the citra
        // launcher chose for itself: under the launcher's jemalloc settings PyTorch 1.13 trained at 40 img/s
        // instead of 88 (MobileNetV2@96), which made citra look twice as fast as it is.
        Map<String, String> env = peerEnvironment(builder.environment());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process p = builder.start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                last = line;
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || last == null || !last.startsWith("peer ")) {
            System.out.println("peer: the script failed under " + peerInterpreter.executable() + " (" + last + ")");
            return null;
        }
        return new double[] {value(last, "train_img_s="), value(last, "infer_img_s="), value(last, "infer_b1_ms=")};
    }

    /** {@code inherited} without the citra launcher's allocator and OpenMP settings. */
    static Map<String, String> peerEnvironment(Map<String, String> inherited) {
        Map<String, String> env = new java.util.HashMap<>(inherited);
        env.keySet().removeAll(PEER_UNSET);
        return env;
    }

    private static double value(String line, String key) {
        int i = line.indexOf(key);
        int end = line.indexOf(' ', i);
        return Double.parseDouble(line.substring(i + key.length(), end < 0 ? line.length() : end));
    }
}
