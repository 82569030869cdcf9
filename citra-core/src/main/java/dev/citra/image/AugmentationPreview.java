package dev.citra.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * A grid of what the network will see: each row is one image, first as pre-processed, then as
 * several random augmentations of it.
 */
public final class AugmentationPreview {
    private static final int GAP = 4;

    private AugmentationPreview() {}

    /**
     * Draws the grid.
     *
     * @param images decoded images, one per row
     * @param spec the network input (size, channels); the preview shows pixels before normalisation
     * @param views augmented views per row, after the original
     * @param scale how many screen pixels per input pixel
     */
    public static BufferedImage grid(List<BufferedImage> images, ImageSpec spec, Augmentation augmentation, int views,
            int scale, long seed) {
        ImageSpec unit = spec.withNormalization(Normalization.UNIT);
        int cell = spec.size() * scale;
        int cols = views + 1;
        BufferedImage out = new BufferedImage(cols * (cell + GAP) + GAP, images.size() * (cell + GAP) + GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        Random random = new Random(seed);
        for (int row = 0; row < images.size(); row++) {
            float[] tensor = ImagePreprocessor.toTensor(images.get(row), unit);
            for (int col = 0; col < cols; col++) {
                float[] view = col == 0 ? tensor : augmentation.apply(tensor, unit, random);
                g.drawImage(toImage(view, spec), GAP + col * (cell + GAP), GAP + row * (cell + GAP), cell, cell, null);
            }
        }
        g.dispose();
        return out;
    }

    /** A [0, 1] CHW tensor as an image. */
    static BufferedImage toImage(float[] chw, ImageSpec spec) {
        int n = spec.size();
        int plane = n * n;
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < plane; i++) {
            int r = byteOf(chw[i]);
            int g = spec.channels() == 3 ? byteOf(chw[plane + i]) : r;
            int b = spec.channels() == 3 ? byteOf(chw[2 * plane + i]) : r;
            img.setRGB(i % n, i / n, (r << 16) | (g << 8) | b);
        }
        return img;
    }

    private static int byteOf(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
