package dev.citra.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A Keras-style layer table of a network: one row per layer with its output shape and parameter
 * count, then the total, trainable and non-trainable counts (BatchNorm running statistics count as
 * non-trainable, as in Keras). Sequential blocks are expanded; a residual (a parallel block of a
 * body and an identity) shows its body's layers, then one row for the addition.
 *
 * <p>Layers are named as Keras names them when the architecture has a Keras layout
 * ({@link Architecture#kerasLayerNames}); the weightless layers between them get Keras-like names
 * derived from their neighbours. Other networks show DJL's block names. Output shapes are printed
 * channels-last, without the batch dimension, like Keras's {@code (None, H, W, C)}.
 *
 * @param title what was summarised, for the table's first line
 * @param rows the layers in order
 */
public record ModelSummary(String title, List<Row> rows) {
    /**
     * One layer.
     *
     * @param name Keras or DJL name
     * @param type the DJL block type (class or lambda name)
     * @param outputShape channels-last, batch omitted: {@code (112, 112, 32)} or {@code (1000)}
     * @param params number of parameter values, including BatchNorm running statistics
     * @param trainableParams the values that training updates
     */
    public record Row(String name, String type, String outputShape, long params, long trainableParams) {}

    public ModelSummary {
        rows = List.copyOf(rows);
    }

    /** Summarises a network; Keras names come from the default registry's architecture. */
    public static ModelSummary of(Network network) {
        return of(network, ArchitectureRegistry.defaults());
    }

    /** Summarises a network, taking Keras names from {@code registry}'s architecture when it has them. */
    public static ModelSummary of(Network network, ArchitectureRegistry registry) {
        ArchitectureSpec spec = network.architecture();
        List<String> keras;
        try {
            keras = registry.get(spec.name()).kerasLayerNames(spec, network.labels().size(), network.input());
        } catch (RuntimeException e) {
            keras = List.of();
        }
        Walker w = new Walker(keras);
        Shape in = new Shape(1, network.input().channels(), network.input().size(), network.input().size());
        w.walk(network.block(), "", new Shape[] {in});
        List<Row> rows = w.finish();
        String title = String.format(Locale.ROOT, "Model: \"%s\" (input %dx%dx%d, %d classes)", spec.name(),
                network.input().size(), network.input().size(), network.input().channels(), network.labels().size());
        return new ModelSummary(title, rows);
    }

    /** All parameter values, as Keras's "Total params". */
    public long totalParams() {
        return rows.stream().mapToLong(Row::params).sum();
    }

    public long trainableParams() {
        return rows.stream().mapToLong(Row::trainableParams).sum();
    }

    public long nonTrainableParams() {
        return totalParams() - trainableParams();
    }

    /** The table as Keras's {@code model.summary()} lays it out. */
    public String toTable() {
        int nameWidth = "Layer (type)".length();
        int shapeWidth = "Output Shape (H, W, C)".length();
        for (Row r : rows) {
            nameWidth = Math.max(nameWidth, label(r).length());
            shapeWidth = Math.max(shapeWidth, r.outputShape().length());
        }
        int paramWidth = 12;
        int width = nameWidth + shapeWidth + paramWidth + 4;
        String rule = "_".repeat(width);
        String format = "%-" + nameWidth + "s  %-" + shapeWidth + "s  %" + paramWidth + "s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(title).append('\n');
        sb.append("Output shapes are channels-last without the batch dimension, as Keras's (None, H, W, C).\n");
        sb.append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, format, "Layer (type)", "Output Shape (H, W, C)", "Param #"));
        sb.append("=".repeat(width)).append('\n');
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, format, label(r), r.outputShape(), grouped(r.params())));
        }
        sb.append("=".repeat(width)).append('\n');
        sb.append("Total params: ").append(grouped(totalParams())).append('\n');
        sb.append("Trainable params: ").append(grouped(trainableParams())).append('\n');
        sb.append("Non-trainable params: ").append(grouped(nonTrainableParams())).append('\n');
        sb.append(rule).append('\n');
        return sb.toString();
    }

    private static String label(Row r) {
        return r.name() + " (" + r.type() + ")";
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Channels-last, batch omitted: (N, C, H, W) → (H, W, C); (N, F) → (F). */
    static String channelsLast(Shape shape) {
        long[] d = shape.getShape();
        List<String> parts = new ArrayList<>();
        if (d.length == 4) {
            parts.add(String.valueOf(d[2]));
            parts.add(String.valueOf(d[3]));
            parts.add(String.valueOf(d[1]));
        } else {
            for (int i = 1; i < d.length; i++) {
                parts.add(String.valueOf(d[i]));
            }
        }
        return "(" + String.join(", ", parts) + ")";
    }

    /** Walks the block tree, producing rows; names weightless Keras-layout layers afterwards. */
    private static final class Walker {
        private final List<String> keras;
        private final List<Row> rows = new ArrayList<>();
        /** For each row: whether it has parameters (so it took a Keras name) and whether it is an addition. */
        private final List<Boolean> weighted = new ArrayList<>();
        private final List<Boolean> additions = new ArrayList<>();

        Walker(List<String> keras) {
            this.keras = keras;
        }

        Shape[] walk(Block block, String djlName, Shape[] in) {
            if (block instanceof SequentialBlock) {
                Shape[] shapes = in;
                for (Pair<String, Block> child : block.getChildren()) {
                    shapes = walk(child.getValue(), child.getKey(), shapes);
                }
                return shapes;
            }
            if (block instanceof ParallelBlock) {
                for (Pair<String, Block> child : block.getChildren()) {
                    if (!isIdentity(child.getValue())) {
                        walk(child.getValue(), child.getKey(), in);
                    }
                }
                Shape[] out = block.getOutputShapes(in);
                add(djlName, "Add", out, 0, 0, false, true);
                return out;
            }
            Shape[] out = block.getOutputShapes(in);
            long params = 0;
            long trainable = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                long n = p.getValue().getArray().size();
                params += n;
                if (p.getValue().requiresGradient()) {
                    trainable += n;
                }
            }
            String type = block instanceof LambdaBlock l ? l.getName() : block.getClass().getSimpleName();
            add(djlName, type, out, params, trainable, params > 0, false);
            return out;
        }

        private void add(String djlName, String type, Shape[] out, long params, long trainable, boolean hasWeights,
                boolean addition) {
            rows.add(new Row(djlName.isEmpty() ? type : djlName, type, channelsLast(out[0]), params, trainable));
            weighted.add(hasWeights);
            additions.add(addition);
        }

        private static boolean isIdentity(Block b) {
            return b instanceof LambdaBlock l && "identity".equals(l.getName()) && b.getChildren().isEmpty();
        }

        List<Row> finish() {
            long weightedCount = weighted.stream().filter(x -> x).count();
            if (keras.isEmpty() || keras.size() != weightedCount) {
                return rows; // no Keras layout (or one that does not match): DJL names throughout
            }
            Iterator<String> names = keras.iterator();
            for (int i = 0; i < rows.size(); i++) {
                if (weighted.get(i)) {
                    rows.set(i, renamed(rows.get(i), names.next()));
                }
            }
            List<String> used = new ArrayList<>(keras);
            for (int i = 0; i < rows.size(); i++) {
                if (!weighted.get(i)) {
                    String name = unique(kerasLikeName(i, rows.get(i)), used);
                    used.add(name);
                    rows.set(i, renamed(rows.get(i), name));
                }
            }
            return rows;
        }

        private static Row renamed(Row r, String name) {
            return new Row(name, r.type(), r.outputShape(), r.params(), r.trainableParams());
        }

        /** Keras's names for the weightless layers of its applications, from the weighted neighbours. */
        private String kerasLikeName(int i, Row r) {
            String previous = null;
            for (int j = i - 1; j >= 0 && previous == null; j--) {
                if (weighted.get(j)) {
                    previous = rows.get(j).name();
                }
            }
            String next = null;
            for (int j = i + 1; j < rows.size() && next == null; j++) {
                if (weighted.get(j)) {
                    next = rows.get(j).name();
                }
            }
            String type = r.type();
            if (additions.get(i) && previous != null && previous.endsWith("_project_BN")) {
                return previous.substring(0, previous.length() - "project_BN".length()) + "add";
            }
            if (type.equals("zero_pad") && next != null) {
                return (next.endsWith("_depthwise") ? next.substring(0, next.length() - "depthwise".length()) : next + "_")
                        + "pad";
            }
            if (type.equals("Relu6") && previous != null) {
                if (previous.endsWith("_BN")) {
                    return previous.substring(0, previous.length() - 3) + "_relu";
                }
                if (previous.startsWith("bn_")) {
                    return previous.substring(3) + "_relu";
                }
                if (next != null && next.equals("predictions")) {
                    return "out_relu";
                }
            }
            if (type.equals("globalAvgPool2d")) {
                return "global_average_pooling2d";
            }
            if (type.equals("globalMaxPool2d")) {
                return "global_max_pooling2d";
            }
            return type.toLowerCase(Locale.ROOT);
        }

        private static String unique(String name, List<String> used) {
            if (!used.contains(name)) {
                return name;
            }
            int k = 1;
            while (used.contains(name + "_" + k)) {
                k++;
            }
            return name + "_" + k;
        }
    }
}
