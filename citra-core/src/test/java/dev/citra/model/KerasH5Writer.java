package dev.citra.model;

import dev.citra.model.weights.KerasWeights;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes weights as a Keras Applications {@code .h5} file is laid out (Keras 2 {@code save_weights}):
 * root attribute {@code layer_names} listing every layer, a group per layer with attribute
 * {@code weight_names}, datasets at {@code <layer>/<layer>/<weight>:0}. A layer name with a slash
 * ({@code conv1/conv}) is a path of nested groups, as h5py makes it.
 */
public final class KerasH5Writer {
    private KerasH5Writer() {}

    /**
     * @param layerNames every layer in model order, weightless ones included
     * @param weighted the layers that have weights, each named in {@code layerNames}
     */
    static void write(Path file, List<String> layerNames, List<KerasWeights.Layer> weighted) {
        Map<String, KerasWeights.Layer> byName = new LinkedHashMap<>();
        for (KerasWeights.Layer l : weighted) {
            byName.put(l.name(), l);
        }
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("backend", "tensorflow");
            h5.putAttribute("keras_version", "2.15.0");
            h5.putAttribute("layer_names", layerNames.toArray(String[]::new));
            for (String name : layerNames) {
                WritableGroup group = groupAt(h5, name);
                KerasWeights.Layer layer = byName.get(name);
                if (layer == null) {
                    // Keras writes an empty weight_names here; jHDF cannot write an empty array, and
                    // the reader treats both alike.
                    continue;
                }
                WritableGroup inner = groupAt(group, name);
                List<String> weightNames = new ArrayList<>();
                for (KerasWeights.Tensor t : layer.weights().values()) {
                    inner.putDataset(t.name() + ":0", nested(t));
                    weightNames.add(name + "/" + t.name() + ":0");
                }
                group.putAttribute("weight_names", weightNames.toArray(String[]::new));
            }
            guardLastGroup(h5);
        }
    }

    /**
     * jHDF 0.13 writes the children of a group in hash order and, on close, its own info string
     * where the last dataset ended: a weightless layer's group written after that would be
     * overwritten. Such a trailing group gets a one-value dataset outside its weight_names, which no
     * Keras-layout reader looks at.
     */
    private static void guardLastGroup(WritableGroup root) {
        WritableGroup g = root;
        while (!g.getChildren().isEmpty()) {
            Node last = null;
            for (Node child : g.getChildren().values()) {
                last = child;
            }
            if (!(last instanceof WritableGroup next)) {
                return;
            }
            g = next;
        }
        g.putDataset("jhdf_end_of_file", new float[] {0});
    }

    /** The group at a slash-separated path under {@code parent}, made where missing. */
    private static WritableGroup groupAt(WritableGroup parent, String path) {
        WritableGroup g = parent;
        for (String part : path.split("/")) {
            Node existing = g.getChild(part);
            g = existing instanceof WritableGroup w ? w : g.putGroup(part);
        }
        return g;
    }

    /** A row-major array as the nested Java array jHDF writes with that shape. */
    public static Object nested(KerasWeights.Tensor t) {
        int[] shape = t.shape();
        Object array = Array.newInstance(float.class, shape);
        fill(array, shape, 0, t.values(), new int[] {0});
        return array;
    }

    private static void fill(Object array, int[] shape, int depth, float[] v, int[] pos) {
        if (depth == shape.length - 1) {
            float[] row = (float[]) array;
            System.arraycopy(v, pos[0], row, 0, row.length);
            pos[0] += row.length;
            return;
        }
        for (int i = 0; i < shape[depth]; i++) {
            fill(Array.get(array, i), shape, depth + 1, v, pos);
        }
    }
}
