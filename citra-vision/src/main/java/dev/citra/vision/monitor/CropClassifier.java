package dev.citra.vision.monitor;

import java.awt.image.BufferedImage;
import java.util.List;

/** Class probabilities for image crops (faces, eyes, whole frames). */
public interface CropClassifier {
    /** The class names, in the order of the probabilities. */
    List<String> labels();

    /** One row of probabilities per crop, in order; an empty list gives an empty array. */
    float[][] probabilities(List<BufferedImage> crops);
}
