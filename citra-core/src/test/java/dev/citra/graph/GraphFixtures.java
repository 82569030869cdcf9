package dev.citra.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.image.ImageDecoder;
import dev.citra.image.ImagePreprocessor;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import dev.citra.model.weights.ImageNetLabels;
import dev.citra.model.weights.ImportReport;
import dev.citra.model.weights.KerasWeightImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;

/** Networks and inputs for the tests of compiled graphs (here and in the runtime modules). */
public final class GraphFixtures {
    private static final ArchitectureRegistry REGISTRY = ArchitectureRegistry.defaults();

    private GraphFixtures() {}

    /** Equal to 1e-4, relative to the largest logit when that is above 1. */
    public static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 1;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * scale, what + ": output " + i);
        }
    }

    public static Network network(ArchitectureSpec spec, ImageSpec input, int classes) {
        List<String> labels = IntStream.range(0, classes).mapToObj(i -> "c" + i).toList();
        Network net = Network.create(REGISTRY, spec, input, labels, 3);
        randomiseBatchNorm(net, 11);
        return net;
    }

    /** Trained-looking BatchNorm statistics: folding then changes every weight. */
    public static void randomiseBatchNorm(Network net, long seed) {
        Random random = new Random(seed);
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] v = new float[Math.toIntExact(a.size())];
            switch (p.getValue().getType()) {
                case GAMMA -> fill(v, () -> 0.5f + random.nextFloat());
                case BETA, RUNNING_MEAN -> fill(v, () -> (float) random.nextGaussian() * 0.3f);
                case RUNNING_VAR -> fill(v, () -> 0.3f + random.nextFloat() * 2);
                default -> {
                    continue;
                }
            }
            a.set(v);
        }
    }

    private static void fill(float[] v, java.util.function.Supplier<Float> next) {
        for (int i = 0; i < v.length; i++) {
            v[i] = next.get();
        }
    }

    public static float[] randomPixels(int n, long seed) {
        Random random = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat();
        }
        return v;
    }

    public static final String FILE = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5";
    public static final List<String> IMAGES = List.of("grace_hopper.bmp", "cat.bmp", "bird.bmp", "parrot.jpg");

    /** The shared weights folder, or a skipped test when it is absent. */
    public static Path weightsDir() {
        String shared = System.getProperty("citra.shared");
        Path dir = shared == null ? null : Path.of(shared, "data", "weights");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve(FILE)),
                "Skipped: the real MobileNetV2 weights are not at <citra.shared>/data/weights/" + FILE
                        + " (citra.shared=" + shared + ")");
        return dir;
    }

    /** MobileNetV2 1.0/224 with the real ImageNet weights. */
    public static Network realMobileNetV2(Path dir) throws Exception {
        ImageSpec spec = new ImageSpec(224, 3, Normalization.SYMMETRIC);
        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        List<String> labels = ImageNetLabels.read(dir.resolve("samples/imagenet_labels.txt"), 1000);
        Network net = Network.create(registry, ArchitectureSpec.named("mobilenet_v2"), spec, labels, 1);
        ImportReport report = new KerasWeightImporter(registry).load(net, dir.resolve(FILE), true);
        assertTrue(report.complete(), report.summary());
        return net;
    }

    /** The sample photographs as citra pre-processes them for {@code spec}. */
    public static float[] sampleBatch(Path dir, ImageSpec spec) throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        float[] batch = new float[IMAGES.size() * spec.tensorLength()];
        for (int i = 0; i < IMAGES.size(); i++) {
            float[] t = ImagePreprocessor.toTensor(decoder.decodeFile(dir.resolve("samples").resolve(IMAGES.get(i))), spec);
            System.arraycopy(t, 0, batch, i * t.length, t.length);
        }
        return batch;
    }

    public static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int c = 1; c < n; c++) {
            if (v[from + c] > v[from + best]) {
                best = c;
            }
        }
        return best;
    }

    /** A mobilenet_v2 bundle with trained-looking BatchNorm statistics, so that folding changes the weights. */
    public static Path mobileNetBundle(Path dir) {
        ImageSpec input = new ImageSpec(32, 3, Normalization.SYMMETRIC);
        try (Network net = network(new ArchitectureSpec("mobilenet_v2", null, null, 0.35), input, 4)) {
            ModelBundle.save(dir, net, BundleMetadata.of(1, net.architecture(), net.labels(), input, null, Map.of(), null,
                    1, net.parameterCount(), "test", "now"));
        }
        return dir;
    }

    public static float[][] images(int n, int length) {
        float[][] images = new float[n][];
        for (int i = 0; i < n; i++) {
            images[i] = randomPixels(length, i);
        }
        return images;
    }
}
