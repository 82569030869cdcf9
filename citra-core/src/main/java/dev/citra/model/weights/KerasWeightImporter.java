package dev.citra.model.weights;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import dev.citra.model.BatchNorm;
import ai.djl.util.Pair;
import dev.citra.CitraException;
import dev.citra.model.Architecture;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.BackboneArchitecture;
import dev.citra.model.KerasLayerOrder;
import dev.citra.model.Network;
import dev.citra.model.UnscaledBatchNorm;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
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
 * runningMean/runningVar (a BatchNorm without gamma, Keras's {@code scale=False}, has none to take).
 *
 * <p>Layers are matched by name. When the names do not all match, the importer also tries Keras's
 * own way of loading a weight file without {@code by_name}: the file's weighted layers, in the
 * file's {@code layer_names} order, go one for one to the network's weighted layers in Keras's
 * layer order ({@link KerasLayerOrder}). That is how the official Keras Applications files of
 * architectures with automatic layer names (InceptionV3's {@code conv2d_1}, ... written by an older
 * Keras than the {@code conv2d}, ... a fresh tf.keras model has) load. Whichever matching fits
 * more layers wins; the report says when it was the order.
 *
 * <p>Strict by default: every missing, unexpected or mis-shaped weight is named in one
 * {@link CitraException} and nothing is changed. Non-strict loads what matches and reports the
 * rest. The ImageNet classifier (the last weighted layer: {@value #HEAD}, or {@code fc1000} in the
 * DenseNet and ResNet50 files) and the layers of a new head
 * ({@code head_...}) are optional either way: when the file has none ({@code _notop}) or they have
 * another size than the network's, they keep their initial weights and the report says so.
 */
public final class KerasWeightImporter {
    /** The Keras Applications name of the ImageNet classifier layer. */
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
        // By name when every name matches; otherwise whichever of name and order fits more layers.
        Matching chosen = byName(leaves, kerasLayerNames, weights);
        Matching other = null;
        if (!chosen.problems.isEmpty()) {
            other = byOrder(block, leaves, kerasLayerNames, weights);
            if (other != null && other.layersLoaded > chosen.layersLoaded) {
                Matching byName = chosen;
                chosen = other;
                other = byName;
            }
        }
        if (strict && !chosen.problems.isEmpty()) {
            String alternative = other == null ? ""
                    : "\nMatching " + (chosen.byLayerOrder ? "by layer name" : "by layer order (as Keras loads files whose"
                            + " layer names differ)") + " fits no better: " + problems(other.problems.size()) + ".";
            throw new CitraException("Cannot load the Keras weights of " + weights.source() + " into " + target
                    + (chosen.byLayerOrder ? " (matched by layer order, as Keras does when layer names differ)" : "")
                    + ": " + problems(chosen.problems.size()) + ":\n  - "
                    + String.join("\n  - ", chosen.problems) + alternative
                    + "\nCheck the architecture and its options (width, classes, input), or load non-strictly"
                    + " (--weights-strict false) to load what matches.");
        }
        long values = 0;
        for (Pair<Parameter, float[]> p : chosen.plan) {
            p.getKey().getArray().set(FloatBuffer.wrap(p.getValue()));
            values += p.getValue().length;
        }
        return new ImportReport(weights.source(), chosen.layersLoaded, values, chosen.problems, chosen.skipped,
                chosen.byLayerOrder);
    }

    /** Keras's {@code load_weights(by_name=True)}: each network layer takes the file's layer of its name. */
    private static Matching byName(List<Block> leaves, List<String> names, KerasWeights weights) {
        Matching m = new Matching(false);
        Map<String, KerasWeights.Layer> unused = new LinkedHashMap<>(weights.layers());
        for (int i = 0; i < leaves.size(); i++) {
            String name = names.get(i);
            List<Slot> slots = slots(name, leaves.get(i));
            KerasWeights.Layer layer = unused.remove(name);
            if (isHead(names, i) && m.skipHead(name, slots, layer)) {
                continue;
            }
            if (layer == null) {
                m.problems.add(name + ": missing from the file (the network expects " + expected(slots) + ")");
                continue;
            }
            m.match(name, slots, layer);
        }
        for (KerasWeights.Layer layer : unused.values()) {
            m.problems.add(layer.name() + ": unexpected layer, the network has no layer of that name ("
                    + layer.weights().values().stream().map(t -> t.name() + " " + t.shapeText())
                            .collect(Collectors.joining(", ")) + ")");
        }
        return m;
    }

    /**
     * Keras's {@code load_weights} without {@code by_name}, the way Keras Applications load their
     * own files, whose automatic layer names ({@code conv2d_1}, ...) depend on the Keras version that
     * wrote them: the network's weighted layers in Keras's layer order ({@link KerasLayerOrder}) take
     * the file's weighted layers in the file's order, one for one. The classifier and new head layers
     * still go by name, as they do in {@link #byName}. Null when the two do not have as many layers,
     * where an order says nothing.
     */
    private static Matching byOrder(Block block, List<Block> leaves, List<String> names, KerasWeights weights) {
        Map<Block, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < leaves.size(); i++) {
            index.put(leaves.get(i), i);
        }
        List<Integer> body = new ArrayList<>();
        List<Integer> head = new ArrayList<>();
        for (Block layer : KerasLayerOrder.of(block)) {
            Integer i = index.get(layer);
            if (i != null) {
                (isHead(names, i) ? head : body).add(i);
            }
        }
        Set<String> headNames = head.stream().map(names::get).collect(Collectors.toSet());
        List<KerasWeights.Layer> file = weights.layers().values().stream()
                .filter(l -> !headNames.contains(l.name())).toList();
        if (file.size() != body.size() || body.size() + head.size() != leaves.size()) {
            return null;
        }
        Matching m = new Matching(true);
        for (int k = 0; k < body.size(); k++) {
            String name = names.get(body.get(k));
            KerasWeights.Layer layer = file.get(k);
            m.match(name + " (file layer " + layer.name() + ")", slots(name, leaves.get(body.get(k))), layer);
        }
        for (int i : head) {
            String name = names.get(i);
            List<Slot> slots = slots(name, leaves.get(i));
            KerasWeights.Layer layer = weights.layers().get(name);
            if (!m.skipHead(name, slots, layer)) {
                m.match(name, slots, layer);
            }
        }
        return m;
    }

    private static String problems(int n) {
        return n + (n == 1 ? " problem" : " problems");
    }

    /** The classifier (the last weighted layer) and the layers of a new head, which a file may lack. */
    private static boolean isHead(List<String> names, int i) {
        return i == names.size() - 1 || names.get(i).startsWith(BackboneArchitecture.NEW_LAYER_PREFIX);
    }

    private static String expected(List<Slot> slots) {
        return slots.stream().map(s -> s.keras + " " + shapeText(s.kerasShape)).collect(Collectors.joining(", "));
    }

    /** One way of pairing the network's layers with the file's: what it would load and what does not fit. */
    private static final class Matching {
        final boolean byLayerOrder;
        final List<String> problems = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<Pair<Parameter, float[]>> plan = new ArrayList<>();
        int layersLoaded;

        Matching(boolean byLayerOrder) {
            this.byLayerOrder = byLayerOrder;
        }

        /** Plans {@code layer}'s weights into {@code slots}, or records why each does not fit. */
        void match(String label, List<Slot> slots, KerasWeights.Layer layer) {
            Set<String> extra = new LinkedHashSet<>(layer.weights().keySet());
            boolean ok = true;
            for (Slot slot : slots) {
                extra.remove(slot.keras);
                KerasWeights.Tensor t = layer.weights().get(slot.keras);
                if (t == null) {
                    problems.add(label + "/" + slot.keras + ": missing from the file (the network expects "
                            + shapeText(slot.kerasShape) + ")");
                    ok = false;
                } else if (!Arrays.equals(t.shape(), slot.kerasShape)) {
                    problems.add(label + "/" + slot.keras + ": shape " + t.shapeText()
                            + " in the file, the network expects " + shapeText(slot.kerasShape));
                    ok = false;
                } else {
                    plan.add(new Pair<>(slot.parameter, permute(t.values(), slot.kerasShape, slot.perm)));
                }
            }
            for (String e : extra) {
                problems.add(label + "/" + e + ": unexpected weight (the network's layer has "
                        + slots.stream().map(s -> s.keras).toList() + ")");
                ok = false;
            }
            if (ok) {
                layersLoaded++;
            }
        }

        /** True (and noted) when a head layer keeps its initial weights: none in the file, or another size. */
        boolean skipHead(String name, List<Slot> slots, KerasWeights.Layer layer) {
            String why = headMismatch(slots, layer);
            if (why == null) {
                return false;
            }
            skipped.add(name + ": " + why + "; the network's " + (name.startsWith(BackboneArchitecture.NEW_LAYER_PREFIX) ? "layer" : "head") + " ("
                    + expected(slots) + ") keeps its initial weights");
            return true;
        }
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
            } else if (block instanceof BatchNorm || block instanceof UnscaledBatchNorm) {
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
