package dev.citra.eval;

/**
 * Precision, recall, F1 and support of one class (or of an average row).
 *
 * @param label the class name, or {@code macro avg} / {@code weighted avg}
 * @param support number of true samples of the class (for averages, of all classes)
 */
public record ClassMetrics(String label, double precision, double recall, double f1, int support) {}
