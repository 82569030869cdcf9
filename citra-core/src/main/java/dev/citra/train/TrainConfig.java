package dev.citra.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.citra.CitraException;
import dev.citra.data.CacheMode;
import dev.citra.image.Augmentation;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.image.ResizeMode;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.HeadSpec;
import dev.citra.model.LayerSpec;
import dev.citra.model.weights.ImageNetWeights;
import dev.citra.train.optim.Optimizers;
import java.util.List;

/**
 * Everything a training run is made of, in one value: bindable from YAML ({@code img_size: 64})
 * and from flags ({@code --img-size 64}); flags win. Missing values take the defaults below.
 */
// A recipe file is a config with a recipe: block that tells citra run what to do with it.
@com.fasterxml.jackson.annotation.JsonIgnoreProperties({"recipe"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainConfig(
        String data,
        String format,
        String label,
        String eye,
        Double eyeMargin,
        String model,
        List<LayerSpec> layers,
        Double width,
        String weights,
        Boolean weightsStrict,
        String backboneFile,
        Freeze freeze,
        Integer trainableBlocks,
        Integer fineTuneEpochs,
        Double fineTuneLr,
        Integer fineTuneBlocks,
        Boolean bnTrain,
        HeadSpec head,
        Boolean cacheFeatures,
        Integer cacheViews,
        Integer imgSize,
        Integer channels,
        String normalize,
        String resize,
        Boolean grey,
        Integer epochs,
        Integer batch,
        Double lr,
        String optimizer,
        Double momentum,
        Double weightDecay,
        Double dropout,
        Double valSplit,
        Double testSplit,
        Long seed,
        String name,
        String out,
        Integer workers,
        CacheMode cache,
        Integer topK,
        Balance balance,
        Double labelSmoothing,
        Double mixup,
        Double cutmix,
        EarlyStoppingConfig earlyStopping,
        ReduceLrConfig reduceLr,
        Augmentation augment,
        Schedule schedule,
        Double warmupEpochs) {

    public TrainConfig {
        // The defaults live in TrainOptions, with each option's help.
        format = TrainOptions.FORMAT.or(format);
        model = TrainOptions.MODEL.or(model);
        weightsStrict = TrainOptions.WEIGHTS_STRICT.or(weightsStrict);
        trainableBlocks = TrainOptions.TRAINABLE_BLOCKS.or(trainableBlocks);
        fineTuneEpochs = TrainOptions.FINE_TUNE_EPOCHS.or(fineTuneEpochs);
        cacheFeatures = TrainOptions.CACHE_FEATURES.or(cacheFeatures);
        cacheViews = TrainOptions.CACHE_VIEWS.or(cacheViews);
        imgSize = TrainOptions.IMG_SIZE.or(imgSize);
        channels = TrainOptions.CHANNELS.or(channels);
        normalize = TrainOptions.NORMALIZE.or(normalize);
        resize = TrainOptions.RESIZE.or(resize);
        grey = TrainOptions.GREY.or(grey);
        epochs = TrainOptions.EPOCHS.or(epochs);
        batch = TrainOptions.BATCH.or(batch);
        lr = TrainOptions.LR.or(lr);
        optimizer = TrainOptions.OPTIMIZER.or(optimizer);
        momentum = TrainOptions.MOMENTUM.or(momentum);
        weightDecay = TrainOptions.WEIGHT_DECAY.or(weightDecay);
        valSplit = TrainOptions.VAL_SPLIT.or(valSplit);
        testSplit = TrainOptions.TEST_SPLIT.or(testSplit);
        seed = TrainOptions.SEED.or(seed);
        out = TrainOptions.OUT.or(out);
        workers = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        cache = TrainOptions.CACHE.or(cache);
        topK = TrainOptions.TOP_K.or(topK);
        balance = TrainOptions.BALANCE.or(balance);
        labelSmoothing = TrainOptions.LABEL_SMOOTHING.or(labelSmoothing);
        mixup = TrainOptions.MIXUP.or(mixup);
        cutmix = TrainOptions.CUTMIX.or(cutmix);
        earlyStopping = earlyStopping == null ? EarlyStoppingConfig.defaults() : earlyStopping;
        reduceLr = reduceLr == null ? ReduceLrConfig.defaults() : reduceLr;
        layers = layers == null ? null : List.copyOf(layers);
        schedule = TrainOptions.SCHEDULE.or(schedule);
    }

    /**
     * A config for Java callers, option by option: {@code TrainConfig.builder().data(path)
     * .model("mobilenet_v2").epochs(5).build()}, or {@code .set(TrainOptions.LR, 0.01)} for any option.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects options by their keys and binds them as a YAML file would be, defaults for the rest. */
    public static final class Builder {
        private final java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();

        private Builder() {}

        /** Sets any option. */
        public <T> Builder set(TrainOption<T> option, T value) {
            values.put(option.key(), value);
            return this;
        }

        public Builder data(java.nio.file.Path data) {
            return set(TrainOptions.DATA, data.toString());
        }

        public Builder model(String model) {
            return set(TrainOptions.MODEL, model);
        }

        public Builder epochs(int epochs) {
            return set(TrainOptions.EPOCHS, epochs);
        }

        public Builder batch(int batch) {
            return set(TrainOptions.BATCH, batch);
        }

        public Builder lr(double lr) {
            return set(TrainOptions.LR, lr);
        }

        public Builder imgSize(int pixels) {
            return set(TrainOptions.IMG_SIZE, pixels);
        }

        /** The config, checked as {@link #validate()} does. */
        public TrainConfig build() {
            return ConfigIO.fromMap(values).validate();
        }
    }

    /** All defaults, no data. */
    public static TrainConfig defaults() {
        return ConfigIO.fromMap(java.util.Map.of());
    }

    /** The network this config asks for. */
    public ArchitectureSpec architecture() {
        String arch = layers != null && model.equals("simple-cnn") ? "custom" : model;
        return new ArchitectureSpec(arch, layers, dropout, width, head, backboneFile);
    }

    /**
     * What {@code freeze} means when not given: {@code none}, but {@code backbone} for an ONNX
     * backbone, which cannot learn. Left null in the record, so that a merged config can still
     * tell an explicit {@code --freeze none} (refused for ONNX) from the default.
     */
    public Freeze freezeMode() {
        if (freeze != null) {
            return freeze;
        }
        return model.equals(dev.citra.model.OnnxFeatures.NAME) ? Freeze.BACKBONE : Freeze.NONE;
    }

    /** Epochs of both stages: {@code epochs} (head, or everything) plus {@code fine_tune_epochs}. */
    public int totalEpochs() {
        return epochs + fineTuneEpochs;
    }

    /** The learning rate of the fine-tuning stage: {@code fine_tune_lr}, or a tenth of {@code lr}. */
    public double fineTuneLrOrDefault() {
        return fineTuneLr == null ? lr / 10 : fineTuneLr;
    }

    /**
     * Whether a trainable backbone's BatchNorm layers update their moving statistics and normalise
     * with batch statistics ({@code bn_train: true}, fastai's choice) or stay in inference mode while
     * their scale and offset learn ({@code false}, Keras's fine-tuning advice). Not given, it is false
     * in the fine-tuning stage of a pretrained backbone ({@code weights} or a TorchScript backbone
     * file, with {@code fine_tune_epochs}), which runs at a low rate, and true otherwise: a whole
     * pretrained network trained at a head's rate from the start collapses without batch statistics
     * (MobileNetV2 on eyes-state at lr 1e-3: accuracy 0.49 against 1.00).
     */
    public boolean bnTrainOrDefault() {
        if (bnTrain != null) {
            return bnTrain;
        }
        return (weights == null && backboneFile == null) || fineTuneEpochs == 0;
    }

    /** How to read {@link #data()}: format, labels, eye crops. */
    public dev.citra.data.DataOptions dataOptions() {
        return dev.citra.data.DataOptions.of(format, label, eye, eyeMargin);
    }

    /** The network input this config asks for; {@code normalize: auto} takes the architecture's preset. */
    public ImageSpec imageSpec() {
        return new ImageSpec(imgSize, channels, Normalization.resolve(normalize, architecture().name()),
                ResizeMode.parse(resize), grey);
    }

    /**
     * Checks every value's range; the message names the flag and the accepted range.
     *
     * @throws CitraException for the first value out of range
     */
    public TrainConfig validate() {
        dev.citra.model.ArchitectureRegistry.defaults().get(architecture().name());
        if (augment != null) {
            augment.validate();
        }
        Freeze freeze = freezeMode();
        range(TrainOptions.TRAINABLE_BLOCKS, trainableBlocks);
        range(TrainOptions.FINE_TUNE_EPOCHS, fineTuneEpochs);
        if (trainableBlocks > 0 && freeze == Freeze.NONE) {
            throw new CitraException("--trainable-blocks " + trainableBlocks + " applies to a frozen backbone: add"
                    + " --freeze backbone.");
        }
        if (fineTuneEpochs > 0 && freeze != Freeze.BACKBONE) {
            throw new CitraException("--fine-tune-epochs " + fineTuneEpochs + " is the second stage after training the"
                    + " head on a frozen backbone: add --freeze backbone (or drop --fine-tune-epochs).");
        }
        if (fineTuneLr != null && !(fineTuneLr > 0 && fineTuneLr <= 10)) {
            throw new CitraException("--fine-tune-lr must be greater than 0 and at most 10, not " + fineTuneLr + ".");
        }
        range(TrainOptions.CACHE_VIEWS, cacheViews);
        if (fineTuneBlocks != null) {
            range(TrainOptions.FINE_TUNE_BLOCKS, fineTuneBlocks);
        }
        if (weights != null && !ImageNetWeights.requested(weights)
                && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(weights))) {
            throw new CitraException("Weights file " + weights + " does not exist: pass a Keras .h5 or .safetensors file"
                    + " with --weights, or --weights imagenet for the file 'citra weights fetch' cached.");
        }
        validateBackboneFile();
        dev.citra.data.DataOptions data = dataOptions();
        // Other formats' labels (CelebA attributes) are only known once the data is read.
        if (label != null && data.format() == dev.citra.data.DataFormat.MRL_EYE
                && !dev.citra.data.MrlEyeNames.FIELDS.contains(label)) {
            throw new CitraException("Unknown --label '" + label + "' for mrl-eye data: use one of "
                    + dev.citra.data.MrlEyeNames.FIELDS + ".");
        }
        range(TrainOptions.EPOCHS, epochs);
        range(TrainOptions.BATCH, batch);
        range(TrainOptions.IMG_SIZE, imgSize);
        if (channels != 1 && channels != 3) {
            throw new CitraException("--channels must be 1 or 3, not " + channels + ".");
        }
        if (!(lr > 0 && lr <= 10)) {
            throw new CitraException("--lr must be greater than 0 and at most 10, not " + lr + ".");
        }
        if (!(weightDecay >= 0 && weightDecay < 1)) {
            throw new CitraException("--weight-decay must be in [0, 1), not " + weightDecay + ".");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new CitraException("--momentum must be in [0, 1), not " + momentum + ".");
        }
        if (dropout != null && !(dropout >= 0 && dropout < 1)) {
            throw new CitraException("--dropout must be in [0, 1), not " + dropout + ".");
        }
        fraction("--val-split", valSplit);
        fraction("--test-split", testSplit);
        if (valSplit + testSplit >= 1) {
            throw new CitraException("--val-split + --test-split is " + (valSplit + testSplit)
                    + ": leave some data for training (their sum must be below 1).");
        }
        range(TrainOptions.WORKERS, workers);
        TrainOptions.LABEL_SMOOTHING.check(labelSmoothing);
        TrainOptions.MIXUP.check(mixup);
        TrainOptions.CUTMIX.check(cutmix);
        range(TrainOptions.TOP_K, topK);
        if (!Optimizers.NAMES.contains(optimizer.toLowerCase(java.util.Locale.ROOT))) {
            throw new CitraException("Unknown optimizer '" + optimizer + "': use one of " + Optimizers.NAMES + ".");
        }
        Normalization.resolve(normalize, architecture().name());
        ResizeMode.parse(resize);
        if (earlyStopping.patience() < 0) {
            throw new CitraException("--patience must be 0 (off) or more, not " + earlyStopping.patience() + ".");
        }
        Monitor.of(earlyStopping.monitor(), earlyStopping.mode());
        Monitor.of(reduceLr.monitor(), reduceLr.mode());
        if (reduceLr.patience() < 0) {
            throw new CitraException("--lr-patience must be 0 (off) or more, not " + reduceLr.patience() + ".");
        }
        if (!(reduceLr.factor() > 0 && reduceLr.factor() < 1)) {
            throw new CitraException("--lr-factor must be between 0 and 1, not " + reduceLr.factor() + ".");
        }
        validateSchedule();
        return this;
    }

    /** Warm-up belongs to a schedule and ends before the last epoch; a schedule spans one stage. */
    private void validateSchedule() {
        if (schedule != Schedule.CONSTANT && fineTuneEpochs > 0) {
            throw new CitraException("--schedule " + schedule.name().toLowerCase(java.util.Locale.ROOT) + " spans one"
                    + " stage: drop --fine-tune-epochs, or use --schedule constant with it.");
        }
        if (warmupEpochs == null) {
            return;
        }
        if (schedule == Schedule.CONSTANT) {
            throw new CitraException("--warmup-epochs " + warmupEpochs + " belongs to a schedule: add --schedule cosine"
                    + " or --schedule one_cycle (or drop --warmup-epochs).");
        }
        if (!(warmupEpochs > 0 && warmupEpochs < epochs)) {
            throw new CitraException("--warmup-epochs must be above 0 and below --epochs (" + epochs + "), not "
                    + warmupEpochs + ".");
        }
    }

    /** {@code --backbone-file} belongs to the torchscript and onnx models, and they need it. */
    private void validateBackboneFile() {
        boolean torchscript = model.equals(dev.citra.model.TorchScriptFeatures.NAME);
        boolean onnx = model.equals(dev.citra.model.OnnxFeatures.NAME);
        if (backboneFile != null && !torchscript && !onnx) {
            throw new CitraException("--backbone-file " + backboneFile + " is the backbone of --model torchscript (.pt)"
                    + " or --model onnx (.onnx): add one of them, or drop --backbone-file.");
        }
        if (!torchscript && !onnx) {
            return;
        }
        String example = torchscript ? "backbone.pt" : "backbone.onnx";
        if (backboneFile == null) {
            throw new CitraException("--model " + model + " needs its backbone: pass --backbone-file " + example + ".");
        }
        if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(backboneFile))) {
            throw new CitraException("Backbone file " + backboneFile + " does not exist: pass " + (torchscript
                    ? "a TorchScript .pt file (torch.jit.save(torch.jit.script(model), 'backbone.pt'))"
                    : "an ONNX file (torch.onnx.export(model, example, 'backbone.onnx'))") + " with --backbone-file.");
        }
        if (onnx && (freezeMode() != Freeze.BACKBONE || trainableBlocks > 0 || fineTuneEpochs > 0)) {
            throw new CitraException("An ONNX backbone runs in OnnxRuntime for inference only and cannot train: drop"
                    + " --freeze none, --trainable-blocks and --fine-tune-epochs (or use a TorchScript .pt with"
                    + " --model torchscript to fine-tune).");
        }
    }

    /** Checks a whole-number option against the range its table entry declares. */
    private static void range(TrainOption<Integer> option, int value) {
        long min = option.min().longValue();
        long max = option.max().longValue();
        if (value < min || value > max) {
            String name = option.flag() != null ? option.flag() : option.key();
            throw new CitraException(name + " must be between " + min + " and " + max + ", not " + value + ".");
        }
    }

    private static void fraction(String flag, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new CitraException(flag + " must be a fraction in [0, 1), not " + value + ".");
        }
    }
}
