package dev.citra.run;

import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.eval.EpochRecord;
import dev.citra.model.TrainableModel;
import dev.citra.train.Checkpoint;
import dev.citra.train.Checkpointer;
import dev.citra.train.EarlyStopping;
import dev.citra.train.EarlyStoppingConfig;
import dev.citra.train.HistoryWriter;
import dev.citra.train.Monitor;
import dev.citra.train.PlateauListener;
import dev.citra.train.ProgressBar;
import dev.citra.train.ReduceLrConfig;
import dev.citra.train.ReduceLrOnPlateau;
import dev.citra.train.TrainingListener;
import dev.citra.train.TrainingState;
import dev.citra.train.optim.Optimizer;
import dev.citra.util.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What every training task shares, as Ultralytics' trainer base gives each of its tasks: the run
 * folder ({@code <out>/<task>/<name>}), its {@code config.yaml} and {@code log.txt}, the standard
 * callbacks (progress, early stopping, learning-rate reduction, {@code history.csv}, the
 * {@code best/} and {@code last/} checkpoints), resuming from {@code last/}, and what a failed run
 * leaves behind. A task (classification, captioning) brings its data, model, loss, metrics and
 * report, and calls on this for the rest.
 */
public final class TrainingRun {
    private final RunDirectory dir;
    private final RunLog log;
    private final PrintStream console;
    private final boolean resuming;

    private TrainingRun(RunDirectory dir, PrintStream console, boolean resuming) {
        this.dir = dir;
        this.console = console;
        this.resuming = resuming;
        this.log = new RunLog(dir.log(), console);
    }

    /** A new run in a new folder {@code <out>/<task>/<name>} ({@code exp}, {@code exp2}, ... when name is null). */
    public static TrainingRun start(Path out, String task, String name, PrintStream console) {
        return new TrainingRun(RunDirectory.create(out, task, name), console, false);
    }

    /**
     * An existing run to continue; fails with a message naming {@code task}'s folders when
     * {@code runDir} is not a run folder.
     */
    public static TrainingRun resume(Path runDir, String task, PrintStream console) {
        RunDirectory dir = new RunDirectory(runDir);
        if (!Files.isDirectory(runDir) || !Files.isRegularFile(dir.config())) {
            throw new CitraException("Cannot resume " + runDir + ": it is not a run folder (no config.yaml); pass runs/"
                    + task + "/<name>.");
        }
        return new TrainingRun(dir, console, true);
    }

    public RunDirectory dir() {
        return dir;
    }

    public RunLog log() {
        return log;
    }

    public PrintStream console() {
        return console;
    }

    /** Whether this continues a run that was stopped. */
    public boolean resuming() {
        return resuming;
    }

    /**
     * Runs a task's stages in this run. A new run that fails before its first checkpoint (its own, or
     * one of the runs inside it, as a comparison holds) leaves no folder behind; one that fails later
     * keeps its checkpoints, and its log.txt says why it stopped.
     */
    public <R> R execute(String configYaml, Function<TrainingRun, R> stages) {
        try {
            log.info("%s run %s", resuming ? "Resuming" : "Starting", dir.path());
            if (resuming) {
                dir.removeLeftovers(); // of a process killed while it wrote
            }
            AtomicFiles.writeString(dir.config(), configYaml);
            return stages.apply(this);
        } catch (RuntimeException e) {
            if (!resuming && !dir.holdsCheckpoints()) {
                try {
                    AtomicFiles.deleteRecursively(dir.path());
                } catch (IOException io) {
                    e.addSuppressed(io);
                }
            } else {
                log.fileOnly("Failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            throw e;
        }
    }

    /** The callbacks a task's loop runs with, and the order they see each epoch in. */
    public record Callbacks(EarlyStoppingConfig earlyStopping, ReduceLrConfig reduceLr, boolean monitorMeasured) {}

    /**
     * The standard callbacks in their order: progress bar, early stopping and LR reduction (when
     * their patience is set), the task's own, {@code history.csv}, the log, then the checkpointer,
     * which saves the state of all before it into {@code last/}, and last {@code extra}.
     *
     * @param taskListeners the task's own stateful listeners; a function of the listeners that reset
     *     per stage (early stopping, LR reduction), for a fine-tuning schedule
     */
    public List<TrainingListener> callbacks(Callbacks spec, Checkpointer.BundleWriter writer,
            Function<List<PlateauListener>, List<TrainingListener>> taskListeners, List<TrainingListener> extra) {
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(new ProgressBar(console, System.console() != null));
        List<PlateauListener> perStage = new ArrayList<>();
        if (spec.earlyStopping().patience() > 0) {
            // best/ on disk is what the run reloads and reports at the end; the listener need not
            // keep its own copy of the best weights as well.
            EarlyStoppingConfig es = spec.earlyStopping();
            perStage.add(new EarlyStopping(new EarlyStoppingConfig(es.patience(), es.monitor(), es.mode(), es.minDelta(),
                    false)));
        }
        if (spec.reduceLr().patience() > 0) {
            perStage.add(new ReduceLrOnPlateau(spec.reduceLr()));
        }
        listeners.addAll(perStage);
        listeners.addAll(taskListeners.apply(List.copyOf(perStage)));
        listeners.add(new HistoryWriter(dir.history()));
        listeners.add(log);
        Monitor monitor = Monitor.of(spec.earlyStopping().monitor(), spec.earlyStopping().mode());
        listeners.add(new Checkpointer(dir.path(), monitor, spec.monitorMeasured(), writer, new ArrayList<>(listeners)));
        listeners.addAll(extra);
        return listeners;
    }

    /**
     * The loop state {@code last/} holds, for a task to check before it loads the rest.
     *
     * @throws CitraException when the run has no checkpoint to resume from
     */
    public TrainingState savedState() {
        Path last = AtomicFiles.recover(dir.last());
        Path file = last.resolve(Checkpoint.TRAINING_STATE);
        if (!Files.isRegularFile(file)) {
            throw new CitraException("Run " + dir.path() + " has no last/ checkpoint to resume from: it ended before its"
                    + " first epoch; start it again.");
        }
        try {
            return ModelBundle.json().readValue(file.toFile(), TrainingState.class);
        } catch (IOException e) {
            throw unreadable(last, e);
        }
    }

    /** Loads the optimizer's state from {@code last/} into {@code optimizer}, for {@code model}'s parameters. */
    public void loadOptimizer(Optimizer optimizer, TrainableModel model) {
        Path last = AtomicFiles.recover(dir.last());
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(last.resolve(Checkpoint.OPTIMIZER))))) {
            optimizer.load(in, model);
        } catch (IOException e) {
            throw unreadable(last, e);
        }
    }

    /** The epochs {@code history.csv} holds up to {@code epoch}, the last one saved. */
    public List<EpochRecord> history(int epoch) {
        return HistoryWriter.read(dir.history(), epoch);
    }

    private CitraException unreadable(Path last, IOException e) {
        String why = e instanceof java.io.EOFException ? "a file of it ends early"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CitraException("Could not read the checkpoint in " + last + " (" + why
                + "): the run cannot be resumed; start a new one (its best/ model still predicts and evaluates).", e);
    }
}
