package dev.citra.image;

import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Builds JPEG files with the header segments cameras and Photoshop write, for decoder tests. */
final class JpegFixtures {
    private JpegFixtures() {}

    /** A raster as a JPEG at the best quality; a 4-band raster is stored as it is, with no colour transform. */
    static byte[] writeRaster(Raster raster) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(1f);
            writer.write(null, new IIOImage(raster, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The JPEG with {@code segment} (marker and all) inserted after SOI and a JFIF APP0 if there is one. */
    static byte[] insert(byte[] jpeg, byte[] segment) {
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at += 2 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        }
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, at);
        System.arraycopy(segment, 0, out, at, segment.length);
        System.arraycopy(jpeg, at, out, at + segment.length, jpeg.length - at);
        return out;
    }

    /** An APP{@code n} segment around {@code body}. */
    static byte[] segment(int n, byte[] body) {
        byte[] out = new byte[body.length + 4];
        out[0] = (byte) 0xFF;
        out[1] = (byte) (0xE0 + n);
        out[2] = (byte) ((body.length + 2) >> 8);
        out[3] = (byte) (body.length + 2);
        System.arraycopy(body, 0, out, 4, body.length);
        return out;
    }

    /** An EXIF APP1 segment whose first IFD holds only the orientation tag, in either byte order. */
    static byte[] exifOrientation(int orientation, boolean littleEndian) {
        byte[] tiff = {
            'I', 'I', 42, 0, 8, 0, 0, 0,           // header: byte order, 42, first IFD at 8
            1, 0,                                  // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0,          // tag 0x0112, type SHORT, count 1
            (byte) orientation, 0, 0, 0,           // value, padded to 4 bytes
            0, 0, 0, 0};                           // no next IFD
        if (!littleEndian) {
            tiff = new byte[] {
                'M', 'M', 0, 42, 0, 0, 0, 8,
                0, 1,
                0x01, 0x12, 0, 3, 0, 0, 0, 1,
                0, (byte) orientation, 0, 0,
                0, 0, 0, 0};
        }
        return segment(1, concat(new byte[] {'E', 'x', 'i', 'f', 0, 0}, tiff));
    }

    /** An Adobe APP14 segment with the given colour transform (0 none, 1 YCbCr, 2 YCCK). */
    static byte[] adobe(int transform) {
        return segment(14, new byte[] {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform});
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
