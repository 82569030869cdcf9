package dev.citra.sweep;

import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.classify.RunResult;
import dev.citra.classify.TrainingJob;
import dev.citra.eval.EpochRecord;
import dev.citra.run.RunDirectory;
import dev.citra.run.RunLog;
import dev.citra.train.Checkpoint;
import dev.citra.train.ConfigIO;
import dev.citra.train.TrainConfig;
import dev.citra.train.TrainingDivergedException;
import dev.citra.train.TrainingState;
import dev.citra.util.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code citra sweep}: trains one run per trial of a {@link SweepPlan}, in sequence, each a normal
 * run folder under {@code <out>/sweep/<name>/classify/}, and keeps the results table up to date after
 * every trial. A sweep that was stopped continues where it was: a finished trial (its
 * {@code trial.json} written) is not run again, an interrupted one resumes from its {@code last/}
 * checkpoint, or starts again when it has none.
 */
public final class SweepJob {
    /** The task folder sweeps go to, under {@code --out}. */
    public static final String TASK = "sweep";
    static final String SPEC_FILE = "sweep.yaml";
    static final String BASE_FILE = "config.yaml";
    static final String TRIAL_FILE = "trial.json";

    private final SweepPlan plan;
    private final Path dir;
    private final RunLog log;
    private final PrintStream console;

    private SweepJob(SweepPlan plan, Path dir, PrintStream console) {
        this.plan = plan;
        this.dir = dir;
        this.console = console;
        this.log = new RunLog(dir.resolve("log.txt"), console);
    }

    /**
     * A new sweep in a new folder {@code <out>/sweep/<name>} ({@code name}: the sweep file's, else the
     * base config's, else exp; numbered when taken). The plan is checked before the folder is made.
     */
    public static SweepJob start(TrainConfig base, SweepSpec spec, String where, String text, PrintStream console) {
        if (base.data().path() == null) {
            throw new CitraException("No data given: pass --data <folder or .zip>, or data: in --config.");
        }
        SweepPlan plan = SweepPlan.of(base, spec, where, text);
        String name = spec.name() != null ? spec.name() : base.output().name();
        Path dir = RunDirectory.create(Path.of(base.output().out()), TASK, name).path();
        AtomicFiles.writeString(dir.resolve(SPEC_FILE), ConfigIO.toYaml(spec));
        AtomicFiles.writeString(dir.resolve(BASE_FILE), ConfigIO.toYaml(base));
        return new SweepJob(plan, dir, console);
    }

    /** The sweep in {@code dir}, to continue: its own sweep.yaml and config.yaml. */
    public static SweepJob resume(Path dir, PrintStream console) {
        Path specFile = dir.resolve(SPEC_FILE);
        if (!Files.isRegularFile(specFile) || !Files.isRegularFile(dir.resolve(BASE_FILE))) {
            throw new CitraException("Cannot resume " + dir + ": it is not a sweep folder (no " + SPEC_FILE + " and "
                    + BASE_FILE + "); pass runs/sweep/<name>.");
        }
        SweepSpec spec = ConfigIO.read(specFile, SweepSpec.class);
        TrainConfig base = ConfigIO.read(dir.resolve(BASE_FILE));
        String text;
        try {
            text = Files.readString(specFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + specFile + ": " + e.getMessage(), e);
        }
        return new SweepJob(SweepPlan.of(base, spec, specFile.toString(), text), dir, console);
    }

    public Path dir() {
        return dir;
    }

    /**
     * What a sweep leaves: its folder, every trial ranked by the metric (best first), and the trials
     * of each stage in the order they ran.
     */
    public record Result(Path dir, List<TrialResult> ranked, List<List<TrialResult>> stages) {
        /** The best trial. */
        public TrialResult best() {
            return ranked.get(0);
        }
    }

    /** Runs every trial not finished yet and writes the results table. */
    public Result run() {
        SweepSpec spec = plan.spec();
        log.info("Sweep %s: %s search over %s, ranked by %s", dir, spec.method().name().toLowerCase(Locale.ROOT),
                plan.stages().stream().map(s -> s.stream().map(SweepParam::key).toList().toString()).toList(),
                spec.metric());
        List<TrialResult> all = new ArrayList<>();
        List<List<TrialResult>> stages = new ArrayList<>();
        Map<String, Object> fixed = new LinkedHashMap<>();
        for (int s = 0; s < plan.stages().size(); s++) {
            List<Map<String, Object>> trials = plan.trials(s, fixed);
            List<TrialResult> stage = new ArrayList<>();
            for (int t = 0; t < trials.size(); t++) {
                Map<String, Object> overrides = trials.get(t);
                String name = SweepPlan.trialName(overrides);
                Map<String, Object> effective = plan.effective(overrides);
                Optional<TrialResult> earlier = all.stream()
                        .filter(r -> plan.effective(r.overrides()).equals(effective)).findFirst();
                TrialResult r;
                if (earlier.isPresent()) {
                    r = earlier.get().withOverrides(overrides);
                    log.info("Trial %s of stage %d is the same run as %s: its result counts here too", name, s + 1,
                            r.name());
                } else {
                    log.info("== Trial %d/%d%s: %s ==", t + 1, trials.size(),
                            plan.stages().size() > 1 ? " of stage " + (s + 1) : "", name);
                    r = trial(s + 1, name, overrides);
                    all.add(r);
                    log.info("Trial %s: %s %.4f (%d epochs, %.1f s)", name, spec.metric(), r.metric(spec.metric()),
                            r.epochs(), r.seconds());
                    SweepTable.write(dir, plan, ranked(all), stages, stage);
                }
                stage.add(r);
            }
            stages.add(List.copyOf(stage));
            TrialResult best = ranked(stage).get(0);
            if (plan.stages().size() > 1) {
                log.info("Stage %d: best %s (%s %.4f)", s + 1, best.name(), spec.metric(), best.metric(spec.metric()));
            }
            fixed = new LinkedHashMap<>(best.overrides());
        }
        List<TrialResult> ranked = ranked(all);
        SweepTable.write(dir, plan, ranked, stages, List.of());
        log.info("Best: %s, %s %.4f; table %s", ranked.get(0).name(), spec.metric(), ranked.get(0).metric(spec.metric()),
                dir.resolve("results.md"));
        return new Result(dir, ranked, stages);
    }

    /** Best first by the metric; trials without it last. */
    List<TrialResult> ranked(List<TrialResult> results) {
        String metric = plan.spec().metric();
        Comparator<TrialResult> byMetric = Comparator.comparingDouble(r -> r.metric(metric));
        if (!plan.spec().lowerIsBetter()) {
            byMetric = byMetric.reversed();
        }
        Comparator<TrialResult> missingLast = Comparator.comparing(r -> Double.isNaN(r.metric(metric)));
        return results.stream().sorted(missingLast.thenComparing(byMetric)).toList();
    }

    /** Runs, resumes or reads back one trial. */
    private TrialResult trial(int stage, String name, Map<String, Object> overrides) {
        Path runDir = dir.resolve(TrainingJob.TASK).resolve(name);
        Path done = runDir.resolve(TRIAL_FILE);
        if (Files.isRegularFile(done)) {
            log.info("Trial %s finished before: not run again", name);
            try {
                return ModelBundle.json().readValue(done.toFile(), TrialResult.class);
            } catch (IOException e) {
                throw new CitraException("Could not read " + done + " (" + e.getMessage() + "): delete it to run the"
                        + " trial again.", e);
            }
        }
        Map<String, Object> where = new LinkedHashMap<>(overrides);
        where.put("out", dir.toString());
        where.put("name", name);
        TrainConfig config = plan.config(where);
        TrialResult result;
        try {
            RunResult run = train(name, runDir, config);
            double seconds = run.history().stream().mapToDouble(EpochRecord::seconds).sum();
            result = new TrialResult(name, stage, overrides, run.metrics(), seconds, run.history().size(),
                    dir.relativize(run.runDir()).toString(), null);
        } catch (TrainingDivergedException e) {
            // A rate too high for the model is a finding of the sweep, not the end of it.
            log.info("Trial %s diverged: %s", name, e.getMessage());
            result = new TrialResult(name, stage, overrides, Map.of(), 0, 0, dir.relativize(runDir).toString(),
                    "diverged");
        }
        try {
            Files.createDirectories(runDir);
            AtomicFiles.write(done, ModelBundle.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + done + ": " + e.getMessage(), e);
        }
        return result;
    }

    /** Trains a trial: resumes it from the checkpoint an interrupted sweep left, or starts it (again). */
    private RunResult train(String name, Path runDir, TrainConfig config) {
        if (Files.isDirectory(runDir)) {
            if (resumable(runDir, config)) {
                log.info("Trial %s was interrupted: resuming it from its last/ checkpoint", name);
                try {
                    return TrainingJob.resume(runDir, Map.of(), console);
                } catch (TrainingDivergedException e) {
                    throw e;
                } catch (CitraException e) {
                    log.info("Trial %s cannot be resumed (%s): starting it again", name, e.getMessage());
                }
            } else {
                log.info("Trial %s was interrupted before its first checkpoint: starting it again", name);
            }
            delete(runDir);
        }
        return new TrainingJob(config, console).run();
    }

    /** Whether a trial's folder has a checkpoint with epochs still to train. */
    private static boolean resumable(Path runDir, TrainConfig config) {
        Path state = AtomicFiles.recover(new RunDirectory(runDir).last()).resolve(Checkpoint.TRAINING_STATE);
        if (!Files.isRegularFile(state)) {
            return false;
        }
        try {
            return ModelBundle.json().readValue(state.toFile(), TrainingState.class).epoch() < config.totalEpochs();
        } catch (IOException e) {
            return false;
        }
    }

    private static void delete(Path runDir) {
        try {
            AtomicFiles.deleteRecursively(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + runDir + ": " + e.getMessage(), e);
        }
    }
}
