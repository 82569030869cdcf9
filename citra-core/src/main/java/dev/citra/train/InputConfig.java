package dev.citra.train;

import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.NormalizeMode;
import dev.citra.image.ResizeMode;

/**
 * What the network sees: a square of {@code imgSize} pixels with 1 or 3 channels, resized,
 * optionally greyed, normalised ({@code auto}: the architecture's preset) and optionally blurred.
 */
public record InputConfig(int imgSize, int channels, NormalizeMode normalize, ResizeMode resize, boolean grey,
        double blur) {

    static InputConfig from(OptionValues v) {
        return new InputConfig(v.get(TrainOptions.IMG_SIZE), v.get(TrainOptions.CHANNELS),
                v.get(TrainOptions.NORMALIZE), v.get(TrainOptions.RESIZE), v.get(TrainOptions.GREY),
                v.get(TrainOptions.BLUR));
    }

    void into(OptionValues v) {
        v.set(TrainOptions.IMG_SIZE, imgSize).set(TrainOptions.CHANNELS, channels)
                .set(TrainOptions.NORMALIZE, normalize).set(TrainOptions.RESIZE, resize).set(TrainOptions.GREY, grey)
                .set(TrainOptions.BLUR, blur);
    }

    /** The network input for {@code architecture} (which decides what {@code normalize: auto} means). */
    public ImageSpec imageSpec(String architecture) {
        return new ImageSpec(imgSize, channels, normalize.resolve(architecture), resize, grey, blur);
    }

    void validate() {
        TrainOptions.IMG_SIZE.check(imgSize);
        TrainOptions.BLUR.check(blur);
        if (channels != 1 && channels != 3) {
            throw new CitraException("--channels must be 1 or 3, not " + channels + ".");
        }
    }
}
