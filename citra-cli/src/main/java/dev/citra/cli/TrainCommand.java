package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.train.ConfigIO;
import dev.citra.train.RunResult;
import dev.citra.train.TrainConfig;
import dev.citra.train.TrainingJob;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code citra train}: trains a classifier and writes a run directory. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        header = "Train an image classifier; writes a run folder with checkpoints and a report.",
        sortOptions = false,
        description = {
            "Train an image classifier on a folder (or .zip) with one sub-folder per class, a FER-2013 CSV,",
            "MRL Eye images or CelebA eye crops (the format is detected; --format forces it).",
            "Every option can also be set in --config run.yaml (key = option name with '_' for '-',",
            "e.g. img_size: 64; early_stopping: {patience: 5}); options given here win."
        })
public class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "PATH", description = "Folder or .zip with one sub-folder per class, or another layout (see --format).")
    String data;

    @Mixin
    DataFlags dataFlags = new DataFlags();

    @Option(names = "--config", paramLabel = "YAML", description = "A run config in YAML (see citra train --help).")
    Path config;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue the run in this folder from its last/ checkpoint.")
    Path resume;

    @Option(names = "--model", paramLabel = "NAME", description = "Architecture: simple-cnn (default), fer-cnn, custom (layers: in --config), or a backbone: mobilenet_v2, inception_v3, resnet50, densenet121, densenet201; torchscript or onnx (with --backbone-file).")
    String model;

    @Option(names = "--weights", paramLabel = "FILE", description = "Start from weights: a Keras .h5 or .safetensors file, or imagenet for the Keras Applications file cached by citra weights fetch; a head of another size is left to train.")
    String weights;

    @Option(names = "--backbone-file", paramLabel = "FILE", description = "The backbone of --model torchscript (.pt) or --model onnx (.onnx, frozen); it is copied into every saved bundle.")
    String backboneFile;

    @Option(names = "--weights-strict", paramLabel = "BOOL", arity = "1", description = "Fail on any missing, unexpected or mis-shaped weight (default true); false loads what matches and logs the rest.")
    Boolean weightsStrict;

    @Option(names = "--freeze", paramLabel = "WHAT", description = "none (default; backbone for --model onnx) or backbone: only the head trains; the backbone runs in inference mode (BatchNorm statistics kept).")
    String freeze;

    @Option(names = "--trainable-blocks", paramLabel = "N", description = "With --freeze backbone: the backbone's last N blocks train too (default 0).")
    Integer trainableBlocks;

    @Option(names = "--fine-tune-epochs", paramLabel = "N", description = "Second stage (fastai fine_tune): after --epochs on a frozen backbone, unfreeze and train N more epochs (default 0 = off).")
    Integer fineTuneEpochs;

    @Option(names = "--fine-tune-lr", paramLabel = "RATE", description = "Learning rate of the fine-tuning stage (default --lr / 10).")
    Double fineTuneLr;

    @Option(names = "--fine-tune-blocks", paramLabel = "N", description = "Fine-tune only the backbone's last N blocks (default: all of it).")
    Integer fineTuneBlocks;

    @Option(names = "--head-hidden", paramLabel = "UNITS", split = ",", description = "Hidden Dense+ReLU layers of a backbone's head, e.g. 128 or 256,64 (default none).")
    List<Integer> headHidden;

    @Option(names = "--head-pooling", paramLabel = "HOW", description = "Pooling of a backbone's head: avg (default), max or flatten.")
    String headPooling;

    @Option(names = "--head-batchnorm", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true", description = "BatchNormalization on the backbone's features before pooling (S1's head).")
    Boolean headBatchnorm;

    @Option(names = "--bn-train", paramLabel = "BOOL", arity = "1", description = "Whether a trainable backbone's BatchNorm layers use batch statistics and update their moving ones (true, fastai) or stay in inference mode while they learn (false, Keras's fine-tuning advice; the default for pretrained weights).")
    Boolean bnTrain;

    @Option(names = "--cache-features", paramLabel = "BOOL", arity = "1", description = "With a wholly frozen backbone, compute its features once and train the head on them (default true).")
    Boolean cacheFeatures;

    @Option(names = "--cache-views", paramLabel = "K", description = "With augmentation and a frozen backbone: cache K augmented views per image (default 0: no cache, augment every epoch).")
    Integer cacheViews;

    @Option(names = "--img-size", paramLabel = "PX", description = "Square input size in pixels (default 64).")
    Integer imgSize;

    @Option(names = "--channels", paramLabel = "1|3", description = "1 = grey, 3 = RGB (default 3).")
    Integer channels;

    @Option(names = "--grey", paramLabel = "BOOL", arity = "0..1", description = "Turn images grey first; with --channels 3 the grey value fills R, G and B (grey images on an RGB backbone).")
    Boolean grey;

    @Option(names = "--resize", paramLabel = "MODE", description = "stretch (default: both sides to --img-size), pad (keep the aspect ratio, centred on black) or crop (keep the aspect ratio, centre square).")
    String resize;

    @Option(names = "--normalize", paramLabel = "MODE", description = "auto (default: the backbone's Keras preprocess_input, unit for custom CNNs), unit [0,1], symmetric (tf) [-1,1], torch (imagenet) /255 then mean/std, caffe (BGR minus the mean pixel).")
    String normalize;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs to train (default 20).")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Batch size (default 32).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "Initial learning rate (default 0.001).")
    Double lr;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "adam (default), sgd (momentum 0.9), rmsprop.")
    String optimizer;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum (default 0.9).")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "WD", description = "L2 weight decay (default 0).")
    Double weightDecay;

    @Option(names = "--dropout", paramLabel = "RATE", description = "Dropout rate (default per model).")
    Double dropout;

    @Option(names = "--width", paramLabel = "ALPHA", description = "Width multiplier for mobilenet_v2 (0.35-1.4).")
    Double width;

    @Option(names = "--val-split", paramLabel = "F", description = "Validation fraction, stratified (default 0.2).")
    Double valSplit;

    @Option(names = "--test-split", paramLabel = "F", description = "Test fraction, stratified (default 0.1).")
    Double testSplit;

    @Option(names = "--split", paramLabel = "TRAIN,VAL,TEST", split = ",",
            description = "All three fractions at once, e.g. 0.7,0.15,0.15 (sum 1); instead of --val-split/--test-split.")
    List<Double> split;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for the split, shuffling and initial weights (default 42).")
    Long seed;

    @Option(names = "--patience", paramLabel = "N", description = "Early stopping patience in epochs; 0 = off (default 10).")
    Integer patience;

    @Option(names = "--monitor", paramLabel = "METRIC", description = "Metric for early stopping, checkpoints and LR reduction: val_loss (default), val_accuracy, loss, accuracy.")
    String monitor;

    @Option(names = "--min-delta", paramLabel = "D", description = "Smallest change that counts as an improvement for early stopping (default 0).")
    Double minDelta;

    @Option(names = "--restore-best", paramLabel = "BOOL", arity = "1", description = "Restore the best weights when early stopping ends training (default true).")
    Boolean restoreBest;

    @Option(names = "--lr-patience", paramLabel = "N", description = "Reduce the LR after N epochs without improvement; 0 = off (default 5).")
    Integer lrPatience;

    @Option(names = "--lr-factor", paramLabel = "F", description = "Factor for LR reduction (default 0.1).")
    Double lrFactor;

    @Option(names = "--min-lr", paramLabel = "LR", description = "Lower bound of the learning rate (default 1e-6).")
    Double minLr;

    @Option(names = "--balance", paramLabel = "HOW", description = "Even out classes: none (default), weights (class-weighted loss, n/(classes*n_c)) or oversample (repeat smaller classes each epoch).")
    String balance;

    @Option(names = "--top-k", paramLabel = "K", description = "k of the top-k accuracy in the report (default 3).")
    Integer topK;

    @Option(names = "--workers", paramLabel = "N", description = "Threads that decode images (default: cores).")
    Integer workers;

    @Option(names = "--name", paramLabel = "NAME", description = "Run name (default exp, exp2, ...).")
    String name;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder of runs (default runs/).")
    String out;

    /** The flags given, as config keys (snake_case, nested with '.'). */
    Map<String, Object> overrides() {
        Map<String, Object> m = new LinkedHashMap<>();
        Double val = valSplit;
        Double test = testSplit;
        if (split != null) {
            if (valSplit != null || testSplit != null) {
                throw new CitraException("Give either --split or --val-split/--test-split, not both.");
            }
            if (split.size() != 3 || Math.abs(split.get(0) + split.get(1) + split.get(2) - 1) > 1e-6
                    || split.stream().anyMatch(f -> f < 0)) {
                throw new CitraException("--split needs three fractions train,val,test that sum to 1, e.g. 0.7,0.15,0.15; got "
                        + split + ".");
            }
            val = split.get(1);
            test = split.get(2);
        }
        m.put("data", data);
        dataFlags.addTo(m);
        m.put("model", model);
        m.put("weights", weights);
        m.put("weights_strict", weightsStrict);
        m.put("backbone_file", backboneFile);
        m.put("freeze", freeze);
        m.put("trainable_blocks", trainableBlocks);
        m.put("fine_tune_epochs", fineTuneEpochs);
        m.put("fine_tune_lr", fineTuneLr);
        m.put("fine_tune_blocks", fineTuneBlocks);
        m.put("head.hidden", headHidden);
        m.put("head.pooling", headPooling);
        m.put("head.batchnorm", headBatchnorm);
        m.put("bn_train", bnTrain);
        m.put("cache_features", cacheFeatures);
        m.put("cache_views", cacheViews);
        m.put("img_size", imgSize);
        m.put("channels", channels);
        m.put("grey", grey);
        m.put("resize", resize);
        m.put("normalize", normalize);
        m.put("epochs", epochs);
        m.put("batch", batch);
        m.put("lr", lr);
        m.put("optimizer", optimizer);
        m.put("momentum", momentum);
        m.put("weight_decay", weightDecay);
        m.put("dropout", dropout);
        m.put("width", width);
        m.put("val_split", val);
        m.put("test_split", test);
        m.put("seed", seed);
        m.put("early_stopping.patience", patience);
        m.put("early_stopping.monitor", monitor);
        m.put("early_stopping.min_delta", minDelta);
        m.put("early_stopping.restore_best", restoreBest);
        m.put("reduce_lr.patience", lrPatience);
        m.put("reduce_lr.monitor", monitor);
        m.put("reduce_lr.factor", lrFactor);
        m.put("reduce_lr.min_lr", minLr);
        m.put("top_k", topK);
        m.put("balance", balance);
        m.put("workers", workers);
        m.put("name", name);
        m.put("out", out);
        m.values().removeIf(java.util.Objects::isNull);
        return m;
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
            if (merged.data() == null) {
                throw new CitraException("No data given: pass --data <folder or .zip with one sub-folder per class>, or data: in --config.");
            }
            result = new TrainingJob(merged, System.out).run();
        }
        Summary.print(result, System.out);
        return 0;
    }
}
