package dev.citra.classify;

import dev.citra.CitraException;
import dev.citra.eval.XyChart;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.Network;
import dev.citra.run.RunLog;
import dev.citra.run.TrainingRun;
import dev.citra.train.ConfigIO;
import dev.citra.train.LrFinder;
import dev.citra.train.LrSuggestion;
import dev.citra.train.TrainConfig;
import dev.citra.train.optim.Optimizer;
import dev.citra.util.AtomicFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code citra lr-find}: the learning-rate range test on a training config's data, model and
 * optimizer. It trains a network built for the purpose and then discarded, so nothing of a run is
 * touched; it writes {@code lr_find.csv} and {@code lr_find.png} (smoothed loss against the rate, on
 * a log axis, the suggestion marked) into {@code <out>/lr_find/<name>/}.
 */
public final class LrFindJob {
    /** The task folder range tests go to, under {@code --out}. */
    public static final String TASK = "lr_find";

    private final TrainConfig config;
    private final LrFinder finder;
    private final PrintStream console;

    public LrFindJob(TrainConfig config, LrFinder finder, PrintStream console) {
        if (config.data().path() == null) {
            throw new CitraException("No data given: pass --data <folder or .zip>, or data: in --config.");
        }
        this.config = config.validate();
        this.finder = finder;
        this.console = console;
    }

    /**
     * What the test found.
     *
     * @param dir the run folder
     * @param result the points and the suggestions
     */
    public record Outcome(Path dir, LrFinder.Result result) {
        /** The suggested rate: the valley's. */
        public double suggested() {
            return result.suggestion().valley();
        }
    }

    /** Runs the test and writes its files. */
    public Outcome run() {
        TrainingJob job = new TrainingJob(config, console);
        TrainingRun run = TrainingRun.start(Path.of(config.output().out()), TASK, config.output().name(), console);
        return run.execute(ConfigIO.toYaml(config), r -> {
            TrainingJob.PreparedData data = job.prepareData(r.dir(), r.log());
            LrFinder.Result result;
            try (Network network = network(data.classes(), r.log());
                    Optimizer optimizer = config.optimisation().optimizer().create(config.optimisation().weightDecay(),
                        config.optimisation().momentum())) {
                r.log().info("Learning-rate range test: %s from %s to %s over at most %d mini-batches of %d",
                        config.optimisation().optimizer().id(), format(finder.start()), format(finder.end()),
                        finder.steps(), Math.min(config.optimisation().batch(), data.train().size()));
                result = finder.run(network, optimizer, data.train(), config);
            } finally {
                data.release();
            }
            write(r.dir().path(), result);
            report(r.log(), result);
            return new Outcome(r.dir().path(), result);
        });
    }

    /** A fresh network as training would start it (pretrained weights, kept BatchNorm statistics, freezing). */
    private Network network(List<String> classes, RunLog log) {
        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        Network network = Network.create(registry, config.model().architecture(), config.imageSpec(), classes,
                config.seed());
        try {
            TrainingJob.prepareNetwork(config, registry, network, log, true);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    private static void write(Path dir, LrFinder.Result result) {
        StringBuilder csv = new StringBuilder("step,lr,loss,smoothed_loss\n");
        List<LrFinder.Point> points = result.points();
        for (int i = 0; i < points.size(); i++) {
            LrFinder.Point p = points.get(i);
            csv.append(String.format(Locale.ROOT, "%d,%.6g,%.6f,%.6f%n", i + 1, p.lr(), p.loss(), p.smoothed()));
        }
        AtomicFiles.writeString(dir.resolve("lr_find.csv"), csv.toString());
        LrSuggestion s = result.suggestion();
        XyChart.builder("Learning-rate finder", "learning rate (log scale)", "smoothed training loss")
                .points(points.stream().mapToDouble(LrFinder.Point::lr).toArray(),
                        points.stream().mapToDouble(LrFinder.Point::smoothed).toArray())
                .scale(XyChart.Scale.LOG).line(true)
                .mark(s.valleyIndex(), Double.isNaN(s.valley()) ? "" : "valley " + format(s.valley())).build()
                .write(dir.resolve("lr_find.png"));
    }

    private static void report(RunLog log, LrFinder.Result result) {
        LrSuggestion s = result.suggestion();
        log.info("%d mini-batches%s", result.points().size(),
                result.diverged() == null ? ", up to the last rate" : "; stopped: " + result.diverged());
        if (Double.isNaN(s.valley())) {
            log.info("Too few mini-batches before the loss diverged to suggest a rate: use more data, a smaller --batch,"
                    + " or look at lr_find.png");
            return;
        }
        log.info("Suggested learning rate: %s (valley: the middle of the longest fall of the smoothed loss, fastai's"
                + " default); steepest descent at %s", format(s.valley()), format(s.steepest()));
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
