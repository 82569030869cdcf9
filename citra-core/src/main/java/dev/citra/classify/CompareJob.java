package dev.citra.classify;

import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.eval.ComparisonWriter;
import dev.citra.eval.EpochRecord;
import dev.citra.eval.InferenceTiming;
import dev.citra.eval.ModelComparison;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.Network;
import dev.citra.run.RunDirectory;
import dev.citra.run.TrainingRun;
import dev.citra.train.ConfigIO;
import dev.citra.train.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code citra compare}: trains and evaluates several architectures on the very same split with
 * the same seed and config, then writes the comparison table (S4's) in
 * {@code <out>/compare/<name>/}, with each model's own run folder under it.
 */
public final class CompareJob {
    /** The task folder comparisons go to, under {@code --out}. */
    public static final String TASK = "compare";
    private static final int THROUGHPUT_BATCH = 32;

    private final TrainConfig base;
    private final List<String> models;
    private final PrintStream console;

    /**
     * @param base the config every model trains with (its {@code model} is replaced by each of
     *     {@code models})
     */
    public CompareJob(TrainConfig base, List<String> models, PrintStream console) {
        if (base.data().path() == null) {
            throw new CitraException("No data given: pass --data <folder or .zip>, or data: in --config.");
        }
        if (models == null || models.size() < 2) {
            throw new CitraException("Compare needs at least two models: pass --models, e.g. --models inception_v3,mobilenet_v2.");
        }
        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        List<String> names = new ArrayList<>();
        for (String m : models) {
            names.add(registry.get(m).name()); // an unknown name fails here, before any training
        }
        if (new LinkedHashSet<>(names).size() != names.size()) {
            throw new CitraException("--models lists a model twice (" + names + "): give each once.");
        }
        this.base = ConfigIO.merge(base, Map.of("model", names.get(0))).validate();
        this.models = List.copyOf(names);
        this.console = console;
    }

    /** What a comparison leaves: its folder and its table. */
    public record Result(Path dir, ModelComparison comparison) {}

    /**
     * Trains, evaluates and times each model, then writes the comparison. A comparison that fails
     * part-way keeps the models' finished runs, and its log.txt says why it stopped.
     */
    public Result run() {
        TrainingRun run = TrainingRun.start(Path.of(base.output().out()), TASK, base.output().name(), console);
        return run.execute("models: " + models + "\n" + ConfigIO.toYaml(base), this::compare);
    }

    private Result compare(TrainingRun run) {
        RunDirectory dir = run.dir();
        List<ModelComparison.Entry> entries = new ArrayList<>();
        List<RunResult> runs = new ArrayList<>();
        String split = "test";
        for (String model : models) {
            run.log().info("== %s ==", model);
            TrainConfig config = ConfigIO.merge(base, Map.of("model", model, "out", dir.path().toString(), "name", model));
            RunResult r = new TrainingJob(config, console).run();
            if (r.evaluation() == null) {
                throw new CitraException("Model " + model + " was not evaluated: the data has no validation or test"
                        + " images. Use --test-split or --val-split to hold some out.");
            }
            runs.add(r);
            split = r.evaluatedSplit();
            InferenceTiming timing;
            long parameters;
            try (Network net = ModelBundle.load(r.bestBundle())) {
                parameters = net.parameterCount();
                timing = InferenceTiming.measure(net, THROUGHPUT_BATCH, 10);
            }
            double seconds = r.history().stream().mapToDouble(EpochRecord::seconds).sum();
            int bestEpoch = r.metrics().getOrDefault("best_epoch", Double.NaN).intValue();
            entries.add(new ModelComparison.Entry(model, r.evaluation(), parameters, r.trainableParameters(), seconds,
                    bestEpoch,
                    timing.batch1Millis(), timing.batch(), timing.imagesPerSecond(),
                    dir.path().relativize(r.runDir()).toString(), r.history()));
        }
        boolean sameSplit = sameSplits(runs);
        ModelComparison comparison = new ModelComparison("Comparison of " + String.join(", ", models),
                base.data().path(), base.seed(), split, sameSplit, entries);
        ComparisonWriter.writeAll(comparison, dir.path());
        run.log().info("Comparison written to %s", dir.path().resolve("comparison.md"));
        return new Result(dir.path(), comparison);
    }

    private static boolean sameSplits(List<RunResult> runs) {
        try {
            for (String part : List.of("train.txt", "val.txt", "test.txt")) {
                String first = Files.readString(runs.get(0).runDir().resolve("splits").resolve(part));
                for (RunResult r : runs.subList(1, runs.size())) {
                    if (!first.equals(Files.readString(r.runDir().resolve("splits").resolve(part)))) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the runs' split lists: " + e.getMessage(), e);
        }
    }
}
