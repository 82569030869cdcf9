package dev.citra.server;

import dev.citra.image.CorruptImageException;
import dev.citra.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Lets an uploaded file through to the model only when it is an image the server can decode and
 * afford: the format is recognised from the bytes, never from the name or the declared type (415
 * otherwise); the pixel count is read from the header before anything is decoded (413 past the
 * limit, so a small file that would expand to gigabytes is never decompressed); damage is 422.
 * With a {@link DecodeBudget}, the pixels decoded at once across all requests are bounded too.
 */
public final class ImageGate {
    /** Formats the decoder reads, told from their first bytes. */
    enum Format {
        JPEG, PNG, GIF, BMP
    }

    private final long maxPixels;
    private final ImageDecoder decoder;
    private final DecodeBudget budget;

    /** A gate for images of at most {@code maxPixels}, with no bound on how many are decoded at once. */
    public ImageGate(long maxPixels) {
        this(maxPixels, null);
    }

    /** A gate whose decoded images share {@code budget} (null for none). */
    ImageGate(long maxPixels, DecodeBudget budget) {
        this.maxPixels = maxPixels;
        this.decoder = new ImageDecoder(maxPixels);
        this.budget = budget;
    }

    /** A decoded upload; closing it gives its pixels back to the budget. */
    public record Decoded(BufferedImage image, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** Decodes an uploaded file, or refuses it with the status that says why; close the result when done. */
    public Decoded open(byte[] bytes) {
        if (bytes.length == 0) {
            throw ApiException.badRequest("The upload is empty: send an image file (JPEG, PNG, BMP or GIF).");
        }
        if (sniff(bytes) == null) {
            throw new ApiException(415, "Unsupported Media Type", "The upload is not a JPEG, PNG, BMP or GIF image"
                    + " (whatever its name or type says): convert it to one of those and send it again.");
        }
        long pixels = headerPixels(bytes);
        if (pixels > maxPixels) {
            throw ApiException.tooLarge(String.format(Locale.ROOT, "The image has %,d pixels, more than the %,d this"
                    + " server decodes: scale it down (a few megapixels are plenty) and send it again.", pixels, maxPixels));
        }
        Runnable release = budget == null ? () -> { } : budget.acquire(pixels)::close;
        try {
            return new Decoded(decoder.decode(bytes), release);
        } catch (RuntimeException | Error e) {
            release.run();
            throw e;
        } catch (CorruptImageException e) {
            release.run();
            throw new ApiException(422, "Unprocessable Content", "The image cannot be read (" + e.reason()
                    + "): send the complete file again, or save it anew as JPEG or PNG.");
        }
    }

    /** The format the bytes start with, or null when they are none the server reads. */
    static Format sniff(byte[] b) {
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return Format.JPEG;
        }
        if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Format.PNG;
        }
        if (starts(b, 'G', 'I', 'F', '8')) {
            return Format.GIF;
        }
        if (starts(b, 'B', 'M') && b.length > 26) {
            return Format.BMP;
        }
        return null;
    }

    private static boolean starts(byte[] bytes, int... magic) {
        if (bytes.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Width × height as the header states them; 0 when the header cannot be read (the decoder says why). */
    private static long headerPixels(byte[] bytes) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return 0;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return (long) reader.getWidth(0) * reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
