package dev.citra.infer;

/** One class a model proposes for an image, with its probability. */
public record Prediction(String label, int index, float probability) {}
