package dev.citra.infer;

import ai.djl.ndarray.NDArray;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Test-time augmentation: each image is also run flipped, and the class probabilities of all
 * views are averaged. {@code flip} (left-right) suits faces, eyes and most photos; {@code flips}
 * adds the upside-down views, for images with no up (skin lesions, microscopy, aerial photos).
 * It costs one forward pass per view.
 */
public enum TestTimeAugmentation {
    /** The image as it is. */
    NONE(new int[0][]),
    /** The image and its mirror image (2 passes). */
    FLIP(new int[][] {{3}}),
    /** The image flipped left-right, upside down, and both (4 passes). */
    FLIPS(new int[][] {{3}, {2}, {2, 3}});

    // Axes of an NCHW batch to flip for each extra view: 3 is the width, 2 the height.
    private final int[][] flips;

    TestTimeAugmentation(int[][] flips) {
        this.flips = flips;
    }

    /** Forward passes per image. */
    public int views() {
        return flips.length + 1;
    }

    /**
     * Log-probabilities of an NCHW batch: {@code logitsOf}'s log-softmax without augmentation,
     * otherwise the log of the views' mean probabilities.
     */
    public NDArray logProbabilities(NDArray x, UnaryOperator<NDArray> logitsOf) {
        if (flips.length == 0) {
            return logitsOf.apply(x).logSoftmax(1);
        }
        NDArray sum = logitsOf.apply(x).softmax(1);
        for (int[] axes : flips) {
            sum = sum.add(logitsOf.apply(x.flip(axes)).softmax(1));
        }
        // Clipped so a confidently wrong image gets a large finite loss, not infinity.
        return sum.div(views()).clip(1e-12f, 1f).log();
    }

    /** The value a flag names ({@code none}, {@code flip}, {@code flips}), case-insensitive. */
    public static TestTimeAugmentation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new dev.citra.CitraException("Unknown test-time augmentation '" + name
                    + "': use none, flip (left-right) or flips (left-right and upside down).");
        }
    }
}
