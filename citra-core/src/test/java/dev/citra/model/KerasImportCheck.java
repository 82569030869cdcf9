package dev.citra.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.KerasReference.Tensor;
import dev.citra.model.weights.ImportReport;
import dev.citra.model.weights.KerasH5Reader;
import dev.citra.model.weights.KerasWeightImporter;
import dev.citra.model.weights.KerasWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The round trip the Keras-layout backbone tests share: Keras's forward pass on {@link KerasReference}
 * with random weights, those weights written to a Keras Applications {@code .h5}, loaded strictly
 * into citra's network, and citra's output compared with Keras's.
 */
final class KerasImportCheck {
    /** Keras Applications' BatchNormalization epsilon in ResNet, DenseNet and Inception. */
    static final double KERAS_EPSILON = 1.001e-5;

    private KerasImportCheck() {}

    /**
     * How citra's output agreed with Keras's.
     *
     * @param error max |citra − keras| / max |keras|
     * @param errorAgainstEpsilon1e3 the same against Keras run with BatchNorm epsilon 1e-3: large when
     *     the weights make the epsilon matter, so that the check can fail
     * @param logits citra's output
     */
    record Agreement(double error, double errorAgainstEpsilon1e3, float[] logits) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "max |citra - keras| / max |keras| = %.1e (%.1e against epsilon 1e-3),"
                    + " logits %s", error, errorAgainstEpsilon1e3, java.util.Arrays.toString(logits));
        }
    }

    /**
     * Runs {@code keras} (the model's Keras definition, image → logits) on a random image of
     * {@code size}, writes its weights to {@code dir}, loads them strictly into citra's {@code arch}
     * network with {@code classes} classes (every layer must load) and compares the outputs.
     */
    static Agreement run(Path dir, String arch, int size, int classes, BiFunction<KerasReference, Tensor, double[]> keras) {
        KerasReference k = new KerasReference(2, KERAS_EPSILON);
        Tensor image = k.input(size, 3);
        double[] expected = keras.apply(k, image);
        Path file = dir.resolve(arch + "_weights_tf_dim_ordering_tf_kernels.h5");
        List<String> fileLayers = new ArrayList<>(List.of("input_1"));
        fileLayers.addAll(k.layerNames());
        KerasH5Writer.write(file, fileLayers, k.weights());

        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        try (Network net = Network.create(registry, ArchitectureSpec.named(arch), new ImageSpec(size, 3, Normalization.TORCH),
                labels(classes), 3); NDManager scope = net.manager().newSubManager()) {
            ImportReport report = new KerasWeightImporter(registry).load(net, KerasH5Reader.read(file), true);
            assertTrue(report.complete(), report.summary());
            assertEquals(k.weights().size(), report.layersLoaded(), report.summary());
            float[] actual = net.forward(scope, image.toNchw(), 1, false).toFloatArray();
            KerasReference wrongEpsilon = new KerasReference(2, 1e-3);
            double[] other = keras.apply(wrongEpsilon, wrongEpsilon.input(size, 3));
            return new Agreement(KerasReference.relativeError(expected, actual), KerasReference.relativeError(other, actual),
                    actual);
        }
    }

    /** Layer name → "kernel 1×1×64×64, bias 64", in the given order. */
    static Map<String, String> shapes(List<KerasWeights.Layer> layers) {
        return layers.stream().collect(Collectors.toMap(KerasWeights.Layer::name,
                l -> l.weights().values().stream().map(t -> t.name() + " " + t.shapeText()).collect(Collectors.joining(", ")),
                (a, b) -> a, LinkedHashMap::new));
    }

    /** citra's Keras names for {@code arch} with the 1000-class top, weightless layers included, without its dropout. */
    static List<String> citraLayerNames(String arch) {
        List<String> names = new ArrayList<>(ArchitectureRegistry.defaults().get(arch).layerNames(ArchitectureSpec.named(arch),
                1000, new ImageSpec(32, 3, Normalization.TORCH)));
        names.remove(BackboneArchitecture.NEW_LAYER_PREFIX + "dropout");
        return names;
    }

    static List<String> labels(int n) {
        return IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
    }
}
