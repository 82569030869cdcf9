package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.train.ConfigIO;
import dev.citra.classify.RunResult;
import dev.citra.train.TrainConfig;
import dev.citra.classify.TrainingJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import dev.citra.train.TrainOption;
import dev.citra.train.TrainOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code citra train}: trains a classifier and writes a run directory. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        modelTransformer = TrainFlags.class,
        header = "Train an image classifier; writes a run folder with checkpoints and a report.",
        sortOptions = false,
        description = {
            "Train an image classifier on a folder (or .zip) with one sub-folder per class, a FER-2013 CSV, MRL Eye"
                    + " images or CelebA eye crops (the format is detected; --format forces it).",
            "Every option can also be set in --config run.yaml (the key is the option's name with '_' for '-', e.g."
                    + " img_size: 64; early_stopping: {patience: 5}); options given here win. The README's option table"
                    + " lists the YAML-only keys too."
        })
public class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "YAML", description = "A run config in YAML: every option below as a key"
            + " (img_size: 64; early_stopping: {patience: 5}); flags given here win.")
    Path config;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue the run in this folder from its last/ checkpoint.")
    Path resume;

    @Option(names = "--split", paramLabel = "TRAIN,VAL,TEST", split = ",",
            description = "All three fractions at once, e.g. 0.7,0.15,0.15 (sum 1); instead of --val-split/--test-split.")
    List<Double> split;

    @Mixin
    DeviceFlag deviceFlag = new DeviceFlag();

    /** The command as parsed: the table's flags are read from it. */
    @Spec
    CommandSpec spec;

    /** The value given for an option's flag, or null. */
    <T> T given(TrainOption<T> option) {
        return TrainFlags.given(spec, option);
    }

    /** The flags given, as config keys (snake_case, nested with '.'). */
    Map<String, Object> overrides() {
        Map<String, Object> m = TrainFlags.given(spec, TrainOptions.ALL);
        // One --monitor watches for every callback, as Keras users set it once.
        m.put(TrainOptions.LR_MONITOR.key(), given(TrainOptions.MONITOR));
        if (split != null) {
            if (given(TrainOptions.VAL_SPLIT) != null || given(TrainOptions.TEST_SPLIT) != null) {
                throw new CitraException("Give either --split or --val-split/--test-split, not both.");
            }
            if (split.size() != 3 || Math.abs(split.get(0) + split.get(1) + split.get(2) - 1) > 1e-6
                    || split.stream().anyMatch(f -> f < 0)) {
                throw new CitraException("--split needs three fractions train,val,test that sum to 1, e.g. 0.7,0.15,0.15; got "
                        + split + ".");
            }
            m.put(TrainOptions.VAL_SPLIT.key(), split.get(1));
            m.put(TrainOptions.TEST_SPLIT.key(), split.get(2));
        }
        m.values().removeIf(java.util.Objects::isNull);
        return m;
    }

    /** The --config file (or the defaults) with the flags given applied on top. */
    TrainConfig merged() {
        TrainConfig base = config == null ? TrainConfig.defaults() : ConfigIO.read(config);
        return ConfigIO.merge(base, overrides());
    }

    @Override
    public Integer call() {
        RunResult result;
        if (resume != null) {
            if (config != null) {
                throw new CitraException("--resume takes the run's own config.yaml; drop --config (flags such as --epochs still apply).");
            }
            result = TrainingJob.resume(resume, overrides(), System.out);
        } else {
            TrainConfig base = config == null ? TrainConfig.defaults() : ConfigIO.read(config);
            TrainConfig merged = ConfigIO.merge(base, overrides());
            if (merged.data().path() == null) {
                throw new CitraException("No data given: pass --data <folder or .zip with one sub-folder per class>, or data: in --config.");
            }
            result = new TrainingJob(merged, System.out).run();
        }
        Summary.print(result, System.out);
        return 0;
    }
}
