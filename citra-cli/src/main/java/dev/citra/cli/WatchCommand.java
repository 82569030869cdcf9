package dev.citra.cli;

import dev.citra.vision.AlarmTone;
import dev.citra.vision.EventLog;
import dev.citra.vision.Watch;
import dev.citra.vision.WatchSummary;
import dev.citra.vision.detect.DetectionParams;
import dev.citra.vision.detect.HaarCascades;
import dev.citra.vision.detect.HaarEyeFinder;
import dev.citra.vision.detect.HaarFaceFinder;
import dev.citra.vision.monitor.BundleClassifier;
import dev.citra.vision.monitor.ClassifyMonitor;
import dev.citra.vision.monitor.DrowsinessMonitor;
import dev.citra.vision.monitor.DrowsinessResult;
import dev.citra.vision.monitor.DrowsinessRules;
import dev.citra.vision.monitor.ExpressionMonitor;
import dev.citra.vision.monitor.FrameResult;
import dev.citra.vision.monitor.LabelChecks;
import dev.citra.vision.monitor.Monitor;
import dev.citra.vision.video.FrameSource;
import dev.citra.vision.video.Sources;
import dev.citra.vision.video.VideoFileSink;
import dev.citra.vision.video.WindowSink;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code citra watch}: live monitors on a webcam, a video file, a folder of frames or a stream. */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        header = "Watch a camera, video or stream with a trained model: expressions, drowsiness, or any classifier.",
        description = "Run a monitor over live video: faces and eyes by OpenCV's Haar cascades, each crop classified by"
                + " a citra bundle as it was trained; an annotated video (--save), a window (--show) and JSON-lines"
                + " events (--json); Ctrl-C stops cleanly and the saved video stays playable.",
        subcommands = {WatchCommand.Expression.class, WatchCommand.Drowsiness.class, WatchCommand.Classify.class})
public final class WatchCommand extends CommandGroup {
    /** {@code citra watch expression} (S2). */
    @Command(name = "expression", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Find every face (Haar cascade), classify its expression with the bundle (cropped and"
                    + " pre-processed as the bundle says: FER models grey 48x48 in [-1, 1]), smooth the label over frames,"
                    + " draw box and label.")
    static final class Expression implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        WatchOptions options;

        @Option(names = "--smooth-frames", defaultValue = "5", paramLabel = "N", description = "Average each face's probabilities over its last N frames (default 5).")
        int smoothFrames;

        @Option(names = "--max-faces", defaultValue = "10", paramLabel = "N", description = "Classify at most the N largest faces per frame (default 10).")
        int maxFaces;

        @Override
        public Integer call() {
            options.validate();
            try (BundleClassifier classifier = BundleClassifier.load(options.model)) {
                String warning = LabelChecks.checkExpressions(options.model.toString(), classifier.labels());
                if (warning != null) {
                    spec.commandLine().getErr().println("citra: " + warning);
                }
                HaarCascades cascades = options.haarCascades();
                try (HaarFaceFinder faces = HaarFaceFinder.frontal(cascades, options.faceParams(), options.detectWidth);
                        ExpressionMonitor monitor = new ExpressionMonitor(faces, classifier, smoothFrames, Math.max(1, maxFaces))) {
                    return run(spec, options, monitor, "citra watch expression", r -> {});
                }
            }
        }
    }

    /** {@code citra watch drowsiness} (S3). */
    @Command(name = "drowsiness", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Watch a driver's eyes: the largest face, its eyes (eye cascade, then the left/right-eye cascades"
                    + " that find closed eyes, then where eyes sit in a face), each eye classified by an eye-state bundle;"
                    + " eyes closed longer than --alarm-seconds raise the alarm (a tone where there is audio, \"Closed Eyes\""
                    + " in red, an event). Also PERCLOS, blinks and blinks per minute.")
    static final class Drowsiness implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        WatchOptions options;

        @Option(names = "--closed-label", paramLabel = "CLASS", description = "The bundle's class meaning closed eyes (default: one named closed, close, Closed_Eyes, or 0 beside 1).")
        String closedLabel;

        @Option(names = "--closed-threshold", defaultValue = "0.5", paramLabel = "P", description = "Mean closed probability of the eyes from which a frame counts as closed (default 0.5).")
        double closedThreshold;

        @Option(names = "--alarm-seconds", defaultValue = "1.5", paramLabel = "S", description = "Eyes closed this long raise the alarm (default 1.5 s of video time).")
        double alarmSeconds;

        @Option(names = "--blink-max-seconds", defaultValue = "0.4", paramLabel = "S", description = "A closure this short is a blink (default 0.4 s).")
        double blinkMaxSeconds;

        @Option(names = "--perclos-window", defaultValue = "60", paramLabel = "S", description = "Window of PERCLOS and blinks per minute (default 60 s).")
        double perclosWindow;

        @Option(names = "--face-lost-seconds", defaultValue = "0.5", paramLabel = "S", description = "A face unseen this long is 'no face': closure and alarm are dropped, not guessed (default 0.5 s).")
        double faceLostSeconds;

        @Option(names = "--reopen-seconds", defaultValue = "0.15", paramLabel = "S", description = "Eyes must be open this long to end a closure, so a misread frame does not reset the alarm's clock (default 0.15 s).")
        double reopenSeconds;

        @Option(names = "--eye-margin", defaultValue = "0.15", paramLabel = "F", description = "Grow each eye box by this fraction on each side before classifying (default 0.15).")
        double eyeMargin;

        @Option(names = "--eye-min-neighbors", defaultValue = "3", paramLabel = "N", description = "Eye detection: neighbouring hits an eye needs (default 3).")
        int eyeMinNeighbors;

        @Option(names = "--glasses", description = "Use the eye cascade that also finds eyes behind glasses.")
        boolean glasses;

        @Option(names = "--no-eye-estimate", description = "Classify only eyes a cascade found (default: an eye no cascade finds is taken where eyes sit in a frontal face).")
        boolean noEstimate;

        @Option(names = "--no-sound", description = "No alarm tone, even where there is an audio device.")
        boolean noSound;

        @Override
        public Integer call() {
            options.validate();
            DrowsinessRules rules = new DrowsinessRules(closedThreshold, alarmSeconds, blinkMaxSeconds, perclosWindow,
                    faceLostSeconds, reopenSeconds);
            if (!(eyeMargin >= 0 && eyeMargin <= 1)) {
                throw new dev.citra.CitraException("--eye-margin " + eyeMargin + " is out of range: use 0 to 1 (a fraction of the eye box).");
            }
            try (BundleClassifier classifier = BundleClassifier.load(options.model)) {
                int closed = LabelChecks.closedIndex(options.model.toString(), classifier.labels(), closedLabel);
                HaarCascades cascades = options.haarCascades();
                DetectionParams eyeParams = new DetectionParams(options.scaleFactor, eyeMinNeighbors, 10);
                try (HaarFaceFinder faces = HaarFaceFinder.frontal(cascades, options.faceParams(), options.detectWidth);
                        HaarEyeFinder eyes = HaarEyeFinder.of(cascades, eyeParams, glasses, !noEstimate);
                        DrowsinessMonitor monitor = new DrowsinessMonitor(faces, eyes, classifier, closed, eyeMargin, rules);
                        AlarmTone tone = noSound ? null : AlarmTone.open()) {
                    if (!noSound && tone == null) {
                        spec.commandLine().getErr().println("citra: no audio device: the alarm is drawn and logged, not sounded.");
                    }
                    Consumer<DrowsinessResult> sound = tone == null ? r -> {} : r -> tone.set(r.alarm());
                    return run(spec, options, monitor, "citra watch drowsiness", sound);
                }
            }
        }
    }

    /** {@code citra watch classify}: any classifier on whole frames. */
    @Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Classify whole frames with any classifier bundle, the probabilities smoothed over frames; the top"
                    + " labels drawn at the top left.")
    static final class Classify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        WatchOptions options;

        @Option(names = "--smooth-frames", defaultValue = "5", paramLabel = "N", description = "Average the probabilities over the last N frames (default 5).")
        int smoothFrames;

        @Option(names = "--top-k", defaultValue = "3", paramLabel = "K", description = "Labels drawn per frame (default 3).")
        int topK;

        @Override
        public Integer call() {
            options.validate();
            try (BundleClassifier classifier = BundleClassifier.load(options.model);
                    ClassifyMonitor monitor = new ClassifyMonitor(classifier, smoothFrames, topK)) {
                return run(spec, options, monitor, "citra watch classify", r -> {});
            }
        }
    }

    /**
     * Opens the source and outputs, runs the monitor until the source ends, --max-frames or
     * Ctrl-C, and prints the summary.
     */
    static <R extends FrameResult> int run(CommandLine.Model.CommandSpec spec, WatchOptions o, Monitor<R> monitor,
            String title, Consumer<R> listener) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean jsonToStdout = "-".equals(o.json);
        // With events on standard output, the summary goes to standard error so the output stays JSON lines.
        PrintWriter report = jsonToStdout ? err : out;
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                // Ctrl-C: wait for the loop to close the video file so it stays playable.
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "citra-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (FrameSource source = Sources.open(o.source, o.sourceOptions());
                EventLog events = o.json == null ? null : jsonToStdout ? EventLog.to(out) : EventLog.to(Path.of(o.json))) {
            Watch.Builder<R> watch = Watch.builder(source, monitor).maxFrames(o.maxFrames).maxFps(o.fps).stride(o.stride)
                    .realtime(o.realtime).stopFlag(stop).events(events).logFrames(o.jsonFrames).listener(listener);
            VideoFileSink video = null;
            if (o.save != null) {
                double fps = o.fps > 0 ? o.fps : source.fps() > 0 ? source.fps() / o.stride : 30;
                video = new VideoFileSink(o.save, fps);
                watch.sink(video);
            }
            if (o.show) {
                watch.sink(new WindowSink(title));
            }
            WatchSummary summary = watch.build().run();
            WatchReport.print(summary, report);
            if (video != null) {
                report.println("Saved:    " + video.target() + " (" + video.frames() + " frames"
                        + (video.codec() == null ? "" : ", " + video.codec()) + ")");
            }
            if (events != null) {
                events.writeLine(WatchReport.json(summary));
                if (events.target() != null) {
                    report.println("Events:   " + events.target());
                }
            }
            report.flush();
            return 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it has what it waited for
            }
        }
    }
}
