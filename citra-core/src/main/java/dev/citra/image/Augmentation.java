package dev.citra.image;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.citra.CitraException;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random geometric augmentation of training images with Keras {@code ImageDataGenerator}
 * semantics: rotation by up to {@code rotationRange} degrees, shifts (a fraction of the side, or
 * pixels when 1 or more), independent zoom in x and y from {@code zoomRange} (above 1 shows a
 * larger area, so the content shrinks), flips with probability ½, a fill mode for the pixels
 * that come from outside the image, and a brightness factor drawn from {@code brightnessRange}.
 * Applied to training batches only, with a seeded generator.
 *
 * @param zoomRange [low, high], or null for no zoom
 * @param fillMode {@code nearest} (default), {@code constant} (black), {@code reflect} or {@code wrap}, as
 *     SciPy's {@code ndimage} modes of those names that Keras uses
 * @param brightnessRange [low, high] factors (1 = unchanged, 0.5 = half as bright), or null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Augmentation(
        Double rotationRange,
        Double widthShiftRange,
        Double heightShiftRange,
        List<Double> zoomRange,
        Boolean horizontalFlip,
        Boolean verticalFlip,
        String fillMode,
        List<Double> brightnessRange) {

    /** The fill modes {@link #fillMode()} accepts. */
    public static final List<String> FILL_MODES = List.of("nearest", "constant", "reflect", "wrap");

    public Augmentation {
        rotationRange = rotationRange == null ? 0.0 : rotationRange;
        widthShiftRange = widthShiftRange == null ? 0.0 : widthShiftRange;
        heightShiftRange = heightShiftRange == null ? 0.0 : heightShiftRange;
        zoomRange = zoomRange == null ? null : List.copyOf(zoomRange);
        horizontalFlip = horizontalFlip != null && horizontalFlip;
        verticalFlip = verticalFlip != null && verticalFlip;
        fillMode = fillMode == null ? "nearest" : fillMode.toLowerCase(Locale.ROOT);
        brightnessRange = brightnessRange == null ? null : List.copyOf(brightnessRange);
    }

    /** Checks the ranges; the message names the key and what it takes. */
    public Augmentation validate() {
        if (!(rotationRange >= 0 && rotationRange <= 180)) {
            throw new CitraException("augment.rotation_range must be between 0 and 180 degrees, not " + rotationRange + ".");
        }
        if (!(widthShiftRange >= 0) || !(heightShiftRange >= 0)) {
            throw new CitraException("augment.width_shift_range and height_shift_range must be 0 or more (a fraction, or pixels when 1 or more).");
        }
        if (zoomRange != null && (zoomRange.size() != 2 || !(zoomRange.get(0) > 0) || zoomRange.get(1) < zoomRange.get(0))) {
            throw new CitraException("augment.zoom_range must be [low, high] with 0 < low <= high, e.g. [0.7, 1.3]; got " + zoomRange + ".");
        }
        if (brightnessRange != null && (brightnessRange.size() != 2 || !(brightnessRange.get(0) >= 0)
                || !(brightnessRange.get(1) >= brightnessRange.get(0)))) {
            throw new CitraException("augment.brightness_range must be [low, high] with 0 <= low <= high, e.g. [0.8, 1.2]"
                    + " (1 = unchanged); got " + brightnessRange + ".");
        }
        if (!FILL_MODES.contains(fillMode)) {
            throw new CitraException("Unknown augment.fill_mode '" + fillMode + "': use one of " + FILL_MODES + ".");
        }
        return this;
    }

    /** Whether this changes nothing (then training skips it). */
    @JsonIgnore
    public boolean isIdentity() {
        return rotationRange == 0 && widthShiftRange == 0 && heightShiftRange == 0
                && (zoomRange == null || (zoomRange.get(0) == 1 && zoomRange.get(1) == 1))
                && !horizontalFlip && !verticalFlip
                && (brightnessRange == null || (brightnessRange.get(0) == 1 && brightnessRange.get(1) == 1));
    }

    /** One draw of the random parameters, in degrees and pixels; {@code brightness} is a factor. */
    public record Draw(double degrees, double shiftRows, double shiftCols, double zoomRows, double zoomCols,
            boolean flipHorizontal, boolean flipVertical, double brightness) {}

    /** Draws parameters for an image of {@code size}² pixels. */
    public Draw draw(Random random, int size) {
        double degrees = rotationRange > 0 ? uniform(random, -rotationRange, rotationRange) : 0;
        double rows = heightShiftRange > 0 ? uniform(random, -heightShiftRange, heightShiftRange) : 0;
        double cols = widthShiftRange > 0 ? uniform(random, -widthShiftRange, widthShiftRange) : 0;
        // Keras: a range below 1 is a fraction of the side, 1 or more is pixels.
        rows = heightShiftRange < 1 ? rows * size : rows;
        cols = widthShiftRange < 1 ? cols * size : cols;
        double zr = 1;
        double zc = 1;
        if (zoomRange != null) {
            zr = uniform(random, zoomRange.get(0), zoomRange.get(1));
            zc = uniform(random, zoomRange.get(0), zoomRange.get(1));
        }
        boolean h = horizontalFlip && random.nextBoolean();
        boolean v = verticalFlip && random.nextBoolean();
        // Drawn last, as Keras does, so configs without it keep their earlier draws.
        double brightness = brightnessRange == null ? 1 : uniform(random, brightnessRange.get(0), brightnessRange.get(1));
        return new Draw(degrees, rows, cols, zr, zc, h, v, brightness);
    }

    /** A randomly augmented copy of a CHW tensor pre-processed as {@code spec} says. */
    public float[] apply(float[] chw, ImageSpec spec, Random random) {
        return apply(chw, spec, draw(random, spec.size()));
    }

    /**
     * Applies one draw in Keras's order: the geometry ({@link #warp}, filling with black), then
     * the brightness, on pixel values (see {@link Brightness}).
     */
    public float[] apply(float[] chw, ImageSpec spec, Draw d) {
        int channels = spec.channels();
        float[] black = new float[channels];
        for (int c = 0; c < channels; c++) {
            black[c] = spec.normalization().apply(0, c, channels);
        }
        float[] out = warp(chw, channels, spec.size(), d, fillMode, black);
        if (d.brightness() != 1) {
            Brightness.scale(out, spec, d.brightness());
        }
        return out;
    }

    /**
     * Applies one draw as Keras's {@code apply_affine_transform} does: output pixel p (row, col)
     * samples the input at {@code c + R(θ)·(Z·(p − c) + t)}, with c the image centre, bilinearly;
     * flips come after.
     */
    public static float[] warp(float[] chw, int channels, int size, Draw d, String fillMode, float[] fill) {
        double theta = Math.toRadians(d.degrees());
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        // Keras's matrix: rotation [[cos, -sin], [sin, cos]] · shift · zoom diag(zr, zc), on (row, col).
        double a00 = cos * d.zoomRows();
        double a01 = -sin * d.zoomCols();
        double a10 = sin * d.zoomRows();
        double a11 = cos * d.zoomCols();
        double t0 = cos * d.shiftRows() - sin * d.shiftCols();
        double t1 = sin * d.shiftRows() + cos * d.shiftCols();
        double centre = size / 2.0 - 0.5;
        float[] out = new float[chw.length];
        int plane = size * size;
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                double y = r - centre;
                double x = c - centre;
                double sr = a00 * y + a01 * x + t0 + centre;
                double sc = a10 * y + a11 * x + t1 + centre;
                int outR = d.flipVertical() ? size - 1 - r : r;
                int outC = d.flipHorizontal() ? size - 1 - c : c;
                for (int ch = 0; ch < channels; ch++) {
                    out[ch * plane + outR * size + outC] = sample(chw, ch * plane, size, sr, sc, fillMode, fill[ch]);
                }
            }
        }
        return out;
    }

    private static float sample(float[] img, int offset, int size, double r, double c, String mode, float fill) {
        // SciPy's modes as Keras uses them (order 1), checked against SciPy 1.10 in AugmentationTest.
        if (mode.equals("constant") && (r < 0 || r > size - 1 || c < 0 || c > size - 1)) {
            // A point outside the image is the fill: SciPy does not blend the edge pixel into it.
            return fill;
        }
        if (mode.equals("wrap")) {
            r = wrap(r, size);
            c = wrap(c, size);
        }
        int r0 = (int) Math.floor(r);
        int c0 = (int) Math.floor(c);
        double fr = r - r0;
        double fc = c - c0;
        float v00 = at(img, offset, size, r0, c0, mode, fill);
        float v01 = at(img, offset, size, r0, c0 + 1, mode, fill);
        float v10 = at(img, offset, size, r0 + 1, c0, mode, fill);
        float v11 = at(img, offset, size, r0 + 1, c0 + 1, mode, fill);
        return (float) ((1 - fr) * ((1 - fc) * v00 + fc * v01) + fr * ((1 - fc) * v10 + fc * v11));
    }

    private static float at(float[] img, int offset, int size, int r, int c, String mode, float fill) {
        if (r >= 0 && r < size && c >= 0 && c < size) {
            return img[offset + r * size + c];
        }
        switch (mode) {
            case "constant":
                return fill;
            case "reflect":
                r = reflect(r, size);
                c = reflect(c, size);
                break;
            case "wrap":
                r = Math.floorMod(r, size);
                c = Math.floorMod(c, size);
                break;
            default:
                r = Math.max(0, Math.min(size - 1, r));
                c = Math.max(0, Math.min(size - 1, c));
        }
        return img[offset + r * size + c];
    }

    /**
     * SciPy's {@code wrap} (since 1.6; not its {@code grid-wrap}): the coordinate repeats every
     * {@code size - 1} pixels, so the first and last pixels land on one another.
     */
    private static double wrap(double x, int size) {
        if (size <= 1) {
            return 0;
        }
        double period = size - 1;
        if (x < 0) {
            return x + period * (Math.floor(-x / period) + 1);
        }
        return x > period ? x - period * Math.floor(x / period) : x;
    }

    /** Mirror about the edge (…, 1, 0 | 0, 1, …), as scipy's "reflect" mode. */
    private static int reflect(int i, int size) {
        int period = 2 * size;
        int m = Math.floorMod(i, period);
        return m < size ? m : period - 1 - m;
    }

    private static double uniform(Random random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }
}
