package dev.citra.caption;

import ai.djl.ndarray.types.Shape;
import dev.citra.CitraException;
import dev.citra.Version;
import dev.citra.bundle.ModelTask;
import dev.citra.data.CaptionDataset;
import dev.citra.data.CaptionSample;
import dev.citra.data.DataFiles;
import dev.citra.data.Flickr8kSource;
import dev.citra.data.SkippedFile;
import dev.citra.eval.EpochRecord;
import dev.citra.image.ImageSpec;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.weights.ImageNetWeights;
import dev.citra.run.RunLog;
import dev.citra.run.TrainingRun;
import dev.citra.train.ConfigIO;
import dev.citra.train.EarlyStoppingConfig;
import dev.citra.train.FitLoop;
import dev.citra.train.ReduceLrConfig;
import dev.citra.train.TrainingContext;
import dev.citra.train.TrainingDivergedException;
import dev.citra.train.TrainingListener;
import dev.citra.train.TrainingState;
import dev.citra.train.optim.Optimizer;
import dev.citra.train.optim.Optimizers;
import dev.citra.util.AtomicFiles;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The captioning task (S0): read Flickr8k, clean the captions and build the vocabulary, run the
 * frozen encoder once per image, train the decoder on the cached features, then caption the
 * held-out images greedily and by beam search and report BLEU against a frequent-caption baseline.
 * The run folder, log, checkpoints and resuming are the run layer's ({@link TrainingRun}).
 */
public final class CaptionJob {
    /** The task folder caption runs go to, under {@code --out}. */
    public static final String TASK = "caption";
    /** The encoder's parameters, written once into the run folder and copied into each checkpoint. */
    static final String ENCODER_FILE = "encoder.params";

    private final CaptionConfig config;
    private final PrintStream console;
    private final Path resumeDir;
    private final List<TrainingListener> extraListeners;
    /** A resumed run's --lr, which replaces the rate the run had reached; null to keep that. */
    private final Double lrOverride;

    public CaptionJob(CaptionConfig config, PrintStream console) {
        this(config, console, null, List.of(), null);
    }

    private CaptionJob(CaptionConfig config, PrintStream console, Path resumeDir, List<TrainingListener> extra,
            Double lrOverride) {
        this.config = config.validate();
        this.console = console;
        this.resumeDir = resumeDir;
        this.extraListeners = List.copyOf(extra);
        this.lrOverride = lrOverride;
    }

    /** The same job with more listeners (after the built-in ones). */
    public CaptionJob withListeners(List<TrainingListener> listeners) {
        return new CaptionJob(config, console, resumeDir, listeners, lrOverride);
    }

    /**
     * Continues the caption run in {@code runDir} with {@code overrides} (a larger {@code epochs})
     * applied; an {@code lr} among them replaces the rate the run had reached.
     */
    public static CaptionJob resuming(Path runDir, Map<String, Object> overrides, PrintStream console) {
        TrainingRun run = TrainingRun.resume(runDir, TASK, console);
        CaptionConfig merged = ConfigIO.read(run.dir().config(), CaptionConfig.class).with(overrides);
        return new CaptionJob(merged, console, runDir, List.of(), overrides.containsKey("lr") ? merged.lr() : null);
    }

    public CaptionConfig config() {
        return config;
    }

    /** What a caption run leaves: its folder, the best bundle, the BLEU figures and the history. */
    public record Result(Path runDir, Path bestBundle, CaptionReport report, List<EpochRecord> history) {}

    /** Runs the job to the end (see {@link TrainingRun#execute} for what a failure leaves). */
    public Result run() {
        TrainingRun run = resumeDir != null ? TrainingRun.resume(resumeDir, TASK, console)
                : TrainingRun.start(Path.of(config.out()), TASK, config.name(), console);
        return run.execute(ConfigIO.toYaml(config), r -> evaluate(r, train(r, prepare(r))));
    }

    /** The data as the decoder learns it, with what it was made from. */
    record Prepared(Vocabulary vocabulary, int maxLength, EncoderSpec encoder, Path encoderFile, CaptionSet train,
            CaptionSet val, CaptionSet evaluated, String evaluatedSplit, String frequentCaption,
            List<SkippedFile> skipped, Map<String, CaptionSample> samples) {}

    private Prepared prepare(TrainingRun run) {
        RunLog log = run.log();
        CaptionDataset data = Flickr8kSource.load(DataFiles.open(Path.of(config.data())));
        CaptionDataset.Parts parts = data.split(config.valSplit(), config.seed());
        log.info("Data %s (%s): %d images with %d captions; split train %d / val %d / test %d%s", config.data(),
                data.format(), data.size(), data.samples().stream().mapToInt(s -> s.captions().size()).sum(),
                parts.train().size(), parts.val().size(), parts.test().size(),
                data.predefined().isPresent() ? " (the data set's own split files)" : " (seed " + config.seed() + ")");
        if (!data.missing().isEmpty()) {
            log.info("Skipped %d images the caption file lists but the image folder lacks, for example %s",
                    data.missing().size(), data.missing().get(0).id());
        }
        writeSplits(run, parts);

        TextCleaning cleaning = TextCleaning.flickr8k();
        List<List<String>> trainTokens = parts.train().stream().flatMap(s -> s.captions().stream())
                .map(cleaning::tokens).toList();
        Vocabulary vocabulary = Vocabulary.build(trainTokens, config.vocab(), config.minCount());
        int longest = trainTokens.stream().mapToInt(List::size).max().orElse(1);
        int maxLength = config.maxLength() > 0 ? config.maxLength() : longest;
        log.info("Vocabulary: %d tokens (the 4 specials included) cover %.1f%% of the training words; captions up to"
                + " %d words", vocabulary.size(), 100 * vocabulary.coverage(trainTokens), maxLength);

        List<SkippedFile> skipped = new ArrayList<>(data.missing());
        ImageSpec spec = config.imageSpec();
        boolean grid = config.decoder().usesGrid();
        Path encoderFile = run.dir().path().resolve(ENCODER_FILE);
        EncoderSpec encoderSpec;
        CaptionSet train;
        CaptionSet val;
        CaptionSet test;
        try (CaptionEncoder encoder = CaptionEncoder.create(config.encoder(), spec,
                config.weights() == null ? null : ImageNetWeights.file(config.weights(),
                        ArchitectureSpec.named(config.encoder()), spec.size()), config.weights())) {
            encoderSpec = encoder.spec();
            log.info("Encoder %s (%s weights), input %dx%d, %s features %s", config.encoder(),
                    config.weights() == null ? "random: pass --weights for real captions" : config.weights(),
                    spec.size(), spec.size(), grid ? "grid" : "pooled",
                    grid ? encoderSpec.gridHeight() + "x" + encoderSpec.gridWidth() + "x" + encoderSpec.channels()
                            : String.valueOf(encoderSpec.channels()));
            long start = System.nanoTime();
            train = CaptionSet.encode(encoder, parts.train(), grid, cleaning, vocabulary, maxLength, config.workers(), skipped);
            val = CaptionSet.encode(encoder, parts.val(), grid, cleaning, vocabulary, maxLength, config.workers(), skipped);
            test = CaptionSet.encode(encoder, parts.test(), grid, cleaning, vocabulary, maxLength, config.workers(), skipped);
            int images = train.images() + val.images() + test.images();
            double seconds = (System.nanoTime() - start) / 1e9;
            log.info("Encoded %d images in %.1fs (%.1f images/s, decoding included); the decoder trains on these"
                    + " features", images, seconds, images / seconds);
            if (!Files.exists(encoderFile)) {
                writeEncoder(encoder, encoderFile);
            }
        }
        if (train.images() < 2) {
            throw new CitraException("Only " + train.images() + " training images are left in " + config.data()
                    + ": add images or lower --val-split.");
        }
        boolean onTest = test.images() > 0;
        Map<String, CaptionSample> byId = new LinkedHashMap<>();
        data.samples().forEach(s -> byId.put(s.id(), s));
        return new Prepared(vocabulary, maxLength, encoderSpec, encoderFile, train, val, onTest ? test : val,
                onTest ? "test" : "val", frequentCaption(trainTokens), skipped, byId);
    }

    private static void writeEncoder(CaptionEncoder encoder, Path file) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            encoder.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /** The most frequent cleaned training caption (ties: the first in alphabetical order): the baseline. */
    static String frequentCaption(List<List<String>> captions) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (List<String> c : captions) {
            counts.merge(String.join(" ", c), 1, Integer::sum);
        }
        return counts.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse("");
    }

    private static void writeSplits(TrainingRun run, CaptionDataset.Parts parts) {
        Map<String, List<CaptionSample>> named = Map.of("train", parts.train(), "val", parts.val(), "test", parts.test());
        named.forEach((name, part) -> AtomicFiles.writeString(run.dir().splits().resolve(name + ".txt"),
                part.stream().map(s -> s.id() + "\n").collect(Collectors.joining())));
    }

    /** The trained decoder with its history; the model is best/'s. */
    record Trained(CaptionModel decoder, Prepared data, List<EpochRecord> history, String stopReason) {}

    private Trained train(TrainingRun run, Prepared data) {
        RunLog log = run.log();
        DecoderSpec spec = new DecoderSpec(config.decoder(), data.vocabulary().size(), config.embed(), config.hidden(),
                data.encoder().channels(), data.encoder().regions(), config.dropout());
        Shape featureShape = data.encoder().featureShape(config.decoder());
        CaptionModel decoder = CaptionModel.create(spec, config.seed());
        try (Optimizer optimizer = Optimizers.create("adam", 0, 0)) {
            log.info("Decoder %s: %,d parameters, embedding %d, LSTM %d, %d training captions", config.decoder(),
                    decoder.parameterCount(), config.embed(), config.hidden(), data.train().captions().size());
            TrainingState state = null;
            List<EpochRecord> history = List.of();
            if (run.resuming()) {
                state = run.savedState();
                Path last = AtomicFiles.recover(run.dir().last());
                CaptionMetadata saved = CaptionBundle.readMetadata(last);
                if (!saved.vocabulary().equals(data.vocabulary().tokens()) || !saved.decoder().equals(spec)) {
                    throw new CitraException("The checkpoint in " + last + " has another vocabulary or decoder shape"
                            + " than this data and config give: resume it with its own data and config.");
                }
                if (state.epoch() >= config.epochs()) {
                    throw new CitraException("Run " + run.dir().path() + " has already trained " + state.epoch()
                            + " epochs: pass --epochs with a larger number to continue it.");
                }
                CaptionBundle.loadDecoder(decoder, last);
                run.loadOptimizer(optimizer, decoder);
                history = run.history(state.epoch());
                log.info("Resuming after epoch %d (learning rate %.3g)", state.epoch(), state.learningRate());
                if (lrOverride != null) {
                    log.info("Learning rate %.3g from --lr, instead of the run's %.3g", lrOverride,
                            state.learningRate());
                    state = new TrainingState(state.epoch(), lrOverride, state.listeners());
                }
            }
            List<TrainingListener> listeners = run.callbacks(
                    new TrainingRun.Callbacks(new EarlyStoppingConfig(config.patience(), "val_loss", "min", 0.0, false),
                            new ReduceLrConfig(config.lrPatience(), "val_loss", "min", 0.1, 1e-6, 1e-4), true),
                    (dir, epoch, metrics, extras) -> CaptionBundle.save(dir, decoder, data.encoderFile(),
                            metadata(data, spec, epoch, metrics), extras),
                    perStage -> List.of(), extraListeners);
            CaptionTrainer epochs = new CaptionTrainer(decoder, data.train(), data.val(), featureShape, config.batch(),
                    config.seed(), config.attentionReg(), data.vocabulary().pad(), listeners);
            TrainingContext ctx;
            try {
                ctx = FitLoop.fit(decoder, optimizer, config.epochs(), config.lr(), config.seed(), listeners, state,
                        history, epochs);
            } catch (TrainingDivergedException e) {
                log.fileOnly(e.getMessage());
                throw e;
            }
            CaptionBundle.loadDecoder(decoder, AtomicFiles.recover(run.dir().best()));
            return new Trained(decoder, data, ctx.history(), ctx.stopReason());
        } catch (RuntimeException e) {
            decoder.close();
            throw e;
        }
    }

    private Result evaluate(TrainingRun run, Trained trained) {
        try (CaptionModel decoder = trained.decoder()) {
            Prepared data = trained.data();
            CaptionMetadata best = CaptionBundle.readMetadata(run.dir().best());
            CaptionReport report = CaptionReport.evaluate(decoder, best, data.evaluated(), data.evaluatedSplit(),
                    data.frequentCaption(), config.beam(), config.lengthPenalty(), config.batch(), data.skipped());
            report.log(run.log());
            report.write(run.dir().path(), trained.history(), data.samples(), ConfigIO.yamlMapper().convertValue(config,
                    Map.class));
            run.log().info("Done: %s", run.dir().path());
            return new Result(run.dir().path(), run.dir().best(), report, trained.history());
        }
    }

    private CaptionMetadata metadata(Prepared data, DecoderSpec spec, int epoch, Map<String, Double> metrics) {
        @SuppressWarnings("unchecked")
        Map<String, Object> configMap = ConfigIO.yamlMapper().convertValue(config, Map.class);
        return new CaptionMetadata(CaptionBundle.FORMAT, ModelTask.CAPTION, data.encoder(), spec,
                data.vocabulary().tokens(), TextCleaning.flickr8k(), data.maxLength(), config.beam(),
                config.lengthPenalty(), configMap, metrics, epoch, Version.get(), OffsetDateTime.now().toString());
    }
}
