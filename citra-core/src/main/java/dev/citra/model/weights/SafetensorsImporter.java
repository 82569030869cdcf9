package dev.citra.model.weights;

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
import dev.citra.model.Layers;
import dev.citra.model.Network;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads a PyTorch checkpoint saved as safetensors (timm, torchvision) into a citra network laid
 * out as Keras builds it, through the architecture's {@link TorchLayout} name table. PyTorch's
 * layouts are DJL's (OIHW kernels, (out, in) dense), so values are copied as they are; a
 * BatchNorm epsilon that differs from the network's is folded into gamma.
 *
 * <p>Strict by default, like {@link KerasWeightImporter}: every missing, unexpected, mis-shaped
 * or non-float tensor is named in one {@link CitraException} and nothing is changed; non-strict
 * loads what matches and reports the rest. The classifier ({@code predictions}) and new head
 * layers ({@code head_...}) keep their initial weights when the file has none or another size.
 */
public final class SafetensorsImporter {
    /** BatchNorm's step counter: no weight, saved by every PyTorch state dict. */
    private static final String IGNORED_SUFFIX = ".num_batches_tracked";

    private final ArchitectureRegistry registry;

    public SafetensorsImporter(ArchitectureRegistry registry) {
        this.registry = registry;
    }

    /** Reads a {@code .safetensors} file and loads it into {@code network}. */
    public ImportReport load(Network network, Path file, boolean strict) {
        Architecture arch = registry.get(network.architecture().name());
        TorchLayout layout = TorchLayouts.find(arch.name()).orElseThrow(() -> new CitraException("Model '"
                + arch.name() + "' has no table of PyTorch names, so the safetensors weights " + file
                + " cannot be loaded into it: use one of " + mappedArchitectures() + ", or Keras .h5 weights."));
        List<String> names = arch.kerasLayerNames(network.architecture(), network.labels().size(), network.input());
        return load(network.block(), names, layout, SafetensorsFile.open(file), strict);
    }

    private List<String> mappedArchitectures() {
        Set<String> known = registry.all().stream().map(Architecture::name).collect(Collectors.toSet());
        return TorchLayouts.all().stream().map(TorchLayout::architecture).filter(known::contains).toList();
    }

    /**
     * Loads {@code file} into an initialised block whose weighted layers (in {@link Layers#nodes}
     * order) have the Keras names {@code kerasLayerNames}, mapped to PyTorch names by {@code layout}.
     */
    public static ImportReport load(Block block, List<String> kerasLayerNames, TorchLayout layout, SafetensorsFile file,
            boolean strict) {
        List<Block> layers = Layers.nodes(block).stream().filter(b -> !b.getDirectParameters().isEmpty()).toList();
        if (layers.size() != kerasLayerNames.size()) {
            throw new IllegalStateException("The network has " + layers.size() + " weighted layers but "
                    + kerasLayerNames.size() + " Keras names were given");
        }
        Map<String, SafetensorsFile.Entry> entries = file.entries();
        List<String> problems = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Pair<Parameter, float[]>> plan = new ArrayList<>();
        Set<String> used = new HashSet<>();
        int layersLoaded = 0;
        boolean zeroedBias = false;
        boolean folded = false;
        for (int i = 0; i < layers.size(); i++) {
            String keras = kerasLayerNames.get(i);
            String module = layout.modules().get(keras);
            boolean optional = keras.equals(KerasWeightImporter.HEAD) || keras.startsWith(BackboneArchitecture.NEW_LAYER_PREFIX);
            if (module == null) {
                if (!optional) {
                    throw new IllegalStateException("The " + layout.origin() + " table has no entry for layer " + keras);
                }
                skipped.add(keras + ": a new layer that " + layout.origin() + " does not have; it keeps its initial weights");
                continue;
            }
            List<Slot> slots = slots(keras, module, layers.get(i));
            if (optional) {
                String why = headMismatch(slots, entries);
                if (why != null) {
                    slots.forEach(s -> used.add(s.torch));
                    skipped.add(keras + " (" + module + "): " + why + "; the network's layer ("
                            + slots.stream().map(s -> s.torch + " " + KerasWeightImporter.shapeText(s.shape))
                                    .collect(Collectors.joining(", "))
                            + ") keeps its initial weights");
                    continue;
                }
            }
            Map<String, float[]> values = new LinkedHashMap<>();
            boolean ok = true;
            for (Slot slot : slots) {
                SafetensorsFile.Entry e = entries.get(slot.torch);
                String where = slot.torch + " (" + keras + ")";
                if (e == null) {
                    if (layout.zeroConvBias() && slot.djl.equals("bias") && layers.get(i) instanceof Convolution) {
                        values.put(slot.djl, new float[(int) slot.parameter.getArray().size()]);
                        zeroedBias = true;
                    } else {
                        problems.add(where + ": missing from the file (the network expects "
                                + KerasWeightImporter.shapeText(slot.shape) + ")");
                        ok = false;
                    }
                    continue;
                }
                used.add(e.name());
                if (!Arrays.equals(e.shape(), slot.shape)) {
                    problems.add(where + ": shape " + e.shapeText() + " in the file, the network expects "
                            + KerasWeightImporter.shapeText(slot.shape));
                    ok = false;
                } else if (!SafetensorsFile.readable(e.dtype())) {
                    problems.add(where + ": dtype " + e.dtype() + ", citra reads F32, F16 and BF16 only");
                    ok = false;
                } else {
                    values.put(slot.djl, file.floats(e.name()));
                }
            }
            if (layers.get(i) instanceof BatchNorm && layout.sourceEpsilon() != layout.networkEpsilon()) {
                folded |= foldEpsilon(values, layout.sourceEpsilon(), layout.networkEpsilon());
            }
            for (Slot slot : slots) {
                float[] v = values.get(slot.djl);
                if (v != null) {
                    plan.add(new Pair<>(slot.parameter, v));
                }
            }
            if (ok) {
                layersLoaded++;
            }
        }
        for (SafetensorsFile.Entry e : entries.values()) {
            if (!used.contains(e.name()) && !e.name().endsWith(IGNORED_SUFFIX)) {
                problems.add(e.name() + ": unexpected tensor (" + e.dtype() + " " + e.shapeText() + "), no layer of the"
                        + " network has this " + layout.origin() + " name");
            }
        }
        String source = file.path().toString();
        if (strict && !problems.isEmpty()) {
            throw new CitraException("Cannot load the safetensors weights of " + source + " into '"
                    + layout.architecture() + "' (" + layout.origin() + " names): " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + ":\n  - " + String.join("\n  - ", problems)
                    + "\nCheck that the file is a " + layout.origin() + " checkpoint with the same width and classes,"
                    + " or load non-strictly (--weights-strict false) to load what matches.");
        }
        long count = 0;
        for (Pair<Parameter, float[]> p : plan) {
            p.getKey().getArray().set(FloatBuffer.wrap(p.getValue()));
            count += p.getValue().length;
        }
        List<String> notes = new ArrayList<>();
        if (folded) {
            notes.add("BatchNorm epsilon " + layout.sourceEpsilon() + " (" + layout.origin() + ") folded into gamma for"
                    + " this network's " + layout.networkEpsilon() + ", so inference matches the source");
        }
        if (zeroedBias) {
            notes.add("convolution biases set to 0: " + layout.origin() + " convolutions have none");
        }
        if (layout.caveat() != null) {
            notes.add(layout.caveat());
        }
        return new ImportReport(source, layersLoaded, count, problems, skipped, notes);
    }

    /**
     * gamma · (x − mean) / √(var + ε_source) = gamma' · (x − mean) / √(var + ε_network) with
     * gamma' = gamma · √((var + ε_network) / (var + ε_source)); exact in inference. Returns false
     * when the layer's gamma or variance did not load.
     */
    private static boolean foldEpsilon(Map<String, float[]> values, float source, float network) {
        float[] gamma = values.get("gamma");
        float[] var = values.get("runningVar");
        if (gamma == null || var == null) {
            return false;
        }
        float[] folded = new float[gamma.length];
        for (int c = 0; c < gamma.length; c++) {
            folded[c] = (float) (gamma[c] * Math.sqrt(((double) var[c] + network) / ((double) var[c] + source)));
        }
        values.put("gamma", folded);
        return true;
    }

    /** Why the file's tensors for an optional layer cannot be used, or null if they can. */
    private static String headMismatch(List<Slot> slots, Map<String, SafetensorsFile.Entry> entries) {
        for (Slot s : slots) {
            SafetensorsFile.Entry e = entries.get(s.torch);
            if (e == null) {
                return "not in the file";
            }
            if (!Arrays.equals(e.shape(), s.shape)) {
                return "the file's " + s.torch + " is " + e.shapeText() + ", another size than the network's";
            }
        }
        return null;
    }

    /** One DJL parameter, its DJL name and shape, and the PyTorch tensor it comes from. */
    private record Slot(String djl, String torch, int[] shape, Parameter parameter) {}

    private static List<Slot> slots(String keras, String module, Block block) {
        List<Slot> slots = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            Parameter param = p.getValue();
            String name = param.getName();
            String torch;
            if (block instanceof Convolution || block instanceof Linear) {
                torch = switch (name) {
                    case "weight", "bias" -> name;
                    default -> null;
                };
            } else if (block instanceof BatchNorm) {
                torch = switch (name) {
                    case "gamma" -> "weight";
                    case "beta" -> "bias";
                    case "runningMean" -> "running_mean";
                    case "runningVar" -> "running_var";
                    default -> null;
                };
            } else {
                torch = null;
            }
            if (torch == null) {
                throw new IllegalStateException("No PyTorch name for parameter '" + name + "' of "
                        + block.getClass().getSimpleName() + " (Keras layer " + keras + ")");
            }
            long[] dims = param.getArray().getShape().getShape();
            slots.add(new Slot(name, module + "." + torch, Arrays.stream(dims).mapToInt(Math::toIntExact).toArray(), param));
        }
        return slots;
    }
}
