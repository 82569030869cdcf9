package dev.citra.vision.detect;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** Finds the eyes inside a face. Implementations need not be thread-safe. */
public interface EyeFinder {
    /**
     * The eyes of {@code face} in frame coordinates, at most two, the image's left one first
     * (the person's right eye).
     */
    List<Box> eyes(Mat grey, Box face);
}
