package dev.citra.train;

import dev.citra.CitraException;
import dev.citra.data.CacheMode;
import dev.citra.data.DataFormat;
import dev.citra.data.DataOptions;
import dev.citra.data.MrlEyeNames;

/**
 * Where the images come from and how they are split: {@code data}, {@code format}, labels, eye
 * crops, the validation and test fractions, class balancing, decoding threads and the image cache.
 *
 * @param path the folder, .zip or file ({@code data:}); null when not given yet
 * @param workers threads that decode and augment; the machine's cores when not given
 */
public record DataConfig(String path, String format, String label, String eye, Double eyeMargin, double valSplit,
        double testSplit, Balance balance, int workers, CacheMode cache) {

    static DataConfig from(OptionValues v) {
        Integer workers = v.get(TrainOptions.WORKERS);
        return new DataConfig(v.get(TrainOptions.DATA), v.get(TrainOptions.FORMAT), v.get(TrainOptions.LABEL),
                v.get(TrainOptions.EYE), v.get(TrainOptions.EYE_MARGIN), v.get(TrainOptions.VAL_SPLIT),
                v.get(TrainOptions.TEST_SPLIT), v.get(TrainOptions.BALANCE),
                workers == null ? Runtime.getRuntime().availableProcessors() : workers, v.get(TrainOptions.CACHE));
    }

    void into(OptionValues v) {
        v.set(TrainOptions.DATA, path).set(TrainOptions.FORMAT, format).set(TrainOptions.LABEL, label)
                .set(TrainOptions.EYE, eye).set(TrainOptions.EYE_MARGIN, eyeMargin)
                .set(TrainOptions.VAL_SPLIT, valSplit).set(TrainOptions.TEST_SPLIT, testSplit)
                .set(TrainOptions.BALANCE, balance).set(TrainOptions.WORKERS, workers).set(TrainOptions.CACHE, cache);
    }

    /** How to read {@link #path()}: format, labels, eye crops. */
    public DataOptions options() {
        return DataOptions.of(format, label, eye, eyeMargin);
    }

    /** Checks the format, the label and the fractions; the message names the flag. */
    void validate() {
        DataOptions data = options();
        // Other formats' labels (CelebA attributes) are only known once the data is read.
        if (label != null && data.format() == DataFormat.MRL_EYE && !MrlEyeNames.FIELDS.contains(label)) {
            throw new CitraException("Unknown --label '" + label + "' for mrl-eye data: use one of "
                    + MrlEyeNames.FIELDS + ".");
        }
        fraction("--val-split", valSplit);
        fraction("--test-split", testSplit);
        if (valSplit + testSplit >= 1) {
            throw new CitraException("--val-split + --test-split is " + (valSplit + testSplit)
                    + ": leave some data for training (their sum must be below 1).");
        }
        TrainOptions.WORKERS.check(workers);
    }

    private static void fraction(String flag, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new CitraException(flag + " must be a fraction in [0, 1), not " + value + ".");
        }
    }
}
