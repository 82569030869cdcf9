package dev.citra.image;

/**
 * What decoding needs from a JPEG's header segments, read from the bytes before the image data:
 * the number of colour components (4 means CMYK or YCCK), the Adobe APP14 colour transform and
 * the EXIF orientation.
 *
 * <p>Reading never fails: a damaged or missing segment leaves its default, so a corrupt EXIF block
 * costs the orientation, not the image. It stops at the first scan, so it reads a few kilobytes
 * however large the file.
 *
 * @param components colour components of the frame, 0 when no frame header was found
 * @param adobeTransform the APP14 transform flag (0 = none, 1 = YCbCr, 2 = YCCK), or {@link #NO_ADOBE}
 * @param orientation the EXIF orientation, 1 (upright) to 8
 */
record JpegHeader(int components, int adobeTransform, int orientation) {
    /** {@link #adobeTransform()} of a file without an Adobe APP14 segment. */
    static final int NO_ADOBE = -1;

    private static final byte[] EXIF = {'E', 'x', 'i', 'f', 0, 0};
    private static final byte[] ADOBE = {'A', 'd', 'o', 'b', 'e'};

    /** The header of a JPEG file, or null when the bytes are not a JPEG. */
    static JpegHeader read(byte[] bytes) {
        if (bytes.length < 4 || u8(bytes, 0) != 0xFF || u8(bytes, 1) != 0xD8) {
            return null;
        }
        int components = 0;
        int adobe = NO_ADOBE;
        int orientation = 1;
        boolean exifSeen = false;
        int pos = 2;
        while (pos + 4 <= bytes.length && u8(bytes, pos) == 0xFF) {
            int marker = u8(bytes, pos + 1);
            if (marker == 0xFF) {
                pos++; // fill byte before a marker
                continue;
            }
            pos += 2;
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                continue; // markers without a length
            }
            if (marker == 0xD9 || marker == 0xDA) {
                break; // end of image, or start of scan: only entropy-coded data follows
            }
            int length = u16(bytes, pos);
            if (length < 2 || pos + length > bytes.length) {
                break;
            }
            int body = pos + 2;
            int n = length - 2;
            if (marker == 0xE1 && !exifSeen && startsWith(bytes, body, n, EXIF)) {
                // As PIL, only the first EXIF segment counts.
                exifSeen = true;
                orientation = ExifOrientation.read(bytes, body + EXIF.length, n - EXIF.length);
            } else if (marker == 0xEE && adobe == NO_ADOBE && n >= 12 && startsWith(bytes, body, n, ADOBE)) {
                adobe = u8(bytes, body + 11); // after "Adobe", version, flags0 and flags1
            } else if (isFrameHeader(marker) && n >= 6) {
                components = u8(bytes, body + 5); // after precision, height and width
            }
            pos += length;
        }
        return new JpegHeader(components, adobe, orientation);
    }

    /**
     * Whether the frame is CMYK or YCCK, as libjpeg decides: 4 components are YCCK when an Adobe
     * segment says so (or names a transform other than none), CMYK otherwise.
     */
    boolean ycck() {
        return components == 4 && adobeTransform != NO_ADOBE && adobeTransform != 0;
    }

    private static boolean isFrameHeader(int marker) {
        // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean startsWith(byte[] bytes, int at, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] bytes, int at) {
        return bytes[at] & 0xFF;
    }

    private static int u16(byte[] bytes, int at) {
        return (u8(bytes, at) << 8) | u8(bytes, at + 1);
    }
}
