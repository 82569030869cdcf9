package dev.citra.train;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.citra.CitraException;
import dev.citra.image.Augmentation;
import dev.citra.image.ImageSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a training run is made of, one record per concern. Users write it flat, as the option
 * table's keys ({@code img_size: 64}, or {@code --img-size 64}; flags win), and config.yaml is written
 * the same way; {@link ConfigIO} binds those keys into the records. Missing values take the table's
 * defaults.
 *
 * @param augment augmentation of training images, or null for none
 * @param seed seeds the split, shuffling, augmentation and the initial weights alike
 */
public record TrainConfig(DataConfig data, InputConfig input, ModelConfig model, TransferConfig transfer,
        OptimisationConfig optimisation, CallbacksConfig callbacks, Augmentation augment, OutputConfig output,
        long seed) {

    /** The config {@code values} describe; options not set take their defaults. Not validated. */
    public static TrainConfig of(OptionValues values) {
        return new TrainConfig(DataConfig.from(values), InputConfig.from(values), ModelConfig.from(values),
                TransferConfig.from(values), OptimisationConfig.from(values), CallbacksConfig.from(values),
                values.get(TrainOptions.AUGMENT), OutputConfig.from(values), values.get(TrainOptions.SEED));
    }

    /** Every option of this config, by key: what {@link #of} takes back. */
    public OptionValues values() {
        OptionValues v = new OptionValues();
        data.into(v);
        input.into(v);
        model.into(v);
        transfer.into(v);
        optimisation.into(v);
        callbacks.into(v);
        v.set(TrainOptions.AUGMENT, augment);
        output.into(v);
        v.set(TrainOptions.SEED, seed);
        return v;
    }

    /** The config as users write it and config.yaml holds it: the table's keys, flat. */
    @JsonValue
    public Map<String, Object> toYamlTree() {
        return values().toYamlTree();
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
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {}

        /** Sets any option. */
        public <T> Builder set(TrainOption<T> option, T value) {
            values.put(option.key(), value);
            return this;
        }

        public Builder data(Path data) {
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
        return of(new OptionValues());
    }

    /**
     * What {@code freeze} means when not given: {@code none}, but {@code backbone} for an ONNX
     * backbone, which cannot learn. Left null in the record, so that a merged config can still
     * tell an explicit {@code --freeze none} (refused for ONNX) from the default.
     */
    public Freeze freezeMode() {
        if (transfer.freeze() != null) {
            return transfer.freeze();
        }
        return model.onnx() ? Freeze.BACKBONE : Freeze.NONE;
    }

    /** Epochs of both stages: {@code epochs} (head, or everything) plus {@code fine_tune_epochs}. */
    public int totalEpochs() {
        return optimisation.epochs() + transfer.fineTuneEpochs();
    }

    /** The learning rate of the fine-tuning stage: {@code fine_tune_lr}, or a tenth of {@code lr}. */
    public double fineTuneLrOrDefault() {
        return transfer.fineTuneLr() == null ? optimisation.lr() / 10 : transfer.fineTuneLr();
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
        if (transfer.bnTrain() != null) {
            return transfer.bnTrain();
        }
        return (model.weights() == null && model.backboneFile() == null) || transfer.fineTuneEpochs() == 0;
    }

    /** The augmentation training applies: {@code augment}, or null when it is absent or changes nothing. */
    public Augmentation activeAugmentation() {
        return augment == null || augment.isIdentity() ? null : augment;
    }

    /** The network input this config asks for; {@code normalize: auto} takes the architecture's preset. */
    public ImageSpec imageSpec() {
        return input.imageSpec(model.architecture().name());
    }

    /** The trained network's input: {@link #imageSpec()} with {@code predict_blur}. */
    public ImageSpec predictionSpec() {
        return input.predictionSpec(model.architecture().name());
    }

    /**
     * Checks every value's range and how the parts fit together; the message names the flag and
     * the accepted range.
     *
     * @throws CitraException for the first value out of range
     */
    public TrainConfig validate() {
        model.validate();
        if (augment != null) {
            augment.validate();
        }
        transfer.validate();
        validateFreeze();
        data.validate();
        input.validate();
        optimisation.validate();
        callbacks.validate();
        output.validate();
        return this;
    }

    /** Trainable blocks and a fine-tuning stage need a frozen backbone; an ONNX one cannot learn at all. */
    private void validateFreeze() {
        Freeze freeze = freezeMode();
        int trainableBlocks = transfer.trainableBlocks();
        int fineTuneEpochs = transfer.fineTuneEpochs();
        if (trainableBlocks > 0 && freeze == Freeze.NONE) {
            throw new CitraException("--trainable-blocks " + trainableBlocks + " applies to a frozen backbone: add"
                    + " --freeze backbone.");
        }
        if (fineTuneEpochs > 0 && freeze != Freeze.BACKBONE) {
            throw new CitraException("--fine-tune-epochs " + fineTuneEpochs + " is the second stage after training the"
                    + " head on a frozen backbone: add --freeze backbone (or drop --fine-tune-epochs).");
        }
        if (model.onnx() && (freeze != Freeze.BACKBONE || trainableBlocks > 0 || fineTuneEpochs > 0)) {
            throw new CitraException("An ONNX backbone runs in OnnxRuntime for inference only and cannot train: drop"
                    + " --freeze none, --trainable-blocks and --fine-tune-epochs (or use a TorchScript .pt with"
                    + " --model torchscript to fine-tune).");
        }
    }
}
