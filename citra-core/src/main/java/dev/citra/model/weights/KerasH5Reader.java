package dev.citra.model.weights;

import dev.citra.CitraException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Keras HDF5 weights (the Keras 2 / tf.keras {@code .h5} format) with jHDF: a Keras
 * Applications weights file (root attribute {@code layer_names}, a group per layer with
 * attribute {@code weight_names}, datasets at {@code <layer>/<layer>/<weight>:0}) or a whole
 * {@code model.save()} file (the same under {@code model_weights/}). A nested model saved as one
 * layer (a backbone inside a transfer-learning model) is split into its own layers, named by the
 * weight names' prefixes.
 */
public final class KerasH5Reader {
    private KerasH5Reader() {}

    /** Reads every layer's weights; weightless layers are left out. */
    public static KerasWeights read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CitraException("Weights file " + file + " does not exist: pass a Keras .h5 file.");
        }
        try (HdfFile hdf = new HdfFile(file)) {
            Group root = hdf;
            if (hdf.getChild("model_weights") instanceof Group g) {
                root = g;
            }
            String[] layerNames = strings(root.getAttribute("layer_names"));
            if (layerNames == null) {
                throw new CitraException("Weights file " + file + " is HDF5 but not Keras weights (no 'layer_names'"
                        + " attribute): pass a Keras .h5 file saved by model.save() or save_weights().");
            }
            Map<String, KerasWeights.Layer> layers = new LinkedHashMap<>();
            for (String layerName : layerNames) {
                if (!(layerGroup(root, layerName) instanceof Group group)) {
                    throw new CitraException("Weights file " + file + " lists layer '" + layerName
                            + "' but has no group for it: the file is damaged.");
                }
                String[] weightNames = strings(group.getAttribute("weight_names"));
                if (weightNames == null || weightNames.length == 0) {
                    continue;
                }
                for (KerasWeights.Layer layer : readLayer(file, layerName, group, weightNames)) {
                    if (layers.put(layer.name(), layer) != null) {
                        throw new CitraException("Weights file " + file + " holds layer '" + layer.name()
                                + "' twice: the file is damaged or not a Keras weights file.");
                    }
                }
            }
            return new KerasWeights(file.toString(), layers);
        } catch (CitraException e) {
            throw e;
        } catch (RuntimeException e) {
            // jHDF reports a damaged or cut file with whatever its parser trips on (HdfException,
            // IllegalArgumentException "Couldn't read 0 bytes as int", BufferUnderflowException...).
            throw damaged(file, e);
        }
    }

    private static CitraException damaged(Path file, RuntimeException e) {
        String detail = e instanceof HdfException && e.getMessage() != null ? " (" + e.getMessage() + ")" : "";
        return new CitraException("Weights file " + file + " is not a readable HDF5 file" + detail
                + ": it is damaged or was not fully downloaded; download it again (citra weights fetch) or pass"
                + " another Keras .h5 file.", e);
    }

    /**
     * The group of a layer. A name with a slash (DenseNet's {@code conv1/conv}) is a path of nested
     * groups, as h5py stores it, not one child.
     */
    private static Node layerGroup(Group root, String layerName) {
        try {
            return layerName.contains("/") ? root.getByPath(layerName) : root.getChild(layerName);
        } catch (HdfException e) {
            return null;
        }
    }

    private static List<KerasWeights.Layer> readLayer(Path file, String layerName, Group group, String[] weightNames) {
        // Owner = the weight name's second-to-last segment (e.g. "Conv1" in "Conv1/kernel:0").
        Set<String> owners = new LinkedHashSet<>();
        for (String w : weightNames) {
            owners.add(owner(w, layerName));
        }
        boolean nested = owners.size() > 1;
        Map<String, Map<String, KerasWeights.Tensor>> byOwner = new LinkedHashMap<>();
        for (String w : weightNames) {
            Node node;
            try {
                node = group.getByPath(w);
            } catch (HdfException e) {
                node = null;
            }
            if (!(node instanceof Dataset ds)) {
                throw new CitraException("Weights file " + file + ": layer '" + layerName + "' names weight '" + w
                        + "' but has no such dataset: the file is damaged.");
            }
            String shortName = shortName(w);
            String owner = nested ? owner(w, layerName) : layerName;
            Map<String, KerasWeights.Tensor> tensors = byOwner.computeIfAbsent(owner, k -> new LinkedHashMap<>());
            if (tensors.put(shortName, new KerasWeights.Tensor(shortName, ds.getDimensions(), floats(file, w, ds))) != null) {
                throw new CitraException("Weights file " + file + ": layer '" + owner + "' has weight '" + shortName
                        + "' twice: the file is damaged.");
            }
        }
        List<KerasWeights.Layer> out = new ArrayList<>();
        byOwner.forEach((name, tensors) -> out.add(new KerasWeights.Layer(name, tensors)));
        return out;
    }

    /** "block_1_expand/kernel:0" → "kernel". */
    static String shortName(String weightName) {
        String last = weightName.substring(weightName.lastIndexOf('/') + 1);
        return last.replaceFirst(":\\d+$", "");
    }

    private static String owner(String weightName, String layerName) {
        String[] parts = weightName.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] : layerName;
    }

    private static float[] floats(Path file, String name, Dataset ds) {
        Object data = ds.getDataFlat();
        if (data instanceof float[] f) {
            return f;
        }
        if (data instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        throw new CitraException("Weights file " + file + ": weight '" + name + "' holds "
                + (data == null ? "nothing" : data.getClass().getSimpleName())
                + ", not float32/float64 numbers: save the model with float weights.");
    }

    /** A string or string-array attribute, or null when absent or empty. */
    private static String[] strings(Attribute attribute) {
        if (attribute == null) {
            return null;
        }
        Object data = attribute.getData();
        if (data instanceof String[] s) {
            return s;
        }
        if (data instanceof String s) {
            return new String[] {s};
        }
        return null;
    }
}
