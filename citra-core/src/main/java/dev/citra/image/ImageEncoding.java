package dev.citra.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Encodes images in memory (for charts, generated data and fixtures). */
public final class ImageEncoding {
    private ImageEncoding() {}

    /** The image as PNG bytes. */
    public static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    /** The image as JPEG bytes (ImageIO's default quality). */
    public static byte[] jpeg(BufferedImage image) {
        return encode(image, "jpg");
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("No " + format + " writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
