package dev.citra.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.citra.util.Engines;

/**
 * What this machine's cores can do in fp32, measured rather than read off a data sheet: the rate
 * of a large matrix product in libtorch (the kernel convolutions come closest to), the best of a
 * few runs. Figures are then given as a fraction of it, so they can be compared across machines.
 */
public final class PeakFlops {
    private static final int N = 2048;

    private PeakFlops() {}

    /** Floating-point operations a second of a 2048 × 2048 matrix product, best of five. */
    public static double measure() {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            NDArray a = manager.randomUniform(-1, 1, new Shape(N, N));
            NDArray b = manager.randomUniform(-1, 1, new Shape(N, N));
            a.matMul(b).close();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                a.matMul(b).close();
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            return 2.0 * N * N * N / best;
        }
    }
}
