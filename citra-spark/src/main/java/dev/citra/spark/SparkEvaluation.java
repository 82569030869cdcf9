package dev.citra.spark;

import dev.citra.eval.ClassificationMetrics;

/**
 * A model's figures on a labelled DataFrame, as {@code citra eval} computes them.
 *
 * @param metrics accuracy, top-k accuracy, per-class precision, recall and F1, confusion matrix
 * @param unreadable images left out because they could not be read (as {@code citra eval} skips them)
 */
public record SparkEvaluation(ClassificationMetrics metrics, long unreadable) {}
