package dev.citra.data;

import dev.citra.image.ImageEncoding;
import java.awt.image.BufferedImage;

/**
 * An image given as raw 8-bit grey pixels (as in the FER-2013 CSV), row by row. {@link #read()}
 * encodes it as a PNG for code that wants file bytes; {@link ImageLoader} uses the pixels directly.
 */
public record GreyPixels(int width, int height, byte[] pixels) implements ByteSource {
    public GreyPixels {
        if (width <= 0 || height <= 0 || pixels.length != width * height) {
            throw new IllegalArgumentException(width + "x" + height + " image with " + pixels.length + " pixels");
        }
    }

    /** The pixels as a {@code TYPE_BYTE_GRAY} image (a copy). */
    public BufferedImage image() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, width, height, pixels.clone());
        return img;
    }

    /** A PNG encoding of the image. */
    @Override
    public byte[] read() {
        return ImageEncoding.png(image());
    }
}
