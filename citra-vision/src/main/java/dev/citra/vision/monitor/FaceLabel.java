package dev.citra.vision.monitor;

import dev.citra.vision.detect.Box;

/**
 * A face followed across frames and its smoothed label.
 *
 * @param id the same number for the same face from frame to frame
 * @param probabilities the smoothed class probabilities, in the model's label order
 */
public record FaceLabel(int id, Box box, String label, float probability, float[] probabilities) {}
