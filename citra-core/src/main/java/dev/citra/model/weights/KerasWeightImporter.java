package dev.citra.model.weights;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import dev.citra.CitraException;
import dev.citra.model.Architecture;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.BackboneArchitecture;
import dev.citra.model.Network;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads Keras weights into a citra network laid out as Keras builds it. The architecture names
 * its weighted layers in Keras terms ({@link Architecture#kerasLayerNames}); the importer walks
 * the network's weighted DJL layers in the same order and converts each weight's layout:
 * convolution kernels HWIO → OIHW, depthwise kernels H×W×C×M → (C·M)×1×H×W, dense kernels
 * (in, out) → (out, in), BatchNorm gamma/beta/moving_mean/moving_variance → gamma/beta/
 * runningMean/runningVar.
 *
 * <p>Strict by default: every missing, unexpected or mis-shaped weight is named in one
 * {@link CitraException} and nothing is changed. Non-strict loads what matches and reports the
 * rest. The ImageNet classifier (the last weighted layer: {@value #HEAD}, or {@code fc1000} in the
 * DenseNet and ResNet50 files) and the layers of a new head
 * ({@code head_...}) are optional either way: when the file has none ({@code _notop}) or they have
 * another size than the network's, they keep their initial weights and the report says so.
 */
public final class KerasWeightImporter {
    /** The Keras Applications name of the ImageNet classifier layer of most backbones. */
    public static final String HEAD = "predictions";

    private final ArchitectureRegistry registry;

    public KerasWeightImporter(ArchitectureRegistry registry) {
        this.registry = registry;
    }

    /** Reads a Keras {@code .h5} file and loads it into {@code network}. */
    public ImportReport load(Network network, Path h5File, boolean strict) {
        return load(network, KerasH5Reader.read(h5File), strict);
    }

    /** Loads weights into {@code network}, whose architecture must have a Keras layout. */
    public ImportReport load(Network network, KerasWeights weights, boolean strict) {
        Architecture arch = registry.get(network.architecture().name());
        List<String> names = arch.kerasLayerNames(network.architecture(), network.labels().size(), network.input());
        if (names.isEmpty()) {
            List<String> keras = new ArrayList<>();
            for (Architecture a : registry.all()) {
                try {
                    if (!a.kerasLayerNames(dev.citra.model.ArchitectureSpec.named(a.name()), 1000, network.input()).isEmpty()) {
                        keras.add(a.name());
                    }
                } catch (RuntimeException e) {
                    // An architecture that needs more options than a name has no default Keras layout.
                }
            }
            throw new CitraException("Model '" + arch.name() + "' is not laid out as a Keras model, so Keras weights ("
                    + weights.source() + ") cannot be loaded into it: use one of " + keras + ".");
        }
        return load(network.block(), names, weights, strict, "'" + arch.name() + "'");
    }

    /**
     * Loads weights into an initialised block whose weighted layers (in parameter order) have
     * the Keras names {@code kerasLayerNames}.
     */
    public static ImportReport load(Block block, List<String> kerasLayerNames, KerasWeights weights, boolean strict) {
        return load(block, kerasLayerNames, weights, strict, "the network");
    }

    private static ImportReport load(Block block, List<String> kerasLayerNames, KerasWeights weights, boolean strict,
            String target) {
        List<Block> leaves = new ArrayList<>();
        weightedLayers(block, leaves);
        if (leaves.size() != kerasLayerNames.size()) {
            throw new IllegalStateException("The network has " + leaves.size() + " weighted layers but "
                    + kerasLayerNames.size() + " Keras names were given");
        }
        List<String> problems = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Pair<Parameter, float[]>> plan = new ArrayList<>();
        Map<String, KerasWeights.Layer> unused = new LinkedHashMap<>(weights.layers());
        int layersLoaded = 0;
        for (int i = 0; i < leaves.size(); i++) {
            String name = kerasLayerNames.get(i);
            List<Slot> slots = slots(name, leaves.get(i));
            KerasWeights.Layer layer = unused.remove(name);
            boolean classifier = i == leaves.size() - 1;
            if (classifier || name.startsWith(BackboneArchitecture.NEW_LAYER_PREFIX)) {
                String why = headMismatch(slots, layer);
                if (why != null) {
                    skipped.add(name + ": " + why + "; the network's " + (classifier ? "head" : "layer") + " ("
                            + slots.stream().map(s -> s.keras + " " + shapeText(s.kerasShape)).collect(Collectors.joining(", "))
                            + ") keeps its initial weights");
                    continue;
                }
            }
            if (layer == null) {
                problems.add(name + ": missing from the file (the network expects "
                        + slots.stream().map(s -> s.keras + " " + shapeText(s.kerasShape)).collect(Collectors.joining(", "))
                        + ")");
                continue;
            }
            Set<String> extra = new LinkedHashSet<>(layer.weights().keySet());
            boolean ok = true;
            for (Slot slot : slots) {
                extra.remove(slot.keras);
                KerasWeights.Tensor t = layer.weights().get(slot.keras);
                if (t == null) {
                    problems.add(name + "/" + slot.keras + ": missing from the file (the network expects "
                            + shapeText(slot.kerasShape) + ")");
                    ok = false;
                } else if (!Arrays.equals(t.shape(), slot.kerasShape)) {
                    problems.add(name + "/" + slot.keras + ": shape " + t.shapeText() + " in the file, the network expects "
                            + shapeText(slot.kerasShape));
                    ok = false;
                } else {
                    plan.add(new Pair<>(slot.parameter, permute(t.values(), slot.kerasShape, slot.perm)));
                }
            }
            for (String e : extra) {
                problems.add(name + "/" + e + ": unexpected weight (the network's layer has "
                        + slots.stream().map(s -> s.keras).toList() + ")");
                ok = false;
            }
            if (ok) {
                layersLoaded++;
            }
        }
        for (KerasWeights.Layer layer : unused.values()) {
            problems.add(layer.name() + ": unexpected layer, the network has no layer of that name ("
                    + layer.weights().values().stream().map(t -> t.name() + " " + t.shapeText())
                            .collect(Collectors.joining(", ")) + ")");
        }
        if (strict && !problems.isEmpty()) {
            throw new CitraException("Cannot load the Keras weights of " + weights.source() + " into " + target + ": "
                    + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n  - "
                    + String.join("\n  - ", problems)
                    + "\nCheck the architecture and its options (width, classes, input), or load non-strictly"
                    + " (--weights-strict false) to load what matches.");
        }
        long values = 0;
        for (Pair<Parameter, float[]> p : plan) {
            p.getKey().getArray().set(FloatBuffer.wrap(p.getValue()));
            values += p.getValue().length;
        }
        return new ImportReport(weights.source(), layersLoaded, values, problems, skipped);
    }

    /** Why the file's head cannot be used, or null if it can. */
    private static String headMismatch(List<Slot> slots, KerasWeights.Layer layer) {
        if (layer == null) {
            return "not in the file";
        }
        for (Slot s : slots) {
            KerasWeights.Tensor t = layer.weights().get(s.keras);
            if (t != null && !Arrays.equals(t.shape(), s.kerasShape)) {
                return "the file's " + s.keras + " is " + t.shapeText() + ", another size than the network's";
            }
        }
        return null;
    }

    /** The layers that own parameters, depth first in parameter order. */
    private static void weightedLayers(Block block, List<Block> out) {
        if (!block.getDirectParameters().isEmpty()) {
            out.add(block);
        }
        for (Pair<String, Block> child : block.getChildren()) {
            weightedLayers(child.getValue(), out);
        }
    }

    /** One DJL parameter and where it comes from in Keras. */
    private record Slot(String keras, int[] kerasShape, int[] perm, Parameter parameter) {}

    private static List<Slot> slots(String layerName, Block block) {
        List<Slot> slots = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            Parameter param = p.getValue();
            int[] djl = dims(param.getArray().getShape());
            String name = param.getName();
            if (block instanceof Convolution conv) {
                if (name.equals("weight")) {
                    int groups = conv.getGroups();
                    if (groups > 1 && djl[1] == 1) {
                        // Depthwise: DJL (C·M, 1, H, W) from Keras (H, W, C, M); (C, M, H, W) has the same memory order.
                        int[] keras = {djl[2], djl[3], groups, djl[0] / groups};
                        slots.add(new Slot("depthwise_kernel", keras, new int[] {2, 3, 0, 1}, param));
                    } else {
                        // DJL (O, I, H, W) from Keras (H, W, I, O).
                        int[] keras = new int[djl.length];
                        keras[djl.length - 2] = djl[1];
                        keras[djl.length - 1] = djl[0];
                        System.arraycopy(djl, 2, keras, 0, djl.length - 2);
                        int[] perm = new int[djl.length];
                        perm[0] = djl.length - 1;
                        perm[1] = djl.length - 2;
                        for (int d = 2; d < djl.length; d++) {
                            perm[d] = d - 2;
                        }
                        slots.add(new Slot("kernel", keras, perm, param));
                    }
                } else if (name.equals("bias")) {
                    slots.add(new Slot("bias", djl, new int[] {0}, param));
                } else {
                    throw unmapped(layerName, block, name);
                }
            } else if (block instanceof Linear) {
                if (name.equals("weight")) {
                    slots.add(new Slot("kernel", new int[] {djl[1], djl[0]}, new int[] {1, 0}, param));
                } else if (name.equals("bias")) {
                    slots.add(new Slot("bias", djl, new int[] {0}, param));
                } else {
                    throw unmapped(layerName, block, name);
                }
            } else if (block instanceof BatchNorm) {
                String keras = switch (name) {
                    case "gamma" -> "gamma";
                    case "beta" -> "beta";
                    case "runningMean" -> "moving_mean";
                    case "runningVar" -> "moving_variance";
                    default -> throw unmapped(layerName, block, name);
                };
                slots.add(new Slot(keras, djl, new int[] {0}, param));
            } else {
                throw unmapped(layerName, block, name);
            }
        }
        return slots;
    }

    private static IllegalStateException unmapped(String layerName, Block block, String param) {
        return new IllegalStateException("No Keras mapping for parameter '" + param + "' of "
                + block.getClass().getSimpleName() + " (Keras layer " + layerName + ")");
    }

    private static int[] dims(Shape shape) {
        int[] d = new int[shape.dimension()];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.toIntExact(shape.get(i));
        }
        return d;
    }

    /**
     * Transposes a row-major array: output axis {@code i} is source axis {@code perm[i]}.
     */
    static float[] permute(float[] src, int[] shape, int[] perm) {
        int n = shape.length;
        boolean identity = true;
        for (int i = 0; i < n; i++) {
            identity &= perm[i] == i;
        }
        if (identity) {
            return src.clone();
        }
        int[] srcStride = new int[n];
        int s = 1;
        for (int i = n - 1; i >= 0; i--) {
            srcStride[i] = s;
            s *= shape[i];
        }
        int[] outShape = new int[n];
        int[] stride = new int[n];
        for (int i = 0; i < n; i++) {
            outShape[i] = shape[perm[i]];
            stride[i] = srcStride[perm[i]];
        }
        float[] out = new float[src.length];
        int[] idx = new int[n];
        int offset = 0;
        for (int o = 0; o < out.length; o++) {
            out[o] = src[offset];
            for (int d = n - 1; d >= 0; d--) {
                idx[d]++;
                offset += stride[d];
                if (idx[d] < outShape[d]) {
                    break;
                }
                offset -= stride[d] * outShape[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    /** {@code 3×3×32×1}. */
    static String shapeText(int[] shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining("×"));
    }
}
