package dev.citra.train;

import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.NormalizeMode;
import dev.citra.image.ResizeMode;

/**
 * What the network sees: a square of {@code imgSize} pixels with 1 or 3 channels, resized,
 * optionally greyed and normalised ({@code auto}: the architecture's preset); once trained, its
 * inputs are also blurred by {@code predictBlur} (0: not).
 */
public record InputConfig(int imgSize, int channels, NormalizeMode normalize, ResizeMode resize, boolean grey,
        double predictBlur) {

    static InputConfig from(OptionValues v) {
        return new InputConfig(v.get(TrainOptions.IMG_SIZE), v.get(TrainOptions.CHANNELS),
                v.get(TrainOptions.NORMALIZE), v.get(TrainOptions.RESIZE), v.get(TrainOptions.GREY),
                v.get(TrainOptions.PREDICT_BLUR));
    }

    void into(OptionValues v) {
        v.set(TrainOptions.IMG_SIZE, imgSize).set(TrainOptions.CHANNELS, channels)
                .set(TrainOptions.NORMALIZE, normalize).set(TrainOptions.RESIZE, resize).set(TrainOptions.GREY, grey)
                .set(TrainOptions.PREDICT_BLUR, predictBlur);
    }

    /**
     * The network input for {@code architecture} (which decides what {@code normalize: auto} means)
     * while it trains.
     */
    public ImageSpec imageSpec(String architecture) {
        return new ImageSpec(imgSize, channels, normalize.resolve(architecture), resize, grey);
    }

    /** The input of the trained network, which predictions, the test part and the saved model use. */
    public ImageSpec predictionSpec(String architecture) {
        return imageSpec(architecture).withBlur(predictBlur);
    }

    void validate() {
        TrainOptions.IMG_SIZE.check(imgSize);
        TrainOptions.PREDICT_BLUR.check(predictBlur);
        if (channels != 1 && channels != 3) {
            throw new CitraException("--channels must be 1 or 3, not " + channels + ".");
        }
    }
}
