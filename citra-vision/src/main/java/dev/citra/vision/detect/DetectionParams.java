package dev.citra.vision.detect;

import dev.citra.CitraException;

/**
 * What {@code CascadeClassifier.detectMultiScale} is told: how much the image shrinks between
 * scales, how many neighbouring hits a detection needs, and the smallest object in pixels of the
 * full frame.
 */
public record DetectionParams(double scaleFactor, int minNeighbors, int minSize) {
    public DetectionParams {
        if (!(scaleFactor > 1.0 && scaleFactor <= 2.0)) {
            throw new CitraException("Scale factor " + scaleFactor + " is out of range: use a value above 1 and up to 2 (OpenCV's usual 1.1).");
        }
        if (minNeighbors < 0 || minNeighbors > 50) {
            throw new CitraException("Min neighbours " + minNeighbors + " is out of range: use 0 to 50 (usual 3 to 6).");
        }
        if (minSize < 1 || minSize > 4096) {
            throw new CitraException("Min size " + minSize + " is out of range: use 1 to 4096 pixels.");
        }
    }

    /** OpenCV tutorials' face settings: 1.1, 5 neighbours, 30 pixels. */
    public static DetectionParams faces() {
        return new DetectionParams(1.1, 5, 30);
    }

    /** Eye settings inside a face: 1.1, 3 neighbours, 10 pixels (scaled with the face later). */
    public static DetectionParams eyes() {
        return new DetectionParams(1.1, 3, 10);
    }
}
