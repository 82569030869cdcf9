package dev.citra.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.citra.CitraException;
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
        String freeze,
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
        Integer topK,
        String balance,
        EarlyStoppingConfig earlyStopping,
        ReduceLrConfig reduceLr,
        Augmentation augment) {

    public TrainConfig {
        model = model == null ? "simple-cnn" : model;
        trainableBlocks = trainableBlocks == null ? 0 : trainableBlocks;
        fineTuneEpochs = fineTuneEpochs == null ? 0 : fineTuneEpochs;
        cacheFeatures = cacheFeatures == null ? Boolean.TRUE : cacheFeatures;
        cacheViews = cacheViews == null ? 0 : cacheViews;
        weightsStrict = weightsStrict == null ? Boolean.TRUE : weightsStrict;
        imgSize = imgSize == null ? 64 : imgSize;
        channels = channels == null ? 3 : channels;
        normalize = normalize == null ? Normalization.AUTO : normalize;
        resize = resize == null ? ResizeMode.STRETCH.id() : resize;
        grey = grey != null && grey;
        epochs = epochs == null ? 20 : epochs;
        batch = batch == null ? 32 : batch;
        lr = lr == null ? 1e-3 : lr;
        optimizer = optimizer == null ? "adam" : optimizer;
        momentum = momentum == null ? 0.9 : momentum;
        weightDecay = weightDecay == null ? 0.0 : weightDecay;
        valSplit = valSplit == null ? 0.2 : valSplit;
        testSplit = testSplit == null ? 0.1 : testSplit;
        seed = seed == null ? 42L : seed;
        out = out == null ? "runs" : out;
        workers = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        topK = topK == null ? 3 : topK;
        balance = balance == null ? "none" : balance;
        earlyStopping = earlyStopping == null ? EarlyStoppingConfig.defaults() : earlyStopping;
        reduceLr = reduceLr == null ? ReduceLrConfig.defaults() : reduceLr;
        layers = layers == null ? null : List.copyOf(layers);
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
    public String freezeMode() {
        if (freeze != null) {
            return freeze;
        }
        return model.equals(dev.citra.model.OnnxFeatures.NAME) ? "backbone" : "none";
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
     * for a pretrained backbone ({@code weights} or a TorchScript backbone file) and true otherwise.
     */
    public boolean bnTrainOrDefault() {
        if (bnTrain != null) {
            return bnTrain;
        }
        return weights == null && backboneFile == null;
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
        if (!List.of("none", "weights", "oversample").contains(balance)) {
            throw new CitraException("Unknown --balance '" + balance + "': use none, weights (class-weighted loss) or"
                    + " oversample (repeat smaller classes each epoch).");
        }
        String freeze = freezeMode();
        if (!freeze.equals("none") && !freeze.equals("backbone")) {
            throw new CitraException("Unknown --freeze '" + freeze + "': use none (everything trains) or backbone"
                    + " (only the head trains; the backbone runs in inference mode).");
        }
        range("--trainable-blocks", trainableBlocks, 0, 10_000);
        range("--fine-tune-epochs", fineTuneEpochs, 0, 100_000);
        if (trainableBlocks > 0 && freeze.equals("none")) {
            throw new CitraException("--trainable-blocks " + trainableBlocks + " applies to a frozen backbone: add"
                    + " --freeze backbone.");
        }
        if (fineTuneEpochs > 0 && !freeze.equals("backbone")) {
            throw new CitraException("--fine-tune-epochs " + fineTuneEpochs + " is the second stage after training the"
                    + " head on a frozen backbone: add --freeze backbone (or drop --fine-tune-epochs).");
        }
        if (fineTuneLr != null && !(fineTuneLr > 0 && fineTuneLr <= 10)) {
            throw new CitraException("--fine-tune-lr must be greater than 0 and at most 10, not " + fineTuneLr + ".");
        }
        range("--cache-views", cacheViews, 0, 1000);
        if (fineTuneBlocks != null) {
            range("--fine-tune-blocks", fineTuneBlocks, 1, 10_000);
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
        range("--epochs", epochs, 1, 100_000);
        range("--batch", batch, 1, 4096);
        range("--img-size", imgSize, 8, 1024);
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
        range("--workers", workers, 1, 256);
        range("--top-k", topK, 1, 1000);
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
        return this;
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
        if (onnx && (!freezeMode().equals("backbone") || trainableBlocks > 0 || fineTuneEpochs > 0)) {
            throw new CitraException("An ONNX backbone runs in OnnxRuntime for inference only and cannot train: drop"
                    + " --freeze none, --trainable-blocks and --fine-tune-epochs (or use a TorchScript .pt with"
                    + " --model torchscript to fine-tune).");
        }
    }

    private static void range(String flag, int value, int min, int max) {
        if (value < min || value > max) {
            throw new CitraException(flag + " must be between " + min + " and " + max + ", not " + value + ".");
        }
    }

    private static void fraction(String flag, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new CitraException(flag + " must be a fraction in [0, 1), not " + value + ".");
        }
    }
}
