package dev.citra.data;

import dev.citra.image.CorruptImageException;
import dev.citra.image.ImageDecoder;
import dev.citra.image.ImageEncoding;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;

/**
 * A square crop of an image, cut when it is read: the source image is decoded only when the
 * pipeline decodes the sample (on its worker threads), so listing 200,000 CelebA faces costs no
 * decoding. {@link #read()} returns the crop as PNG bytes, which any consumer of samples decodes.
 *
 * @param image the whole image
 * @param centreX the crop's centre, in pixels of the whole image
 * @param centreY the crop's centre
 * @param side the crop's side in pixels, before clamping to the image
 */
public record EyeCrop(ByteSource image, double centreX, double centreY, int side) implements ByteSource {
    private static final ImageDecoder DECODER = new ImageDecoder();

    public EyeCrop {
        if (side < 1) {
            throw new IllegalArgumentException("crop side " + side);
        }
    }

    /**
     * The crop of the eye landmarks {@code (lx, ly)} and {@code (rx, ry)}: the region's landmarks
     * (one eye, or both) with a margin of {@code margin} times the inter-ocular distance on every
     * side, made square around its centre.
     */
    public static EyeCrop around(ByteSource image, EyeRegion region, double lx, double ly, double rx, double ry,
            double margin) {
        double pad = margin * Math.hypot(rx - lx, ry - ly);
        double x0 = region == EyeRegion.RIGHT ? rx : region == EyeRegion.LEFT ? lx : Math.min(lx, rx);
        double x1 = region == EyeRegion.LEFT ? lx : region == EyeRegion.RIGHT ? rx : Math.max(lx, rx);
        double y0 = region == EyeRegion.RIGHT ? ry : region == EyeRegion.LEFT ? ly : Math.min(ly, ry);
        double y1 = region == EyeRegion.LEFT ? ly : region == EyeRegion.RIGHT ? ry : Math.max(ly, ry);
        double side = Math.max(x1 - x0, y1 - y0) + 2 * pad;
        // Two pixels at least: landmarks that coincide still give an image.
        return new EyeCrop(image, (x0 + x1) / 2, (y0 + y1) / 2, Math.max(2, (int) Math.round(side)));
    }

    /**
     * Where the crop lies in a {@code width × height} image: the side shrinks to the image's
     * shorter side if it must, and the square is moved (not cut) to lie inside the image, so
     * that every crop is square and of the same size for the same face geometry.
     */
    public Rectangle bounds(int width, int height) {
        int s = Math.min(side, Math.min(width, height));
        int x = clamp((int) Math.round(centreX - s / 2.0), width - s);
        int y = clamp((int) Math.round(centreY - s / 2.0), height - s);
        return new Rectangle(x, y, s, s);
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    /** Decodes the image and cuts the crop out of it. */
    public BufferedImage crop() throws IOException {
        BufferedImage whole;
        try {
            whole = DECODER.decode(image.read());
        } catch (CorruptImageException e) {
            // ByteSource speaks IOException; the reason still reaches the list of skipped files.
            throw new IOException(e.reason(), e);
        }
        Rectangle r = bounds(whole.getWidth(), whole.getHeight());
        return whole.getSubimage(r.x, r.y, r.width, r.height);
    }

    /** The crop as PNG bytes (lossless, so the pixels are the image's own). */
    @Override
    public byte[] read() throws IOException {
        return ImageEncoding.png(crop());
    }
}
