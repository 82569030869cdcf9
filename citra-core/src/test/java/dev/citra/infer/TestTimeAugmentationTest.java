package dev.citra.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.citra.CitraException;
import dev.citra.util.Engines;
import org.junit.jupiter.api.Test;

/** Test-time augmentation averages the probabilities of the image and its flipped views. */
class TestTimeAugmentationTest {
    /** Each pixel is a logit: a flip reorders the logits, so the views' probabilities are known. */
    private static NDArray pixelsAsLogits(NDArray x) {
        return x.reshape(x.getShape().get(0), -1);
    }

    private static double[] softmax(double... logits) {
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i]);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Test
    void flipAveragesTheImageAndItsMirror() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            // One image, 1 channel, 2 rows x 2 columns: logits a b / c d.
            NDArray x = m.create(new float[] {1f, 3f, 0f, -1f}, new Shape(1, 1, 2, 2));
            float[] none = TestTimeAugmentation.NONE.logProbabilities(x, TestTimeAugmentationTest::pixelsAsLogits)
                    .exp().toFloatArray();
            float[] flip = TestTimeAugmentation.FLIP.logProbabilities(x, TestTimeAugmentationTest::pixelsAsLogits)
                    .exp().toFloatArray();
            float[] flips = TestTimeAugmentation.FLIPS.logProbabilities(x, TestTimeAugmentationTest::pixelsAsLogits)
                    .exp().toFloatArray();
            double[] p = softmax(1, 3, 0, -1);
            double[] mirror = softmax(3, 1, -1, 0);
            double[] upsideDown = softmax(0, -1, 1, 3);
            double[] both = softmax(-1, 0, 3, 1);
            for (int i = 0; i < 4; i++) {
                assertEquals(p[i], none[i], 1e-6);
                assertEquals((p[i] + mirror[i]) / 2, flip[i], 1e-6);
                assertEquals((p[i] + mirror[i] + upsideDown[i] + both[i]) / 4, flips[i], 1e-6);
            }
            assertEquals(2, TestTimeAugmentation.FLIP.views());
            assertEquals(4, TestTimeAugmentation.FLIPS.views());
        }
    }

    @Test
    void aConfidentlyWrongViewGivesAFiniteLogProbability() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray x = m.create(new float[] {200f, -200f}, new Shape(1, 1, 1, 2));
            float[] lp = TestTimeAugmentation.FLIP.logProbabilities(x, TestTimeAugmentationTest::pixelsAsLogits)
                    .toFloatArray();
            assertArrayEquals(new float[] {(float) Math.log(0.5), (float) Math.log(0.5)}, lp, 1e-6f);
            NDArray y = m.create(new float[] {200f, -200f}, new Shape(1, 1, 2, 1));
            float[] lpy = TestTimeAugmentation.FLIP.logProbabilities(y, TestTimeAugmentationTest::pixelsAsLogits)
                    .toFloatArray();
            assertTrue(Float.isFinite(lpy[1]) && lpy[1] < -20, "log p " + lpy[1]);
        }
    }

    @Test
    void parsesFlagValuesAndNamesTheChoicesOtherwise() {
        assertEquals(TestTimeAugmentation.FLIPS, TestTimeAugmentation.parse("Flips"));
        CitraException e = assertThrows(CitraException.class, () -> TestTimeAugmentation.parse("rotate"));
        assertEquals("Unknown test-time augmentation 'rotate': use none, flip (left-right) or flips (left-right and"
                + " upside down).", e.getMessage());
    }
}
