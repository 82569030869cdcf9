package dev.citra.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Agreement with scikit-learn. Every expected number below is a literal computed once with
 * scikit-learn 1.2.1 (Debian package python3-sklearn, run by /usr/bin/python3) on the same
 * generated cases; scikit-learn is not needed to run this test.
 *
 * <p>Case A, 60 samples over 4 classes: class 0 dominates (36 of 60) so macro and weighted
 * averages differ, and class 3 is never predicted (precision 0 by {@code zero_division=0}).
 *
 * <pre>
 * from sklearn.metrics import classification_report, confusion_matrix, top_k_accuracy_score
 * import numpy as np
 * y_true = [(i * 7 + i // 5) % 4 if i % 3 else 0 for i in range(60)]
 * y_pred = [(t + (1 if i % 4 == 0 else 0) + (2 if i % 11 == 0 else 0)) % 3 for i, t in enumerate(y_true)]
 * classification_report(y_true, y_pred, labels=[0, 1, 2, 3], output_dict=True, zero_division=0)
 * confusion_matrix(y_true, y_pred, labels=[0, 1, 2, 3])
 * scores = np.array([[((i * 13 + c * 7) % 10) / 10.0 for c in range(4)] for i in range(60)])
 * top_k_accuracy_score(y_true, scores, k=k, labels=[0, 1, 2, 3])   # k = 1, 2, 3, 4
 * </pre>
 *
 * <p>Case B, 30 samples over 5 classes: class 4 has no true sample but is predicted (support
 * 0, still counted in the macro average), and the scores take only three values, so the true
 * class often ties at the k-th place; scikit-learn's stable arg-sort, reversed, ranks the
 * higher class index first among equal scores (the other order gives 0.2/0.367/0.633/0.833).
 *
 * <pre>
 * y_true = [i % 7 % 4 for i in range(30)]
 * y_pred = [4 if i % 5 == 0 else (t if i % 4 else (t + 1) % 4) for i, t in enumerate(y_true)]
 * classification_report(y_true, y_pred, labels=[0, 1, 2, 3, 4], output_dict=True, zero_division=0)
 * confusion_matrix(y_true, y_pred, labels=[0, 1, 2, 3, 4])
 * scores = np.array([[((i + 2 * c) % 3) / 2.0 for c in range(5)] for i in range(30)])
 * top_k_accuracy_score(y_true, scores, k=k, labels=[0, 1, 2, 3, 4])   # k = 1, 2, 3, 4
 * </pre>
 */
class ClassificationMetricsTest {
    private static final double TOL = 1e-9;
    private static final List<String> LABELS_A = List.of("common", "one", "two", "rare");
    private static final List<String> LABELS_B = List.of("a", "b", "c", "d", "ghost");

    private static int[] yTrueA() {
        int[] y = new int[60];
        for (int i = 0; i < 60; i++) {
            y[i] = i % 3 != 0 ? (i * 7 + i / 5) % 4 : 0;
        }
        return y;
    }

    private static int[] yPredA(int[] yTrue) {
        int[] y = new int[60];
        for (int i = 0; i < 60; i++) {
            y[i] = (yTrue[i] + (i % 4 == 0 ? 1 : 0) + (i % 11 == 0 ? 2 : 0)) % 3;
        }
        return y;
    }

    private static float[][] scoresA() {
        float[][] s = new float[60][4];
        for (int i = 0; i < 60; i++) {
            for (int c = 0; c < 4; c++) {
                s[i][c] = ((i * 13 + c * 7) % 10) / 10.0f;
            }
        }
        return s;
    }

    private static int[] yTrueB() {
        int[] y = new int[30];
        for (int i = 0; i < 30; i++) {
            y[i] = i % 7 % 4;
        }
        return y;
    }

    private static int[] yPredB(int[] yTrue) {
        int[] y = new int[30];
        for (int i = 0; i < 30; i++) {
            y[i] = i % 5 == 0 ? 4 : (i % 4 != 0 ? yTrue[i] : (yTrue[i] + 1) % 4);
        }
        return y;
    }

    private static float[][] scoresB() {
        float[][] s = new float[30][5];
        for (int i = 0; i < 30; i++) {
            for (int c = 0; c < 5; c++) {
                s[i][c] = ((i + 2 * c) % 3) / 2.0f;
            }
        }
        return s;
    }

    /** Rows of {precision, recall, f1, support}, in label order. */
    private static void assertRows(double[][] expected, List<ClassMetrics> actual, List<String> labels) {
        assertEquals(expected.length, actual.size());
        for (int c = 0; c < expected.length; c++) {
            ClassMetrics row = actual.get(c);
            assertEquals(labels.get(c), row.label());
            assertEquals(expected[c][0], row.precision(), TOL, "precision of " + row.label());
            assertEquals(expected[c][1], row.recall(), TOL, "recall of " + row.label());
            assertEquals(expected[c][2], row.f1(), TOL, "f1 of " + row.label());
            assertEquals((int) expected[c][3], row.support(), "support of " + row.label());
        }
    }

    private static void assertAverage(double p, double r, double f1, int support, ClassMetrics actual) {
        assertEquals(p, actual.precision(), TOL, actual.label() + " precision");
        assertEquals(r, actual.recall(), TOL, actual.label() + " recall");
        assertEquals(f1, actual.f1(), TOL, actual.label() + " f1");
        assertEquals(support, actual.support(), actual.label() + " support");
    }

    @Test
    void caseAEqualsScikitLearnReportAndConfusionMatrix() {
        int[] t = yTrueA();
        ClassificationMetrics m = ClassificationMetrics.compute(t, yPredA(t), null, LABELS_A, 3);
        assertEquals(60, m.count());
        assertEquals(0.6333333333333333, m.accuracy(), TOL);
        assertRows(new double[][] {
            {0.7941176470588235, 0.75, 0.7714285714285715, 36},
            {0.375, 0.75, 0.5, 8},
            {0.5, 0.625, 0.5555555555555556, 8},
            {0.0, 0.0, 0.0, 8},
        }, m.perClass(), LABELS_A);
        assertEquals("macro avg", m.macroAvg().label());
        assertAverage(0.41727941176470584, 0.53125, 0.45674603174603173, 60, m.macroAvg());
        assertEquals("weighted avg", m.weightedAvg().label());
        assertAverage(0.5931372549019608, 0.6333333333333333, 0.6035978835978836, 60, m.weightedAvg());
        assertArrayEquals(new int[][] {{27, 7, 2, 0}, {0, 6, 2, 0}, {2, 1, 5, 0}, {5, 2, 1, 0}},
                m.confusionMatrix().counts());
        assertEquals(LABELS_A, m.confusionMatrix().labels());
        assertTrue(Double.isNaN(m.topKAccuracy()), "no probabilities, no top-k");
    }

    @Test
    void caseATopKEqualsScikitLearn() {
        int[] t = yTrueA();
        double[] expected = {0.1, 0.4666666666666667, 0.6333333333333333, 1.0};
        for (int k = 1; k <= 4; k++) {
            ClassificationMetrics m = ClassificationMetrics.compute(t, yPredA(t), scoresA(), LABELS_A, k);
            assertEquals(k, m.topK());
            assertEquals(expected[k - 1], m.topKAccuracy(), TOL, "top-" + k);
        }
        ClassificationMetrics clipped = ClassificationMetrics.compute(t, yPredA(t), scoresA(), LABELS_A, 9);
        assertEquals(4, clipped.topK(), "k is clipped to the number of classes");
        assertEquals(1.0, clipped.topKAccuracy(), TOL);
    }

    @Test
    void caseBWithAnUnsupportedClassEqualsScikitLearn() {
        int[] t = yTrueB();
        ClassificationMetrics m = ClassificationMetrics.compute(t, yPredB(t), null, LABELS_B, 1);
        assertEquals(0.6, m.accuracy(), TOL);
        assertRows(new double[][] {
            {0.8333333333333334, 0.5555555555555556, 0.6666666666666667, 9},
            {0.7142857142857143, 0.5555555555555556, 0.6250000000000001, 9},
            {0.75, 0.75, 0.75, 8},
            {0.6666666666666666, 0.5, 0.5714285714285715, 4},
            {0.0, 0.0, 0.0, 0},
        }, m.perClass(), LABELS_B);
        assertAverage(0.5928571428571427, 0.4722222222222222, 0.5226190476190478, 30, m.macroAvg());
        assertAverage(0.7531746031746033, 0.6, 0.6636904761904762, 30, m.weightedAvg());
        assertArrayEquals(new int[][] {{5, 2, 0, 0, 2}, {0, 5, 2, 0, 2}, {0, 0, 6, 1, 1}, {1, 0, 0, 2, 1},
            {0, 0, 0, 0, 0}}, m.confusionMatrix().counts());
    }

    @Test
    void caseBTopKBreaksTiesAsScikitLearn() {
        int[] t = yTrueB();
        double[] expected = {0.1, 0.26666666666666666, 0.5, 0.7};
        for (int k = 1; k <= 4; k++) {
            assertEquals(expected[k - 1],
                    ClassificationMetrics.compute(t, yPredB(t), scoresB(), LABELS_B, k).topKAccuracy(), TOL, "top-" + k);
        }
    }

    @Test
    void rowNormalisedMatrixIsRecallPerClass() {
        int[] t = yTrueB();
        ClassificationMetrics m = ClassificationMetrics.compute(t, yPredB(t), null, LABELS_B, 1);
        double[][] n = m.confusionMatrix().rowNormalized();
        for (int c = 0; c < LABELS_B.size(); c++) {
            assertEquals(m.perClass().get(c).recall(), n[c][c], TOL);
        }
        assertEquals(2 / 9.0, n[0][1], TOL);
        assertArrayEquals(new double[5], n[4], "a class without samples has a zero row, not NaN");
    }

    @Test
    void confusionMatrixIsACopyNotAView() {
        ClassificationMetrics m = ClassificationMetrics.compute(new int[] {0, 1}, new int[] {0, 0}, null, List.of("x", "y"), 1);
        m.confusionMatrix().counts()[0][0] = 99;
        assertEquals(1, m.confusionMatrix().counts()[0][0]);
    }

    @Test
    void badInputsAreRejectedWithIllegalArgument() {
        List<String> two = List.of("x", "y");
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.compute(new int[] {0, 1}, new int[] {0}, null, two, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.compute(new int[] {2}, new int[] {0}, null, two, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.compute(new int[] {0}, new int[] {-1}, null, two, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.compute(new int[] {0}, new int[] {0}, new float[][] {{1f}}, two, 1),
                "a probability row must have one score per label");
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.compute(new int[] {0}, new int[] {0}, new float[2][2], two, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.compute(new int[] {0}, new int[] {0}, null, List.of("x", "x"), 1));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.compute(new int[0], new int[0], null, List.of(), 1));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.compute(new int[] {0}, new int[] {0}, null, two, 0));
    }

    @Test
    void noSamplesGiveNaNAccuracyAndZeroRows() {
        ClassificationMetrics m = ClassificationMetrics.compute(new int[0], new int[0], new float[0][], List.of("x", "y"), 1);
        assertTrue(Double.isNaN(m.accuracy()));
        assertTrue(Double.isNaN(m.topKAccuracy()));
        assertEquals(0, m.weightedAvg().support());
        assertEquals(2, m.perClass().size());
    }

    @Test
    void countsAloneGiveTheSameFiguresAsTheSamples() {
        // What a cluster job sends back: the (true, predicted) counts and the top-k hits.
        int[] t = yTrueB();
        int[] p = yPredB(t);
        float[][] scores = scoresB();
        for (int k = 1; k <= 4; k++) {
            long hits = 0;
            for (int i = 0; i < t.length; i++) {
                hits += ClassificationMetrics.inTopK(scores[i], t[i], k) ? 1 : 0;
            }
            ClassificationMetrics fromCounts = ClassificationMetrics.fromCounts(ConfusionMatrix.of(t, p, LABELS_B), k, hits);
            assertEquals(ClassificationMetrics.compute(t, p, scores, LABELS_B, k), fromCounts, "top-" + k);
        }
        assertEquals(ClassificationMetrics.compute(t, p, null, LABELS_B, 2),
                ClassificationMetrics.fromCounts(ConfusionMatrix.of(t, p, LABELS_B), 2, null));
    }
}
