package dev.citra.train;

import static dev.citra.train.TrainOption.bool;
import static dev.citra.train.TrainOption.choice;
import static dev.citra.train.TrainOption.number;
import static dev.citra.train.TrainOption.text;
import static dev.citra.train.TrainOption.whole;

import dev.citra.data.CacheMode;
import dev.citra.image.Augmentation;
import dev.citra.image.ImageSpec;
import dev.citra.image.NormalizeMode;
import dev.citra.image.ResizeMode;
import dev.citra.model.LayerSpec;
import dev.citra.train.optim.OptimizerKind;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every training option, in the order the help shows them. The config's defaults, {@code citra
 * train --help} and the README's option table are all made from this list, so they cannot drift.
 */
public final class TrainOptions {
    private TrainOptions() {}

    /** Help texts shared with flags declared elsewhere (the data flags of eval and data inspect). */
    public static final class Help {
        private Help() {}

        public static final String FORMAT = "Data layout: auto (detect it), folder, fer2013-csv, mrl-eye, celeba-eyes,"
                + " flickr8k.";
        public static final String LABEL = "What to label by: a field of MRL Eye file names (eye_state, gender, glasses,"
                + " reflections, lighting, sensor) or a CelebA attribute (Male, Smiling, ...); default eye_state or Male.";
        public static final String EYE = "CelebA eye crops: left (default), right, or both (one box spanning the two eyes).";
        public static final String EYE_MARGIN = "CelebA eye crops: margin around the eye(s) as a fraction of the distance"
                + " between the eyes (default 0.5).";
    }

    // Data
    public static final TrainOption<String> DATA = text("data", null, "PATH",
            "Folder or .zip with one sub-folder per class, or another layout (see format).");
    public static final TrainOption<String> FORMAT = text("format", "auto", "FORMAT", Help.FORMAT);
    public static final TrainOption<String> LABEL = text("label", null, "NAME", Help.LABEL);
    public static final TrainOption<String> EYE = text("eye", null, "WHICH", Help.EYE);
    public static final TrainOption<Double> EYE_MARGIN = number("eye_margin", null, "F", Help.EYE_MARGIN);
    public static final TrainOption<Double> VAL_SPLIT = number("val_split", 0.2, "F",
            "Validation fraction, stratified.");
    public static final TrainOption<Double> TEST_SPLIT = number("test_split", 0.1, "F",
            "Test fraction, stratified.");
    public static final TrainOption<Balance> BALANCE = choice("balance", Balance.class, Balance.NONE, "HOW",
            "Even out classes: none, weights (class-weighted loss, n/(classes*n_c)) or oversample (repeat smaller"
                    + " classes each epoch).");
    public static final TrainOption<Integer> WORKERS = whole("workers", null, "N",
            "Threads that decode and augment images (default: the machine's cores).").range(1, 256);
    public static final TrainOption<CacheMode> CACHE = choice("cache", CacheMode.class, CacheMode.AUTO, "WHERE",
            "Where decoded images are kept between epochs: ram, disk or none (decode every epoch); auto picks by size"
                    + " and says so.");

    // Input
    public static final TrainOption<Integer> IMG_SIZE = whole("img_size", 64, "PX", "Square input size in pixels.")
            .range(8, 1024);
    public static final TrainOption<Integer> CHANNELS = whole("channels", 3, "1|3", "1 = grey, 3 = RGB.");
    public static final TrainOption<NormalizeMode> NORMALIZE = choice("normalize", NormalizeMode.class,
            NormalizeMode.AUTO, "MODE",
            "auto (the backbone's Keras preprocess_input, unit for custom CNNs), unit [0,1], symmetric (tf) [-1,1],"
                    + " torch (imagenet) /255 then mean/std, caffe (BGR minus the mean pixel).");
    public static final TrainOption<ResizeMode> RESIZE = choice("resize", ResizeMode.class, ResizeMode.STRETCH, "MODE",
            "stretch (both sides to img_size), pad (keep the aspect ratio, centred on black) or crop (keep the aspect"
                    + " ratio, centre square).");
    public static final TrainOption<Boolean> GREY = bool("grey", false,
            "Turn images grey first; with channels 3 the grey value fills R, G and B (grey images on an RGB backbone).");
    public static final TrainOption<Double> PREDICT_BLUR = number("predict_blur", 0.0, "SIGMA",
            "Gaussian blur, its standard deviation in input pixels, of every image the trained model is shown: the"
                    + " test part, eval, predict, the server, live video (stored in the model); not the training or"
                    + " validation images. For training images blurrier than those; `citra data inspect` suggests a"
                    + " SIGMA (0: none).").range(0, ImageSpec.MAX_BLUR);

    // Model
    public static final TrainOption<String> MODEL = text("model", "simple-cnn", "NAME",
            "Architecture: simple-cnn, fer-cnn, custom (layers: in YAML), or a backbone: mobilenet_v2, inception_v3,"
                    + " resnet50, densenet121, densenet169, densenet201; torchscript or onnx (with backbone_file).");
    public static final TrainOption<List> LAYERS = new TrainOption<>("layers", null, List.class, LayerSpec.class, null,
            "", "The custom model's layers, in YAML only (see the README's custom CNN section).", null, null);
    public static final TrainOption<Double> WIDTH = number("width", null, "ALPHA",
            "Width multiplier for mobilenet_v2 (0.35-1.4; default 1.0).");
    public static final TrainOption<Double> DROPOUT = number("dropout", null, "RATE", "Dropout rate (default per model).");
    public static final TrainOption<List> HEAD_HIDDEN = new TrainOption<>("head.hidden", "--head-hidden", List.class,
            Integer.class, null, "UNITS", "Hidden Dense+ReLU layers of a backbone's head, e.g. 128 or 256,64"
                    + " (default none).", null, null);
    public static final TrainOption<String> HEAD_POOLING = text("head.pooling", null, "HOW",
            "Pooling of a backbone's head: avg (default), max or flatten.").flag("--head-pooling");
    public static final TrainOption<Boolean> HEAD_BATCHNORM = bool("head.batchnorm", null,
            "BatchNormalization on the backbone's features before pooling (S1's head).").flag("--head-batchnorm");
    public static final TrainOption<String> WEIGHTS = text("weights", null, "FILE",
            "Start from weights: a Keras .h5 or .safetensors file, or imagenet for the Keras Applications file cached"
                    + " by citra weights fetch; a head of another size is left to train.");
    public static final TrainOption<Boolean> WEIGHTS_STRICT = bool("weights_strict", true,
            "Fail on any missing, unexpected or mis-shaped weight; false loads what matches and logs the rest.");
    public static final TrainOption<String> BACKBONE_FILE = text("backbone_file", null, "FILE",
            "The backbone of model torchscript (.pt) or onnx (.onnx, frozen); it is copied into every saved bundle.");

    // Transfer learning
    public static final TrainOption<Freeze> FREEZE = choice("freeze", Freeze.class, null, "WHAT",
            "none (default; backbone for model onnx) or backbone: only the head trains; the backbone runs in"
                    + " inference mode (BatchNorm statistics kept).");
    public static final TrainOption<Integer> TRAINABLE_BLOCKS = whole("trainable_blocks", 0, "N",
            "With freeze backbone: the backbone's last N blocks train too.").range(0, 10_000);
    public static final TrainOption<Integer> FINE_TUNE_EPOCHS = whole("fine_tune_epochs", 0, "N",
            "Second stage (fastai fine_tune): after epochs on a frozen backbone, unfreeze and train N more epochs"
                    + " (0 = off).").range(0, 100_000);
    public static final TrainOption<Double> FINE_TUNE_LR = number("fine_tune_lr", null, "RATE",
            "Learning rate of the fine-tuning stage (default lr / 10).");
    public static final TrainOption<Integer> FINE_TUNE_BLOCKS = whole("fine_tune_blocks", null, "N",
            "Fine-tune only the backbone's last N blocks (default: all of it).").range(1, 10_000);
    public static final TrainOption<Boolean> BN_TRAIN = bool("bn_train", null,
            "Whether a trainable backbone's BatchNorm layers use batch statistics and update their moving ones (true,"
                    + " fastai) or stay in inference mode while they learn (false, Keras's fine-tuning advice; the"
                    + " default in the fine_tune_epochs stage of pretrained weights, true otherwise).");
    public static final TrainOption<Boolean> CACHE_FEATURES = bool("cache_features", true,
            "With a wholly frozen backbone, compute its features once and train the head on them.");
    public static final TrainOption<Integer> CACHE_VIEWS = whole("cache_views", 0, "K",
            "With augmentation and a frozen backbone: cache K augmented views per image (0: no cache, augment every"
                    + " epoch).").range(0, 1000);

    // Optimisation
    public static final TrainOption<Integer> EPOCHS = whole("epochs", 20, "N", "Epochs to train.").range(1, 100_000);
    public static final TrainOption<Integer> BATCH = whole("batch", 32, "N", "Batch size.").range(1, 4096);
    public static final TrainOption<Double> LR = number("lr", 1e-3, "RATE", "Initial learning rate.");
    public static final TrainOption<OptimizerKind> OPTIMIZER = choice("optimizer", OptimizerKind.class,
            OptimizerKind.ADAM, "NAME",
            "adam, adamw (decoupled weight decay, PyTorch's AdamW), sgd (with momentum) or rmsprop.");
    public static final TrainOption<Double> MOMENTUM = number("momentum", 0.9, "M", "SGD momentum.");
    public static final TrainOption<Double> WEIGHT_DECAY = number("weight_decay", 0.0, "WD",
            "L2 weight decay (added to the gradient); with adamw, decoupled decay (PyTorch's default is 0.01).");
    public static final TrainOption<Schedule> SCHEDULE = choice("schedule", Schedule.class, Schedule.CONSTANT, "NAME",
            "Learning-rate schedule, set every step: constant (reduce_lr may lower it), cosine (warm-up, then cosine"
                    + " to 0) or one_cycle (PyTorch's OneCycleLR, lr/25 up to lr, then down); cosine and one_cycle turn"
                    + " reduce_lr off.");
    public static final TrainOption<Double> WARMUP_EPOCHS = number("warmup_epochs", null, "N",
            "Epochs (fractions allowed) of linear warm-up for cosine, of the rising phase for one_cycle (default: 0"
                    + " for cosine, 30% of epochs for one_cycle).");

    // Regularisation
    public static final TrainOption<Double> LABEL_SMOOTHING = number("label_smoothing", 0.0, "EPS",
            "Label smoothing: targets put 1-EPS on the true class and spread EPS over all classes (0.1 is usual;"
                    + " for noisy labels or an over-confident network).").range(0, 0.99);
    public static final TrainOption<Double> MIXUP = number("mixup", 0.0, "ALPHA",
            "Mixup: each training batch is blended with a shuffled copy of itself, images and targets, by a weight"
                    + " drawn from Beta(ALPHA, ALPHA) (0 = off; 0.2-0.4 usual; for small data sets that overfit;"
                    + " give it more epochs).").range(0, 10);
    public static final TrainOption<Double> CUTMIX = number("cutmix", 0.0, "ALPHA",
            "CutMix: a box of another image of the batch is pasted in and the targets mixed by its area, the box's"
                    + " size drawn from Beta(ALPHA, ALPHA) (0 = off; 1.0 usual); with mixup as well, each batch"
                    + " takes one of the two at random.").range(0, 10);

    // Callbacks
    public static final TrainOption<Integer> PATIENCE = whole("early_stopping.patience", 10, "N",
            "Early stopping patience in epochs; 0 = off.").flag("--patience").range(0, 100_000);
    public static final TrainOption<String> MONITOR = text("early_stopping.monitor", "val_loss", "METRIC",
            "Metric for early stopping, checkpoints and (as a flag) LR reduction: val_loss, val_accuracy, loss,"
                    + " accuracy.").flag("--monitor");
    public static final TrainOption<String> MODE = text("early_stopping.mode", "auto", "MODE",
            "min, max or auto (max for accuracy, min for loss).").yamlOnly();
    public static final TrainOption<Double> MIN_DELTA = number("early_stopping.min_delta", 0.0, "D",
            "Smallest change that counts as an improvement for early stopping.").flag("--min-delta");
    public static final TrainOption<Boolean> RESTORE_BEST = bool("early_stopping.restore_best", true,
            "End the run with the best epoch's weights (true): the report, its figures and the model the run"
                    + " points to are best/'s; false: the last epoch's (last/). Both are saved either way.")
            .flag("--restore-best");
    public static final TrainOption<Integer> LR_PATIENCE = whole("reduce_lr.patience", 5, "N",
            "Reduce the learning rate after N epochs without improvement; 0 = off.").flag("--lr-patience")
            .range(0, 100_000);
    public static final TrainOption<String> LR_MONITOR = text("reduce_lr.monitor", "val_loss", "METRIC",
            "Metric for LR reduction (the --monitor flag sets it too).").yamlOnly();
    public static final TrainOption<String> LR_MODE = text("reduce_lr.mode", "auto", "MODE",
            "min, max or auto.").yamlOnly();
    public static final TrainOption<Double> LR_FACTOR = number("reduce_lr.factor", 0.1, "F",
            "Factor for LR reduction, between 0 and 1.").flag("--lr-factor");
    public static final TrainOption<Double> MIN_LR = number("reduce_lr.min_lr", 1e-6, "LR",
            "Lower bound of the learning rate.").flag("--min-lr");
    public static final TrainOption<Double> LR_MIN_DELTA = number("reduce_lr.min_delta", 1e-4, "D",
            "Smallest change that counts as an improvement for LR reduction.").yamlOnly();

    // Output
    public static final TrainOption<Long> SEED = new TrainOption<>("seed", "--seed", Long.class, null, 42L, "N",
            "Seed for the split, shuffling, augmentation and initial weights.", null, null);
    public static final TrainOption<Integer> TOP_K = whole("top_k", 3, "K", "k of the top-k accuracy in the report.")
            .range(1, 1000);
    public static final TrainOption<String> NAME = text("name", null, "NAME", "Run name (default exp, exp2, ...).");
    public static final TrainOption<String> OUT = text("out", "runs", "DIR", "Folder of runs.");
    public static final TrainOption<Augmentation> AUGMENT = new TrainOption<>("augment", null, Augmentation.class, null,
            null, "",
            "Augmentation of training images, in YAML only: rotation_range, width_shift_range, height_shift_range,"
                    + " zoom_range, horizontal_flip, vertical_flip, fill_mode, brightness_range (Keras's names).",
            null, null);

    /** Every option, in help order. */
    public static final List<TrainOption<?>> ALL = List.of(DATA, FORMAT, LABEL, EYE, EYE_MARGIN, VAL_SPLIT, TEST_SPLIT,
            BALANCE, WORKERS, CACHE, IMG_SIZE, CHANNELS, NORMALIZE, RESIZE, GREY, PREDICT_BLUR, MODEL, LAYERS, WIDTH,
            DROPOUT, HEAD_HIDDEN, HEAD_POOLING, HEAD_BATCHNORM, WEIGHTS, WEIGHTS_STRICT, BACKBONE_FILE, FREEZE,
            TRAINABLE_BLOCKS, FINE_TUNE_EPOCHS, FINE_TUNE_LR, FINE_TUNE_BLOCKS, BN_TRAIN, CACHE_FEATURES, CACHE_VIEWS,
            EPOCHS, BATCH, LR, OPTIMIZER, MOMENTUM, WEIGHT_DECAY, SCHEDULE, WARMUP_EPOCHS, LABEL_SMOOTHING, MIXUP,
            CUTMIX, PATIENCE, MONITOR, MODE, MIN_DELTA, RESTORE_BEST, LR_PATIENCE, LR_MONITOR, LR_MODE, LR_FACTOR,
            MIN_LR, LR_MIN_DELTA, SEED, TOP_K, NAME, OUT, AUGMENT);

    /** The option with {@code key}, or null. */
    public static TrainOption<?> byKey(String key) {
        return ALL.stream().filter(o -> o.key().equals(key)).findFirst().orElse(null);
    }

    /** The README's option table, in Markdown. */
    public static String markdownTable() {
        String rows = ALL.stream()
                .map(o -> "| `" + o.key() + "` | " + (o.flag() == null ? "" : "`" + o.flag() + "`") + " | "
                        + (o.defaultValue() == null ? "" : "`" + o.defaultText() + "`") + " | "
                        + o.help().replace("|", "\\|") + " |")
                .collect(Collectors.joining("\n"));
        return "| key | flag | default | what it does |\n| --- | --- | --- | --- |\n" + rows + "\n";
    }
}
