package dev.citra.vision.video;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/** Copies between OpenCV's BGR {@link Mat}s and Java's {@link BufferedImage}s. */
public final class Mats {
    private Mats() {}

    /** A BGR copy of {@code image}. */
    public static Mat fromImage(BufferedImage image) {
        BufferedImage bgr = image;
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = bgr.createGraphics();
            g.drawImage(image, 0, 0, null);
            g.dispose();
        }
        byte[] bytes = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        Mat mat = new Mat(bgr.getHeight(), bgr.getWidth(), CV_8UC3);
        mat.data().put(bytes);
        return mat;
    }

    /** A copy of the whole BGR frame as an image. */
    public static BufferedImage toImage(Mat bgr) {
        return crop(bgr, 0, 0, bgr.cols(), bgr.rows());
    }

    /** A copy of the region {@code (x, y, w, h)} of a BGR frame (which must lie inside it) as an image. */
    public static BufferedImage crop(Mat bgr, int x, int y, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        try (Rect rect = new Rect(x, y, w, h); Mat roi = new Mat(bgr, rect)) {
            BytePointer data = roi.data();
            long step = roi.step();
            for (int row = 0; row < h; row++) {
                data.position(row * step).get(dst, row * w * 3, w * 3);
            }
            data.position(0);
        }
        return out;
    }

    /** The grey (BT.601 luma) version of a BGR frame. */
    public static Mat grey(Mat bgr) {
        Mat grey = new Mat();
        cvtColor(bgr, grey, COLOR_BGR2GRAY);
        return grey;
    }
}
