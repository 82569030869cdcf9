package dev.citra.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.image.ImageDecoder;
import dev.citra.image.ImagePreprocessor;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.infer.BatchRunner;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The real Keras Applications MobileNetV2 1.0/224 ImageNet weights (in ../shared/data/weights)
 * must reproduce the reference top-1 classes and probabilities of that folder's README.
 */
class MobileNetV2ImageNetTest {
    private static final String FILE = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5";

    /** The README's reference: image, Keras class index, probability. */
    private record Expected(String image, int index, double probability) {}

    private static final List<Expected> EXPECTED = List.of(
            new Expected("grace_hopper.bmp", 652, 0.718),
            new Expected("cat.bmp", 285, 0.672),
            new Expected("bird.bmp", 19, 0.781),
            new Expected("parrot.jpg", 88, 0.925));

    @Test
    void realImageNetWeightsGiveTheReferencePredictions() throws Exception {
        String shared = System.getProperty("citra.shared");
        Path dir = shared == null ? null : Path.of(shared, "data", "weights");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve(FILE)),
                "Skipped: the real MobileNetV2 weights are not at <citra.shared>/data/weights/" + FILE
                        + " (citra.shared=" + shared + ")");
        List<String> labels = ImageNetLabels.read(dir.resolve("samples/imagenet_labels.txt"), 1000);
        assertEquals("tench", labels.get(0).split(",")[0].strip().toLowerCase(Locale.ROOT));
        ImageSpec spec = new ImageSpec(224, 3, Normalization.SYMMETRIC);
        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        try (Network net = Network.create(registry, ArchitectureSpec.named("mobilenet_v2"), spec, labels, 1)) {
            ImportReport report = new KerasWeightImporter(registry).load(net, dir.resolve(FILE), true);
            assertTrue(report.complete(), report.summary());
            assertTrue(report.skipped().isEmpty(), report.summary());
            assertEquals(3_538_984L, report.valuesLoaded());
            assertEquals(net.parameterCount(), report.valuesLoaded());

            ImageDecoder decoder = new ImageDecoder();
            float[][] pil = new float[EXPECTED.size()][];
            float[][] citra = new float[EXPECTED.size()][];
            for (int i = 0; i < pil.length; i++) {
                byte[] bytes = Files.readAllBytes(dir.resolve("samples").resolve(EXPECTED.get(i).image()));
                BufferedImage image = ImageDecoder.standardize(decoder.decode(bytes));
                pil[i] = pilBilinear(image, 224);
                citra[i] = ImagePreprocessor.toTensor(image, spec);
                for (int k = 0; k < pil[i].length; k++) {
                    // At most one grey level apart (float rounding of the weights).
                    assertEquals(pil[i][k], citra[i][k], 1.01 / 127.5, EXPECTED.get(i).image() + " pixel " + k);
                }
            }
            float[][] pilProbabilities = BatchRunner.run(net, pil, null, 4).probabilities();
            float[][] citraProbabilities = BatchRunner.run(net, citra, null, 4).probabilities();
            StringBuilder measured = new StringBuilder();
            for (int i = 0; i < pil.length; i++) {
                Expected e = EXPECTED.get(i);
                measured.append(String.format(Locale.ROOT, "%s: expected %d %.3f; PIL-bilinear input %d %.4f;"
                        + " ImagePreprocessor input %d %.4f%n", e.image(), e.index(), e.probability(),
                        argmax(pilProbabilities[i]), pilProbabilities[i][e.index()],
                        argmax(citraProbabilities[i]), citraProbabilities[i][e.index()]));
            }
            System.out.print(measured);
            for (int i = 0; i < pil.length; i++) {
                Expected e = EXPECTED.get(i);
                // The README's input: PIL's bilinear resize (what keras.utils.load_img does), x/127.5 - 1.
                assertEquals(e.index(), argmax(pilProbabilities[i]), e.image() + " top-1 class\n" + measured);
                assertEquals(e.probability(), pilProbabilities[i][e.index()], 0.01, e.image() + " top-1 probability\n" + measured);
                // citra's own pre-processing is PIL's bilinear too: the same class and probability.
                assertEquals(e.index(), argmax(citraProbabilities[i]), e.image() + " top-1 class (ImagePreprocessor)\n" + measured);
                assertEquals(e.probability(), citraProbabilities[i][e.index()], 0.01,
                        e.image() + " top-1 probability (ImagePreprocessor)\n" + measured);
            }
        }
    }

    private static int argmax(float[] p) {
        int top = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[top]) {
                top = c;
            }
        }
        return top;
    }

    /**
     * The reference's resize, written out independently: PIL's {@code Image.resize(BILINEAR)}, a
     * triangle filter whose support widens with the downscale factor, horizontal pass then
     * vertical, each rounded to 8 bits; then x / 127.5 − 1, channels first.
     */
    static float[] pilBilinear(BufferedImage img, int size) {
        int w = img.getWidth();
        int h = img.getHeight();
        double[][] wx = triangleWeights(w, size);
        double[][] wy = triangleWeights(h, size);
        float[] out = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            double[][] tmp = new double[h][size];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < size; x++) {
                    double s = 0;
                    int lo = (int) wx[x][0];
                    for (int k = 1; k < wx[x].length; k++) {
                        s += wx[x][k] * ((img.getRGB(lo + k - 1, y) >> shift) & 0xFF);
                    }
                    tmp[y][x] = Math.min(255, Math.max(0, Math.round(s)));
                }
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double s = 0;
                    int lo = (int) wy[y][0];
                    for (int k = 1; k < wy[y].length; k++) {
                        s += wy[y][k] * tmp[lo + k - 1][x];
                    }
                    double v = Math.min(255, Math.max(0, Math.round(s)));
                    out[c * size * size + y * size + x] = (float) (v / 127.5 - 1);
                }
            }
        }
        return out;
    }

    /** Per output pixel: {first source index, weights...}, as PIL's precompute_coeffs. */
    private static double[][] triangleWeights(int in, int out) {
        double scale = (double) in / out;
        double filterScale = Math.max(1, scale);
        double[][] r = new double[out][];
        for (int i = 0; i < out; i++) {
            double centre = (i + 0.5) * scale;
            int lo = (int) Math.max(0, Math.floor(centre - filterScale + 0.5));
            int hi = (int) Math.min(in, Math.floor(centre + filterScale + 0.5));
            double[] wts = new double[hi - lo + 1];
            wts[0] = lo;
            double total = 0;
            for (int k = lo; k < hi; k++) {
                double t = Math.abs((k - centre + 0.5) / filterScale);
                wts[k - lo + 1] = t < 1 ? 1 - t : 0;
                total += wts[k - lo + 1];
            }
            for (int k = 1; k < wts.length; k++) {
                wts[k] /= total;
            }
            r[i] = wts;
        }
        return r;
    }
}
