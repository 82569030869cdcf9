package dev.citra.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reliability bins and the expected calibration error, by hand. */
class CalibrationTest {
    @Test
    void binsByTopProbabilityAndWeighsEachBinsGapByItsShare() {
        int[] truth = {0, 1, 1, 0, 1};
        float[][] p = {
            {0.9f, 0.1f}, // bin (0.8, 1], right
            {0.95f, 0.05f}, // bin (0.8, 1], wrong
            {0.3f, 0.7f}, // bin (0.6, 0.8], right
            {0.35f, 0.65f}, // bin (0.6, 0.8], wrong
            {0.5f, 0.5f}, // a tie goes to class 0: bin (0.4, 0.6], wrong
        };
        Calibration c = Calibration.of(truth, p, 5);
        List<Calibration.Bin> bins = c.bins();
        assertEquals(5, bins.size());
        assertEquals(0, bins.get(0).count());
        assertTrue(Double.isNaN(bins.get(0).accuracy()));
        assertEquals(1, bins.get(2).count());
        assertEquals(0.0, bins.get(2).accuracy());
        assertEquals(2, bins.get(3).count());
        assertEquals(0.675, bins.get(3).confidence(), 1e-6);
        assertEquals(0.5, bins.get(3).accuracy());
        assertEquals(0.925, bins.get(4).confidence(), 1e-6);
        double ece = (1 * 0.5 + 2 * 0.175 + 2 * 0.425) / 5;
        assertEquals(ece, c.ece(), 1e-6);
        assertEquals(0.5, c.mce(), 1e-6);
    }

    @Test
    void aConfidenceOfOneIsInTheLastBinAndPerfectPredictionsAreCalibrated() {
        Calibration c = Calibration.of(new int[] {1, 0}, new float[][] {{0f, 1f}, {1f, 0f}}, 15);
        assertEquals(2, c.bins().get(14).count());
        assertEquals(0.0, c.ece(), 1e-9);
    }

    @Test
    void theReliabilityDiagramIsAPng() {
        Calibration c = Calibration.of(new int[] {0, 1, 1}, new float[][] {{0.6f, 0.4f}, {0.2f, 0.8f}, {0.9f, 0.1f}},
                Calibration.BINS);
        byte[] png = Charts.calibrationPng(c);
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }
}
