package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.data.DataOptions;
import dev.citra.data.SplitList;
import dev.citra.eval.ClassMetrics;
import dev.citra.eval.ClassificationMetrics;
import dev.citra.eval.DatasetEvaluation;
import dev.citra.infer.Classifier;
import dev.citra.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code citra eval}: metrics, confusion matrix and report of a model on a labelled data set. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        header = "Evaluate a model on labelled images: metrics, confusion matrix, report.",
        sortOptions = false,
        description = "Evaluate a trained model on a labelled folder (or .zip) with one sub-folder per class:"
                + " accuracy, top-k accuracy, per-class precision/recall/F1/support, macro and weighted averages,"
                + " confusion matrix; written as report.json, report.html, metrics.csv and confusion_matrix.png.")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "A model bundle folder or a run folder (uses best/).")
    Path model;

    @Option(names = "--data", paramLabel = "PATH", description = "Folder or .zip with one sub-folder per class"
            + " (names as the model's labels); with --split, the data set the run was trained on (default: the one"
            + " its config names).")
    Path data;

    @Option(names = "--split", paramLabel = "PART", description = "Evaluate only the run's own train, val or test part"
            + " (the files its splits/ folder lists), as training did: for a model trained with --val-split or"
            + " --test-split, to evaluate its held-out images again (with --tta, say).")
    String split;

    @Mixin
    DataFlags dataFlags = new DataFlags();

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "3", description = "k of the top-k accuracy (default 3).")
    int topK;

    @picocli.CommandLine.Mixin
    TtaOption tta;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Batch size (default 64).")
    int batch;

    @Option(names = "--workers", paramLabel = "N", description = "Threads that decode images (default: cores).")
    Integer workers;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "Folder of runs; the report goes to <out>/eval/<name> (default runs/).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "Report name (default: the model's run name).")
    String name;

    @Mixin
    RuntimeFlag runtimeFlag = new RuntimeFlag();

    @Mixin
    DeviceFlag deviceFlag = new DeviceFlag();

    @Override
    public Integer call() {
        if (topK < 1 || topK > 1000) {
            throw new CitraException("--top-k must be between 1 and 1000, not " + topK + ".");
        }
        if (batch < 1 || batch > 4096) {
            throw new CitraException("--batch must be between 1 and 4096, not " + batch + ".");
        }
        int threads = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        Path bundle = ModelBundle.resolve(model);
        dev.citra.infer.TestTimeAugmentation augmentation = tta.value();
        Map<String, Object> trainConfig = ModelBundle.readMetadata(bundle).trainConfig();
        SplitList.Part splitPart = split == null ? null : SplitList.Part.parse(split);
        SplitList part = splitPart == null ? null : SplitList.read(runFolder(bundle).splits(), splitPart);
        Path evaluated = data != null ? data : trainedOn(trainConfig);
        try (Classifier classifier = Classifier.load(bundle).testTimeAugmentation(augmentation)) {
            DataOptions options = dataFlags.options(trainConfig, evaluated);
            DatasetEvaluation evaluation = DatasetEvaluation.run(classifier, evaluated, options, part, batch, topK,
                    threads);
            String reportName = name != null ? name : defaultName(bundle);
            RunDirectory dir = RunDirectory.create(out, "eval", reportName);
            String what = part == null ? evaluated.toString()
                    : "the " + splitPart.name().toLowerCase(Locale.ROOT) + " part of " + evaluated;
            evaluation.writeReports(dir.path(), "eval of " + model + " on " + what, java.util.List.of(), null);
            print(evaluation.metrics(), evaluation);
            System.out.printf(java.util.Locale.ROOT, "Expected calibration error %.4f (calibration.png: the reliability"
                    + " diagram)%n", evaluation.calibration().ece());
            System.out.println();
            System.out.println("Report: " + dir.path().resolve("report.html"));
        }
        return 0;
    }

    /** The run folder a bundle was saved in (it or its parent holds {@code splits/}). */
    private RunDirectory runFolder(Path bundle) {
        Path abs = bundle.toAbsolutePath().normalize();
        for (Path candidate : new Path[] {abs, abs.getParent()}) {
            if (candidate != null && Files.isDirectory(candidate.resolve("splits"))) {
                return new RunDirectory(candidate);
            }
        }
        throw new CitraException("--split needs a run folder that citra train wrote (with splits/ in it), and "
                + model + " is not in one: give the run folder as --model, or leave --split out.");
    }

    /** Where training read its data, for --split without --data. */
    private Path trainedOn(Map<String, Object> trainConfig) {
        if (split == null) {
            throw new CitraException("Give the images to evaluate with --data (a folder or .zip with one sub-folder"
                    + " per class).");
        }
        Object recorded = trainConfig == null ? null : trainConfig.get("data");
        if (recorded == null) {
            throw new CitraException("The model does not record which data it was trained on: give it with --data.");
        }
        Path path = Path.of(recorded.toString());
        if (!Files.exists(path)) {
            throw new CitraException("The run was trained on " + path + ", which is not there any more: give its"
                    + " current place with --data.");
        }
        return path;
    }

    /** A run's name for a model: its run folder's name for best/ or last/, else the folder's (or architecture's) name. */
    static String defaultName(Path bundle) {
        Path abs = bundle.toAbsolutePath().normalize();
        Path fileName = abs.getFileName();
        if (fileName != null && (fileName.toString().equals("best") || fileName.toString().equals("last"))
                && abs.getParent() != null) {
            return abs.getParent().getFileName().toString();
        }
        return fileName == null ? "model" : fileName.toString();
    }

    private void print(ClassificationMetrics m, DatasetEvaluation evaluation) {
        System.out.printf(Locale.ROOT, "%d images (%d skipped), accuracy %.4f, top-%d accuracy %.4f%n%n",
                evaluation.imageCount(), evaluation.skipped().size(), m.accuracy(), topK, m.topKAccuracy());
        int w = Math.max(12, m.perClass().stream().mapToInt(c -> c.label().length()).max().orElse(12));
        System.out.printf(Locale.ROOT, "%" + w + "s  %9s  %9s  %9s  %7s%n", "", "precision", "recall", "f1-score", "support");
        for (ClassMetrics c : m.perClass()) {
            System.out.printf(Locale.ROOT, "%" + w + "s  %9.4f  %9.4f  %9.4f  %7d%n", c.label(), c.precision(), c.recall(),
                    c.f1(), c.support());
        }
        System.out.printf(Locale.ROOT, "%n%" + w + "s  %9.4f  %9.4f  %9.4f  %7d%n", "macro avg", m.macroAvg().precision(),
                m.macroAvg().recall(), m.macroAvg().f1(), m.macroAvg().support());
        System.out.printf(Locale.ROOT, "%" + w + "s  %9.4f  %9.4f  %9.4f  %7d%n", "weighted avg", m.weightedAvg().precision(),
                m.weightedAvg().recall(), m.weightedAvg().f1(), m.weightedAvg().support());
    }
}
