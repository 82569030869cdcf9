package dev.citra.caption;

import static dev.citra.train.TrainOption.choice;
import static dev.citra.train.TrainOption.number;
import static dev.citra.train.TrainOption.text;
import static dev.citra.train.TrainOption.whole;

import dev.citra.train.TrainOption;
import java.util.List;

/**
 * Every option of {@code citra caption train}, declared once: its key, flag, default and help. The
 * config's defaults, the flags and the help text are made from this list.
 */
public final class CaptionOptions {
    private CaptionOptions() {}

    public static final TrainOption<String> DATA = text("data", null, "PATH",
            "Flickr8k as downloaded: a folder or .zip with Flickr8k.token.txt (or Kaggle's captions.txt) and the images.");
    public static final TrainOption<Double> VAL_SPLIT = number("val_split", 0.2, "F",
            "Share of the images held out (S0: 80:20), when the data has no split files.").range(0.01, 0.9);
    public static final TrainOption<String> ENCODER = text("encoder", "mobilenet_v2", "NAME",
            "The frozen image encoder: a backbone (mobilenet_v2, resnet50, inception_v3, densenet121, ...).");
    public static final TrainOption<String> WEIGHTS = text("weights", null, "FILE",
            "The encoder's ImageNet weights: a Keras .h5 (_notop or full) or safetensors file, or imagenet"
                    + " (the cached file); without it the encoder is random and captions are poor.");
    public static final TrainOption<Integer> IMG_SIZE = whole("img_size", null, "PX",
            "Encoder input size (default: the backbone's own, 224; inception_v3 299).").range(32, 1024);
    public static final TrainOption<String> NORMALIZE = text("normalize", "auto", "MODE",
            "Pixel normalisation: auto (the backbone's Keras preset), unit, symmetric, imagenet, caffe.");
    // inject by default: on flickr8k-mini it had the best BLEU-1 and BLEU-4 (beam 3) at a fifth of
    // attention's time per epoch, and merge (S0's) overfitted first; see the README's figures.
    public static final TrainOption<DecoderKind> DECODER = choice("decoder", DecoderKind.class, DecoderKind.INJECT,
            "HOW", "inject (image as the LSTM's initial state), merge (S0's: image and LSTM output added),"
                    + " attention (Show, Attend and Tell over the encoder's grid).");
    public static final TrainOption<Integer> VOCAB = whole("vocab", 5000, "N",
            "Vocabulary size, the special tokens included (S0: the 5,000 most frequent words).").range(5, 1_000_000);
    public static final TrainOption<Integer> MIN_COUNT = whole("min_count", 1, "N",
            "Words seen fewer times in the training captions become <unk>.").range(1, 1_000_000);
    public static final TrainOption<Integer> MAX_LENGTH = whole("max_length", 0, "N",
            "Longest caption in words, generated or learnt (0: the longest training caption).").range(0, 1000);
    public static final TrainOption<Integer> EMBED = whole("embed", 256, "N", "Word-embedding size.").range(1, 8192);
    public static final TrainOption<Integer> HIDDEN = whole("hidden", 256, "N", "LSTM state size.").range(1, 8192);
    public static final TrainOption<Double> DROPOUT = number("dropout", 0.5, "RATE",
            "Dropout on the image feature, the embeddings and the LSTM output.").range(0, 0.95);
    public static final TrainOption<Double> ATTENTION_REG = number("attention_reg", 1.0, "LAMBDA",
            "Attention decoder: weight of the doubly stochastic regularisation (each region attended about once in"
                    + " all; the mean over the regions).")
            .range(0, 1000);
    public static final TrainOption<Integer> EPOCHS = whole("epochs", 20, "N", "Epochs to train.").range(1, 100_000);
    public static final TrainOption<Integer> BATCH = whole("batch", 64, "N", "Captions per batch.").range(1, 4096);
    public static final TrainOption<Double> LR = number("lr", 1e-3, "RATE", "Adam's learning rate.").range(1e-9, 10);
    public static final TrainOption<Integer> PATIENCE = whole("patience", 5, "N",
            "Stop after N epochs without a better validation loss (0 = off).").range(0, 100_000);
    public static final TrainOption<Integer> LR_PATIENCE = whole("lr_patience", 2, "N",
            "Divide the learning rate by 10 after N epochs without a better validation loss (0 = off).")
            .range(0, 100_000);
    public static final TrainOption<Integer> BEAM = whole("beam", 3, "K",
            "Beam width of the report's beam-search captions (1 = greedy only).").range(1, 100);
    public static final TrainOption<Double> LENGTH_PENALTY = number("length_penalty", 0.7, "ALPHA",
            "Beam search ranks a caption by its log-probability / length^ALPHA (0: no normalisation).").range(0, 5);
    public static final TrainOption<Long> SEED = new TrainOption<>("seed", "--seed", Long.class, null, 42L, "N",
            "Random seed (split, initial weights, shuffling, dropout).", null, null);
    public static final TrainOption<Integer> WORKERS = whole("workers", null, "N",
            "Threads that decode images (default: the machine's cores).").range(1, 256);
    public static final TrainOption<String> NAME = text("name", null, "NAME", "Run name (default exp, exp2, ...).");
    public static final TrainOption<String> OUT = text("out", "runs", "DIR", "Folder of runs.");

    /** Every option, in help order. */
    public static final List<TrainOption<?>> ALL = List.of(DATA, VAL_SPLIT, ENCODER, WEIGHTS, IMG_SIZE, NORMALIZE,
            DECODER, VOCAB, MIN_COUNT, MAX_LENGTH, EMBED, HIDDEN, DROPOUT, ATTENTION_REG, EPOCHS, BATCH, LR, PATIENCE,
            LR_PATIENCE, BEAM, LENGTH_PENALTY, SEED, WORKERS, NAME, OUT);
}
