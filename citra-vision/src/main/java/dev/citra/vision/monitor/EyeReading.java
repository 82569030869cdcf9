package dev.citra.vision.monitor;

import dev.citra.vision.detect.Box;

/** One eye in a frame: where it is and how likely it is closed. */
public record EyeReading(Box box, float closedProbability) {}
