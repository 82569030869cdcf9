package dev.citra.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.CitraException;
import dev.citra.Version;
import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.data.DataSource;
import dev.citra.data.DatasetSplit;
import dev.citra.data.ImageDataset;
import dev.citra.data.ImageCache;
import dev.citra.data.ImageStore;
import dev.citra.data.LoadedData;
import dev.citra.data.SkippedFile;
import dev.citra.data.SplitList;
import dev.citra.data.Splits;
import dev.citra.eval.ClassificationMetrics;
import dev.citra.eval.DatasetEvaluation;
import dev.citra.eval.EpochRecord;
import dev.citra.image.ImageSpec;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.Network;
import dev.citra.model.weights.ImportReport;
import dev.citra.model.weights.ImageNetWeights;
import dev.citra.model.weights.WeightFiles;
import dev.citra.train.optim.Optimizer;
import dev.citra.run.RunDirectory;
import dev.citra.run.RunLog;
import dev.citra.run.TrainingRun;
import dev.citra.train.ClassifierTrainer;
import dev.citra.train.ConfigIO;
import dev.citra.train.FeatureCache;
import dev.citra.train.FineTuneSchedule;
import dev.citra.train.LrScheduler;
import dev.citra.train.Freeze;
import dev.citra.train.ModelConfig;
import dev.citra.train.TrainConfig;
import dev.citra.train.TrainingDivergedException;
import dev.citra.train.TrainingContext;
import dev.citra.train.TrainingListener;
import dev.citra.train.TrainingState;
import dev.citra.util.AtomicFiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The classification task: load and split the data, decode it, build the network, train it with
 * the callbacks, evaluate the best checkpoint on the held-out split and write the report. The run
 * folder, its log, checkpoints, resuming and failures are the run layer's ({@link TrainingRun}).
 */
public final class TrainingJob {
    /** The task folder classification runs go to, under {@code --out}. */
    public static final String TASK = "classify";

    private final TrainConfig config;
    private final PrintStream console;
    private final Path resumeDir;
    private final List<TrainingListener> extraListeners;
    /** A learning rate given when resuming: it replaces the one the run had reached. */
    private final Double lrOverride;

    public TrainingJob(TrainConfig config, PrintStream console) {
        this(config, console, null, List.of(), null);
    }

    private TrainingJob(TrainConfig config, PrintStream console, Path resumeDir, List<TrainingListener> extra,
            Double lrOverride) {
        this.config = config.validate();
        this.console = console;
        this.resumeDir = resumeDir;
        this.extraListeners = List.copyOf(extra);
        this.lrOverride = lrOverride;
    }

    /** The same job with more listeners (appended after the built-in ones). */
    public TrainingJob withListeners(List<TrainingListener> listeners) {
        return new TrainingJob(config, console, resumeDir, listeners, lrOverride);
    }

    /**
     * Prepares to continue the run in {@code runDir}: its saved config, with {@code overrides}
     * (such as a larger {@code epochs}) applied on top. An {@code lr} among them replaces the
     * learning rate the run had reached (to go on after a run diverged, for one).
     */
    public static TrainingJob resuming(Path runDir, Map<String, Object> overrides, PrintStream console) {
        RunDirectory run = TrainingRun.resume(runDir, TASK, console).dir();
        TrainConfig saved = ConfigIO.read(run.config());
        TrainConfig merged = ConfigIO.merge(saved, overrides);
        if (!merged.model().architecture().equals(saved.model().architecture())) {
            throw new CitraException("Cannot resume " + runDir + " as '" + merged.model().name() + "': the run belongs to"
                    + " architecture '" + saved.model().architecture().name() + "'. Drop --model (and layer/width changes)"
                    + " to resume it, or start a new run.");
        }
        Object lr = overrides.get("lr");
        return new TrainingJob(merged, console, runDir, List.of(), lr == null ? null : merged.optimisation().lr());
    }

    /** Resumes and runs; see {@link #resuming}. */
    public static RunResult resume(Path runDir, Map<String, Object> overrides, PrintStream console) {
        return resuming(runDir, overrides, console).run();
    }

    public TrainConfig config() {
        return config;
    }

    /**
     * Runs the job to the end and returns where its results are. A new run that fails before its
     * first epoch is saved leaves no folder behind; one that fails later keeps its checkpoints, and
     * its log.txt says why it stopped.
     */
    public RunResult run() {
        TrainingRun run = resumeDir != null ? TrainingRun.resume(resumeDir, TASK, console)
                : TrainingRun.start(Path.of(config.output().out()), TASK, config.output().name(), console);
        return run.execute(ConfigIO.toYaml(config), r -> {
            PreparedData data = prepareData(r.dir(), r.log());
            try {
                return train(r, data);
            } finally {
                data.release();
            }
        });
    }

    /**
     * The parts of the split as the image cache keeps them, with the files the listing left out;
     * {@link #skipped()} adds those the parts skipped, including any met while streaming so far.
     */
    record PreparedData(List<String> classes, ImageStore train, ImageStore val, ImageStore test,
            List<SkippedFile> listed) {
        List<SkippedFile> skipped() {
            List<SkippedFile> all = new ArrayList<>(listed);
            all.addAll(train.skipped());
            all.addAll(val.skipped());
            all.addAll(test.skipped());
            return all;
        }

        /** Deletes what the cache made on disk for the parts. */
        void release() {
            ImageCache.release(train);
            ImageCache.release(val);
            ImageCache.release(test);
        }
    }

    /**
     * Sets a new network up as training starts it: the pretrained weights ({@code loadWeights}: not
     * when a checkpoint will replace them), BatchNorm statistics kept where {@code bn_train} is false,
     * and the frozen part of the backbone. The learning-rate finder starts from the same network.
     */
    static void prepareNetwork(TrainConfig config, ArchitectureRegistry registry, Network network, RunLog log,
            boolean loadWeights) {
        ModelConfig model = config.model();
        if (model.weights() != null && loadWeights) {
            Path file = ImageNetWeights.file(model.weights(), model.architecture(), config.imageSpec().size());
            ImportReport imported = WeightFiles.load(registry, network, file, model.weightsStrict());
            log.info("Weights from %s: %s", file, imported.summary());
        }
        boolean backboneTrains = config.freezeMode() == Freeze.NONE || config.transfer().fineTuneEpochs() > 0
                || config.transfer().trainableBlocks() > 0;
        if (!config.bnTrainOrDefault() && backboneTrains) {
            int norms = network.freezeBackboneStatistics(true);
            log.info("BatchNorm: %d backbone layers normalise with their moving statistics while they train%s", norms,
                    config.transfer().bnTrain() == null
                            ? " (bn_train false, the default when fine-tuning a pretrained backbone)"
                            : "");
        }
        if (config.freezeMode() == Freeze.BACKBONE) {
            int frozen = network.freeze(config.transfer().trainableBlocks());
            log.info("Backbone frozen: %d blocks run in inference mode and do not learn%s", frozen,
                    config.transfer().trainableBlocks() > 0
                            ? " (its last " + config.transfer().trainableBlocks() + " blocks train)" : "");
        }
    }

    /** Reads and splits the data set and opens its parts in the image cache; the split lists go into the run folder. */
    PreparedData prepareData(RunDirectory run, RunLog log) {
        LoadedData loaded = DataSource.open(Path.of(config.data().path()), config.data().options());
        log.info("Data format %s; labels from %s", formatName(loaded), loaded.labels());
        ImageDataset dataset = loaded.dataset();
        DatasetSplit split = split(loaded, log);
        log.info("Data %s: %d images, %d classes %s; split train %d / val %d / test %d (seed %d)", config.data().path(),
                dataset.size(), dataset.classes().size(), classSummary(dataset), split.train().size(),
                split.val().size(), split.test().size(), config.seed());
        writeSplitLists(run, split);

        ImageSpec spec = config.imageSpec();
        int workers = config.data().workers();
        Path cacheDir = run.path().resolve("cache");
        ImageCache cache = ImageCache.choose(config.data().cache(), split.train().size() + split.val().size()
                + split.test().size(), spec, Runtime.getRuntime().maxMemory(), usableSpace(run.path()));
        log.info("%s", cache.line());
        ImageStore train = open(cache, "train", split.train(), spec, cacheDir, workers, log);
        ImageStore val = open(cache, "val", split.val(), spec, cacheDir, workers, log);
        // The test part stands for what the trained model will be shown, so it is prepared as predictions are.
        ImageStore test = open(cache, "test", split.test(), config.predictionSpec(), cacheDir, workers, log);
        if (config.input().predictBlur() > 0) {
            log.info("Predict blur %s px: the test part and every prediction of the trained model are blurred;"
                    + " training and validation images are not", config.input().predictBlur());
        }
        PreparedData data = new PreparedData(dataset.classes(), train, val, test, dataset.skipped());
        List<SkippedFile> skipped = data.skipped();
        if (!skipped.isEmpty()) {
            log.info("Skipped %d unreadable files (listed in report.json), for example %s: %s", skipped.size(),
                    skipped.get(0).id(), skipped.get(0).reason());
        }
        if (train.size() < 2) {
            data.release();
            throw new CitraException("Only " + train.size() + " training images are left after the split of "
                    + config.data().path() + ": add images or lower --val-split/--test-split.");
        }
        return data;
    }

    private static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (java.io.IOException e) {
            // Unknown free space: auto then keeps to ram or none, never fills a disk it cannot measure.
            return 0;
        }
    }

    /** Builds the network, trains it, evaluates the best checkpoint and writes the report. */
    private RunResult train(TrainingRun session, PreparedData data) {
        RunDirectory run = session.dir();
        RunLog log = session.log();
        ImageSpec spec = config.imageSpec();
        ImageStore train = data.train();
        ImageStore val = data.val();
        ImageStore test = data.test();

        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        ModelConfig model = config.model();
        try (Network network = Network.create(registry, model.architecture(), spec, data.classes(), config.seed());
                Optimizer optimizer = config.optimisation().optimizer().create(config.optimisation().weightDecay(),
                        config.optimisation().momentum())) {
            prepareNetwork(config, registry, network, log, resumeDir == null);
            log.info("Model %s: %,d parameters (%,d trainable), input %dx%dx%d, %s normalisation",
                    model.architecture().name(),
                    network.parameterCount(), network.trainableParameterCount(), spec.channels(), spec.size(), spec.size(),
                    spec.normalization().id());
            long trainable = network.trainableParameterCount();
            TrainingState state = null;
            List<EpochRecord> history = List.of();
            if (resumeDir != null) {
                state = loadCheckpoint(session, network, optimizer, train.fingerprint());
                if (lrOverride != null) {
                    log.info("Learning rate %.3g from --lr, instead of the run's %.3g", lrOverride, state.learningRate());
                    state = new TrainingState(state.epoch(), lrOverride, state.listeners());
                }
                history = session.history(state.epoch());
            }

            boolean monitorMeasured = val.size() > 0
                    || !config.callbacks().earlyStopping().monitor().startsWith("val_");
            LrScheduler scheduler = LrScheduler.of(config);
            List<FineTuneSchedule> schedule = new ArrayList<>();
            List<TrainingListener> listeners = session.callbacks(
                    new TrainingRun.Callbacks(config.callbacks().earlyStopping(),
                            LrScheduler.reduceLr(config, text -> log.info("%s", text)), monitorMeasured),
                    (dir, epoch, metrics, extras) -> ModelBundle.save(dir, network,
                            metadata(network, epoch, metrics, train.fingerprint()), extras),
                    perStage -> {
                        List<TrainingListener> stage = new ArrayList<>();
                        if (config.transfer().fineTuneEpochs() > 0) {
                            schedule.add(new FineTuneSchedule(config, network, perStage, text -> log.info("%s", text)));
                            stage.add(schedule.get(0));
                        }
                        if (scheduler != null) {
                            stage.add(scheduler);
                        }
                        return stage;
                    },
                    extraListeners);

            FeatureCache cache = featureCache(network, train, val, log);
            ClassifierTrainer trainer = new ClassifierTrainer(config, listeners);
            TrainingContext ctx;
            try {
                if (schedule.isEmpty()) {
                    ctx = trainer.fit(network, optimizer, train, val, state, history, cache,
                            config.optimisation().epochs(), config.optimisation().lr());
                } else {
                    // Fine-tuning is two fits: the head on the frozen backbone, then the unfrozen network.
                    FineTuneSchedule stages = schedule.get(0);
                    int unfrozenAfter = state == null ? 0 : FineTuneSchedule.unfrozenAfter(state);
                    if (unfrozenAfter == 0) {
                        ctx = trainer.fit(network, optimizer, train, val, state, history, cache,
                                config.optimisation().epochs(), config.optimisation().lr());
                        state = stages.startSecondStage(ctx);
                        history = ctx.history();
                        unfrozenAfter = state.epoch();
                    }
                    if (scheduler != null) {
                        scheduler.startSecondStage(config, unfrozenAfter);
                    }
                    ctx = trainer.fit(network, optimizer, train, val, state, history, cache,
                            stages.secondStageEnd(unfrozenAfter), config.fineTuneLrOrDefault());
                }
            } catch (TrainingDivergedException e) {
                TrainingDivergedException told = e.withAdvice(checkpointsLeft(run, e.learningRate()));
                log.fileOnly(told.getMessage());
                throw told;
            }
            cache = null; // free it before the evaluation decodes more

            // The report describes the checkpoint the run ends with: best/, or last/ without restore_best.
            boolean restoreBest = config.callbacks().earlyStopping().restoreBest();
            Path best = AtomicFiles.recover(run.best());
            Path ended = restoreBest ? best : AtomicFiles.recover(run.last());
            ModelBundle.loadWeights(network, ended);
            BundleMetadata bestMeta = ModelBundle.readMetadata(best);
            BundleMetadata endedMeta = restoreBest ? bestMeta : ModelBundle.readMetadata(ended);
            ImageStore evaluated = test.size() > 0 ? test : val;
            String evaluatedSplit = test.size() > 0 ? "test" : "val";
            Map<String, Double> metrics = new LinkedHashMap<>(endedMeta.metrics());
            ClassificationMetrics evaluationMetrics = null;
            if (evaluated.size() > 0) {
                DatasetEvaluation evaluation = DatasetEvaluation.run(network, evaluated, config.optimisation().batch(),
                        config.output().topK(), config.data().workers(), data.skipped());
                evaluation.writeReports(run.path(), "classify/" + run.path().getFileName(), ctx.history(),
                        ConfigIO.yamlMapper().convertValue(config, Map.class));
                evaluationMetrics = evaluation.metrics();
                metrics.put(evaluatedSplit + "_accuracy", evaluation.metrics().accuracy());
                metrics.put(evaluatedSplit + "_macro_f1", evaluation.metrics().macroAvg().f1());
                metrics.put(evaluatedSplit + "_top_k_accuracy", evaluation.metrics().topKAccuracy());
                log.info("%s checkpoint (epoch %d) on the %s split (%d images): accuracy %.4f, macro F1 %.4f",
                        restoreBest ? "Best" : "Last", endedMeta.epoch(), evaluatedSplit, evaluated.size(),
                        evaluation.metrics().accuracy(),
                        evaluation.metrics().macroAvg().f1());
            } else {
                log.info("No validation or test split: no report written (use --val-split or --test-split).");
            }
            // best/ stays as the checkpointer wrote it: the held-out figures are the report's, not the model's.
            metrics.put("best_epoch", (double) bestMeta.epoch());
            metrics.put("reported_epoch", (double) endedMeta.epoch());
            log.info("Done: %s", run.path());
            return new RunResult(run.path(), ended, metrics, evaluatedSplit, ctx.stopReason(), ctx.history(),
                    evaluationMetrics, trainable);
        }
    }

    /**
     * A predefined split as given (carving validation out of its train part when it has a test
     * part but no validation part), else a stratified split of the whole data set.
     */
    private DatasetSplit split(LoadedData loaded, RunLog log) {
        if (loaded.predefined().isEmpty()) {
            return Splits.stratified(loaded.dataset(), config.data().valSplit(), config.data().testSplit(),
                    config.seed());
        }
        DatasetSplit given = loaded.predefined().get();
        if (given.val().size() > 0) {
            log.info("Using the predefined split of %s (%s) as given: train, val and test parts", config.data().path(),
                    formatName(loaded));
            return given;
        }
        if (given.test().size() > 0) {
            DatasetSplit carved = Splits.stratified(given.train(), config.data().valSplit(), 0, config.seed());
            log.info("Using the predefined split of %s (%s): its train and test parts; val is %.0f%% of train "
                    + "(stratified, seed %d)", config.data().path(), formatName(loaded), config.data().valSplit() * 100,
                    config.seed());
            return new DatasetSplit(carved.train(), carved.val(), given.test());
        }
        log.info("The predefined split of %s (%s) has only a train part: splitting it into train, val and test",
                config.data().path(), formatName(loaded));
        return Splits.stratified(given.train(), config.data().valSplit(), config.data().testSplit(), config.seed());
    }

    /** The format as --format names it, and what its layout adds ("mrl-eye, a .zip, with its own ... split"). */
    private static String formatName(LoadedData loaded) {
        String detail = dev.citra.data.DataFormat.layoutDetail(loaded.format());
        return dev.citra.data.DataFormat.ofLayout(loaded.format()).id() + (detail.isEmpty() ? "" : ", " + detail);
    }

    private static ImageStore open(ImageCache cache, String part, ImageDataset ds, ImageSpec spec, Path cacheDir,
            int workers, RunLog log) {
        long start = System.nanoTime();
        ImageStore store = cache.open(ds, spec, cacheDir, part, workers, done -> {}, skipped -> {
            synchronized (log) {
                log.info("Skipped %s while streaming: %s (the next image of its class stands in for it)", skipped.id(),
                        skipped.reason());
            }
        });
        if (ds.size() > 0) {
            double seconds = (System.nanoTime() - start) / 1e9;
            log.fileOnly(String.format(java.util.Locale.ROOT, "%s %s: %d images in %.1fs (%d workers)",
                    cache.mode() == dev.citra.data.CacheMode.NONE ? "checked" : "decoded", part, store.size(), seconds,
                    workers));
        }
        return store;
    }

    /**
     * Backbone features computed once, when the backbone is frozen whole and the inputs are the
     * same every epoch (or {@code cache_views} augmented views are asked for) and they fit in
     * memory; null otherwise.
     */
    private FeatureCache featureCache(Network network, ImageStore train, ImageStore val, RunLog log) {
        int prefix = network.cacheablePrefix();
        if (!config.transfer().cacheFeatures() || prefix == 0) {
            return null;
        }
        if (config.optimisation().mixup() > 0 || config.optimisation().cutmix() > 0) {
            log.info("Backbone features not cached: mixup and CutMix mix the images before the backbone, every step");
            return null;
        }
        boolean augmenting = config.activeAugmentation() != null;
        int views = augmenting ? config.transfer().cacheViews() : 1;
        if (views == 0) {
            log.info("Backbone features not cached: augmentation changes the images every epoch (set cache_views: K"
                    + " to cache K augmented views of each image instead)");
            return null;
        }
        long bytes = FeatureCache.estimateBytes(network, prefix, train.size(), views, val.size());
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > available / 2) {
            log.info("Backbone features not cached: they need %,d MB and %,d MB of Java heap is free (raise -Xmx, or"
                    + " lower --img-size or cache_views)", bytes >> 20, available >> 20);
            return null;
        }
        long start = System.nanoTime();
        FeatureCache cache = FeatureCache.build(network, prefix, train, val, views, augmenting ? config.augment() : null,
                config.seed(), config.optimisation().batch(), config.data().workers());
        log.info("Cached the frozen backbone's features %s (%,d MB) of %d training images%s and %d validation images"
                + " in %.1fs: the head trains on them", cache.featureShape(), bytes >> 20, train.size(),
                views > 1 ? " x " + views + " augmented views" : "", val.size(), (System.nanoTime() - start) / 1e9);
        return cache;
    }

    private TrainingState loadCheckpoint(TrainingRun session, Network network, Optimizer optimizer,
            String fingerprint) {
        TrainingState state = session.savedState();
        Path last = AtomicFiles.recover(session.dir().last());
        BundleMetadata meta = ModelBundle.readMetadata(last);
        // The checkpoint names its own copy of a backbone module; the config names the user's file.
        if (!meta.architecture().withFile(null).equals(config.model().architecture().withFile(null))
                || !meta.labels().equals(network.labels())) {
            throw new CitraException("The checkpoint in " + last + " belongs to another architecture or class list ("
                    + meta.architecture().name() + ", " + meta.labels() + "): resume it with its own config and data.");
        }
        ModelBundle.loadWeights(network, last);
        int total = config.totalEpochs();
        int unfrozenAfter = FineTuneSchedule.unfrozenAfter(state);
        if (unfrozenAfter > 0) {
            // The optimizer state covers the unfrozen parameters: unfreeze before reading it.
            FineTuneSchedule.unfreeze(network, config);
            total = unfrozenAfter + config.transfer().fineTuneEpochs();
        }
        if (state.epoch() >= total) {
            throw new CitraException("Run " + session.dir().path() + " has already trained " + state.epoch()
                    + " epochs: pass --epochs" + (config.transfer().fineTuneEpochs() > 0 ? " or --fine-tune-epochs" : "")
                    + " with a larger number to continue it.");
        }
        session.loadOptimizer(optimizer, network);
        if (meta.dataFingerprint() != null && !meta.dataFingerprint().equals(fingerprint)) {
            session.log().info("Warning: the training data differs from the data this run started with.");
        }
        session.log().info("Resuming after epoch %d (learning rate %.3g, %d optimizer steps)", state.epoch(),
                state.learningRate(), optimizer.steps());
        return state;
    }

    /**
     * What a diverged run leaves: its best/ and last/ checkpoints as the last finished epoch wrote
     * them, and how to go on from there at a tenth of the rate.
     */
    private static String checkpointsLeft(RunDirectory run, double learningRate) {
        String lower = new java.math.BigDecimal(learningRate / 10).round(new java.math.MathContext(3))
                .stripTrailingZeros().toPlainString();
        if (!Files.isDirectory(run.last())) {
            return " No epoch finished, so nothing was saved: start again with a lower learning rate (--lr " + lower
                    + ").";
        }
        BundleMetadata last = ModelBundle.readMetadata(run.last());
        String best = "";
        if (Files.isDirectory(run.best())) {
            BundleMetadata b = ModelBundle.readMetadata(run.best());
            best = "best/ (epoch " + b.epoch() + java.util.stream.Stream.of("val_loss", "val_accuracy")
                    .filter(b.metrics()::containsKey)
                    .map(k -> String.format(java.util.Locale.ROOT, ", %s %.4f", k, b.metrics().get(k)))
                    .collect(Collectors.joining()) + ") and ";
        }
        return " " + best + "last/ (epoch " + last.epoch() + ") are as that epoch left them. Resume with a lower"
                + " learning rate: citra train --resume " + run.path() + " --lr " + lower;
    }

    private BundleMetadata metadata(Network network, int epoch, Map<String, Double> metrics, String fingerprint) {
        ObjectMapper mapper = ConfigIO.yamlMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> configMap = mapper.convertValue(config, Map.class);
        // Saved with the input predictions take (the blur, if any, is for them only).
        ImageSpec spec = network.input().withBlur(config.input().predictBlur());
        return BundleMetadata.of(BundleMetadata.CURRENT_FORMAT, network.architecture(), network.labels(), spec,
                configMap, metrics, fingerprint, epoch, network.parameterCount(), Version.get(), OffsetDateTime.now().toString());
    }

    private static String classSummary(ImageDataset ds) {
        int[] counts = ds.classCounts();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            parts.add(ds.classes().get(i) + " " + counts[i]);
        }
        return "(" + String.join(", ", parts) + ")";
    }

    private static void writeSplitLists(RunDirectory run, DatasetSplit split) {
        SplitList.write(run.splits(), SplitList.Part.TRAIN, split.train());
        SplitList.write(run.splits(), SplitList.Part.VAL, split.val());
        SplitList.write(run.splits(), SplitList.Part.TEST, split.test());
    }
}
