package dev.citra.eval;

import dev.citra.CitraException;
import dev.citra.data.DecodedImages;
import dev.citra.data.ImageDataset;
import dev.citra.data.DataOptions;
import dev.citra.data.DataSource;
import dev.citra.data.DatasetSplit;
import dev.citra.data.ImageFolderSource;
import dev.citra.data.ImageLoader;
import dev.citra.data.ImageStore;
import dev.citra.data.Readahead;
import dev.citra.data.LoadedData;
import dev.citra.data.Sample;
import dev.citra.data.SkippedFile;
import dev.citra.data.SplitList;
import dev.citra.infer.BatchRunner;
import dev.citra.infer.Classifier;
import dev.citra.infer.Predictions;
import dev.citra.model.Network;
import dev.citra.util.AtomicFiles;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A model run over a labelled data set in a fixed order (never shuffled, so the confusion
 * matrix lines up), with its metrics and the files that could not be read.
 */
public final class DatasetEvaluation {
    /** Pixels (float32) decoded at once when a classifier evaluates a data set. */
    private static final long CHUNK_BYTES = 256L << 20;

    private final ClassificationMetrics metrics;
    private final Predictions predictions;
    private final List<String> ids;
    private final List<SkippedFile> skipped;
    private final Calibration calibration;

    private DatasetEvaluation(ClassificationMetrics metrics, Predictions predictions, int[] labels, List<String> ids,
            List<SkippedFile> skipped) {
        this.metrics = metrics;
        this.calibration = Calibration.of(labels, predictions.probabilities(), Calibration.BINS);
        this.predictions = predictions;
        this.ids = List.copyOf(ids);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * Evaluates a network on images made with its input spec (in memory, or decoded as they are
     * read on {@code workers} threads).
     */
    public static DatasetEvaluation run(Network network, ImageStore images, int batch, int topK, int workers,
            List<SkippedFile> skipped) {
        Predictions p;
        try (Readahead reader = Readahead.of(images, null, workers, 2 * batch)) {
            p = BatchRunner.run(network, reader, images.labels(), batch);
        }
        ClassificationMetrics m = ClassificationMetrics.compute(images.labels(), p.predicted(), p.probabilities(),
                network.labels(), topK);
        return new DatasetEvaluation(m, p, images.labels(), images.ids(), skipped);
    }

    /**
     * Evaluates a classifier on a labelled folder, zip or CSV whose class names are the model's
     * labels (a subset is fine: a test folder may lack a class). Of a data set with a predefined
     * split, only the test part is evaluated, or the validation part when there is no test part.
     */
    public static DatasetEvaluation run(Classifier classifier, Path data, int batch, int topK, int workers) {
        return run(classifier, data, DataOptions.defaults(), batch, topK, workers);
    }

    /**
     * {@link #run(Classifier, Path, int, int, int)} with the data read as {@code options} say; the
     * network takes {@code batch} images at a time.
     */
    public static DatasetEvaluation run(Classifier classifier, Path data, DataOptions options, int batch, int topK,
            int workers) {
        return run(classifier, data, options, null, batch, topK, workers);
    }

    /**
     * Evaluates a classifier on the files of {@code part} (a run's own train, validation or test
     * part, read from {@code data}), or as {@link #run(Classifier, Path, DataOptions, int, int, int)}
     * does when {@code part} is null.
     */
    public static DatasetEvaluation run(Classifier classifier, Path data, DataOptions options, SplitList part,
            int batch, int topK, int workers) {
        return runInChunks(classifier, data, options, part, batch, topK, workers,
                chunkFor(classifier.input().tensorLength()));
    }

    /**
     * Images decoded at once: about {@value #CHUNK_BYTES} bytes of pixels, so that a data set of any
     * size is evaluated in bounded memory (2,000 images at 96 px, 400 at 224 px).
     */
    static int chunkFor(int tensorLength) {
        return (int) Math.max(32, CHUNK_BYTES / (4L * tensorLength));
    }

    /**
     * Evaluates a classifier as {@link #run(Classifier, Path, DataOptions, SplitList, int, int, int)} does,
     * decoding {@code chunk} images at a time; the result does not depend on {@code chunk}.
     */
    public static DatasetEvaluation runInChunks(Classifier classifier, Path data, DataOptions options, SplitList part,
            int batch, int topK, int workers, int chunk) {
        LoadedData loaded = DataSource.open(data, options);
        ImageDataset ds = part == null ? evaluationPart(loaded) : part.select(loaded.dataset(), data);
        List<String> labels = classifier.labels();
        List<Sample> remapped = new ArrayList<>();
        for (Sample s : ds.samples()) {
            String name = ds.classes().get(s.label());
            int index = labels.indexOf(name);
            if (index < 0) {
                throw new CitraException("Class folder '" + name + "' of " + data + " is not one of the model's labels "
                        + labels + ": rename or remove it.");
            }
            remapped.add(new Sample(s.id(), index, s.source()));
        }
        List<SkippedFile> skipped = new ArrayList<>(ds.skipped());
        List<float[]> probabilities = new ArrayList<>();
        List<Integer> predicted = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int from = 0;
        do {
            int to = Math.min(remapped.size(), from + chunk);
            ImageDataset slice = new ImageDataset(labels, remapped.subList(from, to), List.of());
            DecodedImages images = ImageLoader.decodeAll(slice, classifier.input(), workers, done -> {});
            skipped.addAll(images.skipped());
            Predictions p = classifier.predictions(images.tensors(), batch);
            probabilities.addAll(List.of(p.probabilities()));
            Arrays.stream(p.predicted()).forEach(predicted::add);
            Arrays.stream(images.labels()).forEach(truth::add);
            ids.addAll(images.ids());
            from = to;
        } while (from < remapped.size());
        Predictions p = new Predictions(probabilities.toArray(float[][]::new),
                predicted.stream().mapToInt(Integer::intValue).toArray(), Double.NaN);
        int[] truthArray = truth.stream().mapToInt(Integer::intValue).toArray();
        ClassificationMetrics m = ClassificationMetrics.compute(truthArray, p.predicted(), p.probabilities(), labels, topK);
        return new DatasetEvaluation(m, p, truthArray, ids, skipped);
    }

    private static ImageDataset evaluationPart(LoadedData loaded) {
        ImageDataset all = loaded.dataset();
        if (loaded.predefined().isEmpty()) {
            return all;
        }
        DatasetSplit split = loaded.predefined().get();
        String name = split.test().size() > 0 ? "test" : split.val().size() > 0 ? "val" : null;
        if (name == null) {
            return all;
        }
        // The parts carry no skipped files: take those of the whole listing that lie in this part.
        List<SkippedFile> skipped = all.skipped().stream()
                .filter(f -> name.equals(ImageFolderSource.splitPart(f.id().substring(0, Math.max(0, f.id().indexOf('/'))))))
                .toList();
        return new ImageDataset(all.classes(), (name.equals("test") ? split.test() : split.val()).samples(), skipped);
    }

    /** How well the predicted probabilities match the accuracy (reliability bins and ECE). */
    public Calibration calibration() {
        return calibration;
    }

    public ClassificationMetrics metrics() {
        return metrics;
    }

    public Predictions predictions() {
        return predictions;
    }

    /** The evaluated images' ids, in prediction order. */
    public List<String> ids() {
        return ids;
    }

    public List<SkippedFile> skipped() {
        return skipped;
    }

    public int imageCount() {
        return ids.size();
    }

    /**
     * Writes {@code report.json}, {@code report.html}, {@code metrics.csv},
     * {@code confusion_matrix.png}, {@code calibration.png} and, with a history, {@code curves.png} into
     * {@code dir}.
     */
    public void writeReports(Path dir, String title, List<EpochRecord> history, Map<String, Object> config) {
        EvaluationReport report = new EvaluationReport(title, metrics, imageCount(), skipped, history, config,
                OffsetDateTime.now().toString(), calibration);
        ReportWriter.writeJson(report, dir.resolve("report.json"));
        ReportWriter.writeHtml(report, dir.resolve("report.html"));
        ReportWriter.writeCsv(metrics, dir.resolve("metrics.csv"));
        Charts.confusionMatrix(metrics.confusionMatrix(), dir.resolve("confusion_matrix.png"));
        if (history != null && !history.isEmpty()) {
            Charts.curves(history, dir.resolve("curves.png"));
        }
        AtomicFiles.write(dir.resolve("calibration.png"), Charts.calibrationPng(calibration));
    }
}
