package dev.citra.model.weights;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keras layer weights as a file holds them: per layer name (in file order), its named arrays in
 * Keras layout (HWIO kernels, (in, out) dense kernels). Built by {@link KerasH5Reader}, or by
 * hand for tests.
 *
 * @param source where the weights came from (a file name), for messages
 * @param layers layer name to layer, in the file's order; weightless layers are left out
 */
public record KerasWeights(String source, Map<String, Layer> layers) {
    public KerasWeights {
        Objects.requireNonNull(source, "source");
        layers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    }

    /** Builds weights from layers, keyed by their names. */
    public static KerasWeights of(String source, List<Layer> layers) {
        Map<String, Layer> map = new LinkedHashMap<>();
        for (Layer l : layers) {
            map.put(l.name(), l);
        }
        return new KerasWeights(source, map);
    }

    /** The number of values over all layers. */
    public long valueCount() {
        return layers.values().stream().flatMap(l -> l.weights().values().stream()).mapToLong(t -> t.values().length).sum();
    }

    /**
     * One Keras layer's weights.
     *
     * @param name the Keras layer name, e.g. {@code block_1_expand}
     * @param weights short weight name ({@code kernel}, {@code depthwise_kernel}, {@code bias},
     *     {@code gamma}, {@code beta}, {@code moving_mean}, {@code moving_variance}) to its array,
     *     in the file's order
     */
    public record Layer(String name, Map<String, Tensor> weights) {
        public Layer {
            weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        }

        public static Layer of(String name, Tensor... tensors) {
            Map<String, Tensor> map = new LinkedHashMap<>();
            for (Tensor t : tensors) {
                map.put(t.name(), t);
            }
            return new Layer(name, map);
        }
    }

    /**
     * One array, row-major.
     *
     * @param name short weight name, e.g. {@code kernel}
     * @param shape its shape in Keras layout
     * @param values its values, row-major
     */
    public record Tensor(String name, int[] shape, float[] values) {
        public Tensor {
            shape = shape.clone();
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + n
                        + " values, got " + values.length);
            }
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** The shape as Keras prints it, e.g. {@code 3×3×32×1}. */
        public String shapeText() {
            return KerasWeightImporter.shapeText(shape);
        }
    }
}
