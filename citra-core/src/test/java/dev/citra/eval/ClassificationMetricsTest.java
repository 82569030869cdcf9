package dev.citra.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Agreement with scikit-learn. The expected values below were computed once with
 * scikit-learn 1.2.1 (Debian python3-sklearn) by this script, on the same generated case:
 *
 * <pre>
 * y_true = [(i * 7 + i // 5) % 4 if i % 3 else 0 for i in range(60)]
 * y_pred = [(t + (1 if i % 4 == 0 else 0) + (2 if i % 11 == 0 else 0)) % 3 for i, t in enumerate(y_true)]
 * r = classification_report(y_true, y_pred, labels=[0, 1, 2, 3], output_dict=True, zero_division=0)
 * confusion_matrix(y_true, y_pred, labels=[0, 1, 2, 3])
 * scores = np.array([[((i * 13 + c * 7) % 10) / 10.0 for c in range(4)] for i in range(60)])
 * top_k_accuracy_score(y_true, scores, k=2, labels=[0, 1, 2, 3])   # and k=3
 * </pre>
 *
 * Class 3 is never predicted (precision 0 by zero_division=0) and class 0 dominates, so the
 * macro and weighted averages differ; the score matrix has ties, which top-k must break as
 * scikit-learn does.
 */
class ClassificationMetricsTest {
    private static final List<String> LABELS = List.of("common", "one", "two", "rare");

    private static int[] yTrue() {
        int[] y = new int[60];
        for (int i = 0; i < 60; i++) {
            y[i] = i % 3 != 0 ? (i * 7 + i / 5) % 4 : 0;
        }
        return y;
    }

    private static int[] yPred(int[] yTrue) {
        int[] y = new int[60];
        for (int i = 0; i < 60; i++) {
            y[i] = (yTrue[i] + (i % 4 == 0 ? 1 : 0) + (i % 11 == 0 ? 2 : 0)) % 3;
        }
        return y;
    }

    private static float[][] scores() {
        float[][] s = new float[60][4];
        for (int i = 0; i < 60; i++) {
            for (int c = 0; c < 4; c++) {
                s[i][c] = ((i * 13 + c * 7) % 10) / 10.0f;
            }
        }
        return s;
    }

    @Test
    void equalsScikitLearnClassificationReportAndConfusionMatrix() {
        int[] t = yTrue();
        ClassificationMetrics m = ClassificationMetrics.compute(t, yPred(t), null, LABELS, 3);
        assertEquals(0.6333333333333333, m.accuracy(), 1e-12);
        double[][] expected = {
            {0.7941176470588235, 0.75, 0.7714285714285715, 36},
            {0.375, 0.75, 0.5, 8},
            {0.5, 0.625, 0.5555555555555556, 8},
            {0.0, 0.0, 0.0, 8},
        };
        for (int c = 0; c < 4; c++) {
            ClassMetrics row = m.perClass().get(c);
            assertEquals(LABELS.get(c), row.label());
            assertEquals(expected[c][0], row.precision(), 1e-12, "precision " + c);
            assertEquals(expected[c][1], row.recall(), 1e-12, "recall " + c);
            assertEquals(expected[c][2], row.f1(), 1e-12, "f1 " + c);
            assertEquals((int) expected[c][3], row.support(), "support " + c);
        }
        assertEquals(0.41727941176470584, m.macroAvg().precision(), 1e-12);
        assertEquals(0.53125, m.macroAvg().recall(), 1e-12);
        assertEquals(0.45674603174603173, m.macroAvg().f1(), 1e-12);
        assertEquals(60, m.macroAvg().support());
        assertEquals(0.5931372549019608, m.weightedAvg().precision(), 1e-12);
        assertEquals(0.6333333333333333, m.weightedAvg().recall(), 1e-12);
        assertEquals(0.6035978835978836, m.weightedAvg().f1(), 1e-12);
        int[][] cm = {{27, 7, 2, 0}, {0, 6, 2, 0}, {2, 1, 5, 0}, {5, 2, 1, 0}};
        assertArrayEquals(cm, m.confusionMatrix().counts());
        assertEquals(Double.NaN, m.topKAccuracy());
    }

    @Test
    void topKAccuracyEqualsScikitLearnIncludingTies() {
        int[] t = yTrue();
        assertEquals(0.4666666666666667, ClassificationMetrics.compute(t, yPred(t), scores(), LABELS, 2).topKAccuracy(), 1e-12);
        assertEquals(0.6333333333333333, ClassificationMetrics.compute(t, yPred(t), scores(), LABELS, 3).topKAccuracy(), 1e-12);
        assertEquals(1.0, ClassificationMetrics.compute(t, yPred(t), scores(), LABELS, 9).topKAccuracy(), 1e-12);
    }

    @Test
    void rowNormalisedMatrixIsRecallPerClass() {
        int[] t = yTrue();
        ClassificationMetrics m = ClassificationMetrics.compute(t, yPred(t), null, LABELS, 1);
        double[][] n = m.confusionMatrix().rowNormalized();
        for (int c = 0; c < 4; c++) {
            assertEquals(m.perClass().get(c).recall(), n[c][c], 1e-12);
        }
        assertEquals(27 / 36.0, n[0][0], 1e-12);
    }

    @Test
    void mismatchedInputsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.compute(new int[] {0, 1}, new int[] {0}, null, LABELS, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.compute(new int[] {4}, new int[] {0}, null, LABELS, 1));
        assertTrue(Double.isNaN(ClassificationMetrics.compute(new int[0], new int[0], null, LABELS, 1).accuracy()));
    }
}
