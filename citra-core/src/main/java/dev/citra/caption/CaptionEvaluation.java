package dev.citra.caption;

import dev.citra.data.CaptionDataset;
import dev.citra.data.CaptionSample;
import dev.citra.data.DataFiles;
import dev.citra.data.Flickr8kSource;
import dev.citra.data.SkippedFile;
import dev.citra.run.RunDirectory;
import dev.citra.run.RunLog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code citra caption eval}: a caption bundle on a Flickr8k data set. On the data it was trained
 * on, the held-out split is the one training held out (same split rule, fraction and seed, read from
 * the bundle); on other data, every image. Writes the report into a new folder under
 * {@code <out>/caption-eval/}.
 */
public final class CaptionEvaluation {
    /** The task folder evaluations go to. */
    public static final String TASK = "caption-eval";

    private CaptionEvaluation() {}

    /**
     * Evaluates the bundle at {@code model} on {@code data}.
     *
     * @param beam the beam width (null: the one the bundle was evaluated with)
     * @return the report, also written with report.html into the returned folder
     */
    public static Result run(Path model, Path data, Integer beam, Path out, String name, int workers,
            PrintStream console) {
        try (Captioner captioner = Captioner.load(model)) {
            CaptionMetadata meta = captioner.metadata();
            CaptionDataset dataset = Flickr8kSource.load(DataFiles.open(data));
            Map<String, Object> trained = meta.trainConfig() == null ? Map.of() : meta.trainConfig();
            boolean sameData = trained.get("data") != null
                    && Path.of(String.valueOf(trained.get("data"))).toAbsolutePath().normalize()
                            .equals(data.toAbsolutePath().normalize());
            List<CaptionSample> images;
            String split;
            if (sameData) {
                double valSplit = ((Number) trained.getOrDefault("val_split", CaptionOptions.VAL_SPLIT.defaultValue()))
                        .doubleValue();
                long seed = ((Number) trained.getOrDefault("seed", CaptionOptions.SEED.defaultValue())).longValue();
                CaptionDataset.Parts parts = dataset.split(valSplit, seed);
                images = parts.test().isEmpty() ? parts.val() : parts.test();
                split = parts.test().isEmpty() ? "val" : "test";
            } else {
                images = dataset.samples();
                split = "all";
            }
            List<SkippedFile> skipped = new ArrayList<>(dataset.missing());
            Vocabulary vocabulary = Vocabulary.of(meta.vocabulary());
            CaptionSet set = CaptionSet.encode(captioner.encoder(), images, meta.decoder().kind().usesGrid(),
                    meta.cleaning(), vocabulary, meta.maxLength(), workers, skipped);
            int width = beam != null ? beam : meta.beam();
            java.util.Set<String> heldOut = new java.util.HashSet<>();
            images.forEach(s -> heldOut.add(s.id()));
            List<List<String>> trainCaptions = dataset.samples().stream()
                    .filter(s -> !heldOut.contains(s.id())).flatMap(s -> s.captions().stream())
                    .map(meta.cleaning()::tokens).toList();
            CaptionReport report = CaptionReport.evaluate(captioner.decoder(), meta, set, split,
                    CaptionJob.frequentCaption(trainCaptions.isEmpty() ? set.references().stream()
                            .flatMap(List::stream).toList() : trainCaptions),
                    width, meta.lengthPenalty(), 64, skipped);
            RunDirectory dir = RunDirectory.create(out, TASK, name);
            RunLog log = new RunLog(dir.log(), console);
            log.info("Model %s on %s (%s: %d images)", model, data, split, set.images());
            report.log(log);
            Map<String, CaptionSample> byId = new LinkedHashMap<>();
            dataset.samples().forEach(s -> byId.put(s.id(), s));
            report.write(dir.path(), List.of(), byId, Map.of("model", model.toString(), "data", data.toString(),
                    "beam", width));
            return new Result(dir.path(), report);
        }
    }

    /** Where the evaluation was written, and its figures. */
    public record Result(Path dir, CaptionReport report) {}
}
