package dev.citra.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes encoded image bytes (JPEG, PNG, BMP, GIF: whatever {@code javax.imageio} reads) into a
 * {@link BufferedImage} of type {@code TYPE_INT_RGB} or {@code TYPE_BYTE_GRAY}, refusing empty,
 * truncated, corrupt and oversized files with a {@link CorruptImageException}.
 *
 * <p>JPEGs are turned upright by their EXIF orientation, and CMYK and YCCK JPEGs are converted to
 * RGB as PIL converts them (see {@link CmykJpeg}).
 *
 * <p>Immutable and thread-safe: every call uses its own {@link ImageReader}.
 */
public final class ImageDecoder {
    /** Default limit on width × height: a 50-megapixel photo decodes, a decompression bomb does not. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    private static final int MAX_DETAIL = 160;

    private final long maxPixels;

    /** A decoder with the {@link #DEFAULT_MAX_PIXELS default pixel limit}. */
    public ImageDecoder() {
        this(DEFAULT_MAX_PIXELS);
    }

    /** A decoder that refuses images with more than {@code maxPixels} pixels. */
    public ImageDecoder(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, not " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    public long maxPixels() {
        return maxPixels;
    }

    /**
     * Reads and decodes an image file for a user-facing command: a missing or unreadable file gets
     * one message naming it and what to pass instead.
     */
    public BufferedImage decodeFile(java.nio.file.Path image) {
        try {
            return decode(java.nio.file.Files.readAllBytes(image));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new dev.citra.CitraException("Image " + image + " does not exist: check the path.");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Could not read " + image, e);
        } catch (CorruptImageException e) {
            throw new dev.citra.CitraException("Image " + image + " cannot be read (" + e.getMessage()
                    + "): pass a JPEG, PNG, BMP or GIF file.");
        }
    }

    /**
     * Decodes one image (the first frame of an animation), upright.
     *
     * @return a {@code TYPE_INT_RGB} image (alpha composited over white) or a {@code TYPE_BYTE_GRAY} one
     * @throws CorruptImageException with a short reason when the bytes are not a complete image
     */
    public BufferedImage decode(byte[] bytes) throws CorruptImageException {
        if (bytes == null || bytes.length == 0) {
            throw new CorruptImageException("empty file (0 bytes)");
        }
        JpegHeader jpeg = JpegHeader.read(bytes);
        return withReader(bytes, (reader, in) -> {
            BufferedImage image = standardize(read(reader, in, jpeg));
            return jpeg == null ? image : ExifOrientation.upright(image, jpeg.orientation());
        });
    }

    /** What is done with the reader of an image's bytes. */
    private interface ReaderAction<T> {
        T apply(ImageReader reader, ImageInputStream in) throws CorruptImageException;
    }

    /** Runs {@code action} with the reader for {@code bytes}, and disposes of it. */
    private static <T> T withReader(byte[] bytes, ReaderAction<T> action) throws CorruptImageException {
        // MemoryCacheImageInputStream directly: ImageIO.createImageInputStream may spill to temp files.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new CorruptImageException("not a readable image");
            }
            ImageReader reader = readers.next();
            try {
                return action.apply(reader, in);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            // Only closing an in-memory stream can land here.
            throw new CorruptImageException("truncated or corrupt: " + detail(e), e);
        }
    }

    /**
     * Checks, without decoding a pixel, what can be checked cheaply: the bytes are an image whose
     * header gives a size within the limit, and a JPEG or PNG is not cut short (its end marker is
     * there). A file that passes can still fail {@link #decode} (damage inside the image data).
     *
     * @throws CorruptImageException with the reason {@link #decode} would give
     */
    public void check(byte[] bytes) throws CorruptImageException {
        if (bytes == null || bytes.length == 0) {
            throw new CorruptImageException("empty file (0 bytes)");
        }
        withReader(bytes, (reader, in) -> {
            try {
                reader.setInput(in, true, true);
                checkSize(reader);
                return null;
            } catch (IOException | RuntimeException e) {
                throw new CorruptImageException("truncated or corrupt: " + detail(e), e);
            }
        });
        if (!complete(bytes)) {
            throw new CorruptImageException("truncated or corrupt: the file ends before the image does");
        }
    }

    /** False for a JPEG without its end-of-image marker near the end, or a PNG without its IEND chunk. */
    private static boolean complete(byte[] b) {
        int n = b.length;
        if (n >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
            // Some writers append padding or metadata after the marker: look at the last kilobyte.
            for (int i = n - 2; i >= Math.max(2, n - 1024); i--) {
                if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
                    return true;
                }
            }
            return false;
        }
        if (n >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return n >= 12 && b[n - 8] == 'I' && b[n - 7] == 'E' && b[n - 6] == 'N' && b[n - 5] == 'D';
        }
        return true;
    }

    /** Refuses a header size that is empty or above the pixel limit, before any pixel buffer exists. */
    private void checkSize(ImageReader reader) throws IOException, CorruptImageException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new CorruptImageException("truncated or corrupt: header says " + width + "x" + height + " pixels");
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new CorruptImageException(String.format(Locale.ROOT,
                    "too many pixels (%dx%d = %d, limit %d)", width, height, pixels, maxPixels));
        }
    }

    /** Reads the first image; {@code jpeg} is the file's JPEG header, or null for other formats. */
    private BufferedImage read(ImageReader reader, ImageInputStream in, JpegHeader jpeg) throws CorruptImageException {
        // Readers report recoverable damage (a JPEG cut short is padded with grey) only as warnings.
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try {
            reader.setInput(in, true, true);
            // The header alone gives the size: check it before a single pixel buffer is allocated.
            checkSize(reader);
            // The JDK reader refuses 4-component JPEGs or converts them unlike PIL: take the raw samples.
            BufferedImage image = jpeg != null && jpeg.components() == 4 && reader.canReadRaster()
                    ? CmykJpeg.toRgb(reader.readRaster(0, null), jpeg.ycck())
                    : reader.read(0, readParam(reader));
            if (!warnings.isEmpty()) {
                throw new CorruptImageException("truncated or corrupt: " + shorten(warnings.get(0)));
            }
            if (image == null) {
                throw new CorruptImageException("not a readable image");
            }
            return image;
        } catch (IOException e) {
            if ("Unsupported Image Type".equalsIgnoreCase(String.valueOf(e.getMessage()))) {
                // What the JDK's JPEG reader says about colour spaces it has no conversion for.
                throw new CorruptImageException("unsupported colour type", e);
            }
            throw new CorruptImageException("truncated or corrupt: " + detail(e), e);
        } catch (RuntimeException e) {
            // Image readers throw assorted unchecked exceptions on malformed data; all mean "corrupt".
            throw new CorruptImageException("truncated or corrupt: " + detail(e), e);
        }
    }

    /**
     * Asks a reader of plain 8-bit RGB (every colour JPEG, most PNGs) for {@code TYPE_INT_RGB} pixels
     * straight away. By default the JDK's readers decode into 3-byte BGR, and converting that copy
     * doubled what a server allocated per photo (two arrays of about 1 MB for 640x480, each large
     * enough to be a humongous object for G1).
     */
    private static ImageReadParam readParam(ImageReader reader) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        if (raw == null || !plainRgb(raw.getColorModel())) {
            return param;
        }
        for (Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0); types.hasNext(); ) {
            ImageTypeSpecifier type = types.next();
            if (type.getBufferedImageType() == BufferedImage.TYPE_INT_RGB) {
                param.setDestinationType(type);
                break;
            }
        }
        return param;
    }

    private static boolean plainRgb(ColorModel cm) {
        return cm != null && !cm.hasAlpha() && cm.getNumComponents() == 3 && cm.getColorSpace().isCS_sRGB()
                && maxSampleBits(cm) == 8 && !(cm instanceof IndexColorModel);
    }

    private static String detail(Throwable e) {
        String text = e.getMessage() != null ? e.getMessage()
                : e instanceof java.io.EOFException ? "unexpected end of file" : e.getClass().getSimpleName();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !text.contains(cause.getMessage())) {
            text += " (" + cause.getMessage() + ")";
        }
        return shorten(text);
    }

    private static String shorten(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL - 3) + "...";
    }

    /**
     * Converts any image to {@code TYPE_INT_RGB} (alpha composited over white) or, for grey
     * images, {@code TYPE_BYTE_GRAY}; images of those two types are returned as they are.
     * Palette, 16-bit, grey+alpha and packed images are all handled.
     */
    public static BufferedImage standardize(BufferedImage src) {
        int type = src.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_BYTE_GRAY) {
            return src;
        }
        ColorModel cm = src.getColorModel();
        Raster raster = src.getRaster();
        boolean integral = raster.getTransferType() != DataBuffer.TYPE_FLOAT
                && raster.getTransferType() != DataBuffer.TYPE_DOUBLE;
        if (cm instanceof IndexColorModel icm) {
            return fromPalette(src, icm);
        }
        if (integral && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1
                && maxSampleBits(cm) <= 16) {
            return fromGreySamples(src, cm);
        }
        if (integral && cm.getColorSpace().isCS_sRGB() && cm.getNumColorComponents() == 3 && maxSampleBits(cm) <= 16) {
            return fromRgbSamples(src, cm);
        }
        return fromArgb(src);
    }

    private static int maxSampleBits(ColorModel cm) {
        int max = 0;
        for (int bits : cm.getComponentSize()) {
            max = Math.max(max, bits);
        }
        return max;
    }

    /** Scales a sample of {@code bits} bits to 0..255 with rounding. */
    private static int to8(int value, int bits) {
        if (bits == 8) {
            return value;
        }
        int max = (1 << bits) - 1;
        return (value * 255 + max / 2) / max;
    }

    /** Composites a colour value over white given its 8-bit alpha. */
    private static int overWhite(int value, int alpha, boolean premultiplied) {
        if (alpha == 255) {
            return value;
        }
        int v = premultiplied ? value + (255 - alpha) : (value * alpha + 255 * (255 - alpha) + 127) / 255;
        return Math.min(255, Math.max(0, v));
    }

    private static BufferedImage fromGreySamples(BufferedImage src, ColorModel cm) {
        int w = src.getWidth();
        int h = src.getHeight();
        Raster raster = src.getRaster();
        int bands = raster.getNumBands();
        boolean alpha = cm.hasAlpha() && bands > 1;
        int greyBits = cm.getComponentSize(0);
        int alphaBits = alpha ? cm.getComponentSize(1) : 8;
        boolean pre = cm.isAlphaPremultiplied();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster dst = out.getRaster();
        int[] row = new int[w * bands];
        int[] grey = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int v = to8(row[x * bands], greyBits);
                grey[x] = alpha ? overWhite(v, to8(row[x * bands + 1], alphaBits), pre) : v;
            }
            dst.setSamples(0, y, w, 1, 0, grey);
        }
        return out;
    }

    private static BufferedImage fromRgbSamples(BufferedImage src, ColorModel cm) {
        int w = src.getWidth();
        int h = src.getHeight();
        Raster raster = src.getRaster();
        int bands = raster.getNumBands();
        boolean alpha = cm.hasAlpha() && bands > 3;
        int[] bits = cm.getComponentSize();
        boolean pre = cm.isAlphaPremultiplied();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            // The raster hands out bands in colour-model order (R, G, B, A) whatever the byte layout.
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0, i = 0; x < w; x++, i += bands) {
                int r = to8(row[i], bits[0]);
                int g = to8(row[i + 1], bits[1]);
                int b = to8(row[i + 2], bits[2]);
                if (alpha) {
                    int a = to8(row[i + 3], bits[3]);
                    r = overWhite(r, a, pre);
                    g = overWhite(g, a, pre);
                    b = overWhite(b, a, pre);
                }
                dst[y * w + x] = (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }

    private static BufferedImage fromPalette(BufferedImage src, IndexColorModel icm) {
        int w = src.getWidth();
        int h = src.getHeight();
        int[] palette = new int[icm.getMapSize()];
        icm.getRGBs(palette);
        for (int i = 0; i < palette.length; i++) {
            palette[i] = compositeArgb(palette[i]);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        Raster raster = src.getRaster();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int index = row[x];
                // A corrupt file may index past the palette; black is as good as any colour.
                dst[y * w + x] = index < palette.length ? palette[index] : 0;
            }
        }
        return out;
    }

    /** The general (slower) path: let the colour model convert to sRGB. */
    private static BufferedImage fromArgb(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            src.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                dst[y * w + x] = compositeArgb(row[x]);
            }
        }
        return out;
    }

    private static int compositeArgb(int argb) {
        int a = argb >>> 24;
        int r = overWhite((argb >> 16) & 0xFF, a, false);
        int g = overWhite((argb >> 8) & 0xFF, a, false);
        int b = overWhite(argb & 0xFF, a, false);
        return (r << 16) | (g << 8) | b;
    }
}
