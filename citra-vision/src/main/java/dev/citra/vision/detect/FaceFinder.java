package dev.citra.vision.detect;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** Finds faces in a grey frame. Implementations need not be thread-safe. */
public interface FaceFinder {
    /** The faces in {@code grey} (8-bit, one channel), largest first. */
    List<Box> faces(Mat grey);
}
