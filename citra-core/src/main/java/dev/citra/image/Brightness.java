package dev.citra.image;

/**
 * Keras's {@code brightness_range}: PIL's {@code ImageEnhance.Brightness} on the 8-bit image Keras
 * makes of the array, so every pixel value is truncated to a whole number, multiplied by the
 * factor in single precision, clipped to 0–255 and truncated again. Works on normalised tensors by
 * undoing the normalisation per value, which puts it before normalisation as in Keras.
 */
final class Brightness {
    /**
     * Absorbs the float noise of undoing a normalisation (127.99998 for 128) before truncating; an
     * interpolated value this close to the next whole number is rounded up instead of down.
     */
    private static final float NOISE = 1e-3f;

    private Brightness() {}

    /** Multiplies the brightness of a CHW tensor, pre-processed as {@code spec} says, by {@code factor} in place. */
    static void scale(float[] chw, ImageSpec spec, double factor) {
        int channels = spec.channels();
        int plane = spec.size() * spec.size();
        Normalization norm = spec.normalization();
        float f = (float) factor;
        float[] lut = new float[256];
        for (int c = 0; c < channels; c++) {
            for (int v = 0; v < 256; v++) {
                lut[v] = norm.apply(v, c, channels);
            }
            for (int i = c * plane, end = i + plane; i < end; i++) {
                int pixel = Math.max(0, Math.min(255, (int) (norm.pixel(chw[i], c, channels) + NOISE)));
                float scaled = pixel * f;
                chw[i] = lut[scaled >= 255f ? 255 : (int) scaled];
            }
        }
    }
}
