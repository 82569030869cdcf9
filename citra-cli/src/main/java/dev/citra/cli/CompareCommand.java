package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.classify.CompareJob;
import dev.citra.train.ConfigIO;
import dev.citra.train.TrainConfig;
import dev.citra.train.TrainOptions;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code citra compare}: trains several models on the same split and seed and writes the table.
 * Takes every {@code train} option; {@code --models} replaces {@code --model}.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        modelTransformer = TrainFlags.class,
        header = "Train and evaluate several models on the very same split; write a comparison table.",
        sortOptions = false,
        description = "Train each of --models with the same data, split, seed and config (every train option applies),"
                + " evaluate each on the same held-out images, and write runs/compare/<name>/comparison.md, .html"
                + " and .json (accuracy, precision, recall, F1, parameters, training time, latency, throughput)"
                + " with the validation curves of all models in one PNG.")
public final class CompareCommand extends TrainCommand {
    @Option(names = "--models", required = true, split = ",", paramLabel = "A,B",
            description = "The models to compare, such as inception_v3,mobilenet_v2.")
    List<String> models;

    @Override
    public Integer call() {
        if (resume != null) {
            throw new CitraException("compare does not resume runs: start a new comparison (or resume one model's run"
                    + " with citra train --resume <run>).");
        }
        if (given(TrainOptions.MODEL) != null) {
            throw new CitraException("compare takes --models A,B (a list), not --model.");
        }
        TrainConfig base = config == null ? TrainConfig.defaults() : ConfigIO.read(config);
        TrainConfig merged = ConfigIO.merge(base, overrides());
        CompareJob.Result result = new CompareJob(merged, models, System.out).run();
        System.out.println();
        System.out.print(result.comparison().entries().stream()
                .map(e -> String.format(Locale.ROOT, "%-14s accuracy %.4f  macro F1 %.4f  %,d parameters  %.1f ms/image%n",
                        e.model(), e.metrics().accuracy(), e.metrics().macroAvg().f1(), e.parameters(), e.batch1Millis()))
                .reduce("", String::concat));
        System.out.println("Table: " + result.dir().resolve("comparison.md"));
        return 0;
    }
}
