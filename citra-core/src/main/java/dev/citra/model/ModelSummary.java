package dev.citra.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Keras-style layer table of a network: one row per layer with its output shape and parameter
 * count, then the total, trainable and non-trainable counts (BatchNorm running statistics count as
 * non-trainable, as in Keras). Sequential blocks are expanded; a merge ({@link Add}, {@link Concatenate}) shows its branches' layers, then one row for itself.
 *
 * <p>Layers are named as Keras names them when the architecture has a Keras layout
 * ({@link Architecture#layerNames}); other networks show DJL's block names. Output shapes are printed
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
        List<String> names;
        try {
            names = registry.get(spec.name()).layerNames(spec, network.labels().size(), network.input());
        } catch (RuntimeException e) {
            names = List.of();
        }
        String title = String.format(Locale.ROOT, "Model: \"%s\" (input %dx%dx%d, %d classes)", spec.name(),
                network.input().size(), network.input().size(), network.input().channels(), network.labels().size());
        return walk(title, names, network, network.block(), "");
    }

    /**
     * Summarises only the backbone of a backbone network: Keras's {@code include_top=False,
     * pooling=None} model, with Keras's {@code _notop} parameter counts.
     *
     * @throws dev.citra.CitraException when the network has no backbone
     */
    public static ModelSummary backboneOf(Network network, ArchitectureRegistry registry) {
        ArchitectureSpec spec = network.architecture();
        if (!(registry.get(spec.name()) instanceof BackboneArchitecture)) {
            throw new dev.citra.CitraException("Model '" + spec.name() + "' has no backbone to show without its top: --notop"
                    + " applies to " + registry.all().stream().filter(a -> a instanceof BackboneArchitecture)
                            .map(Architecture::name).toList() + ".");
        }
        // The backbone's layers come first in the walk, so the whole network's names line up.
        List<String> names = registry.get(spec.name()).layerNames(spec, network.labels().size(), network.input());
        Pair<String, Block> backbone = network.block().getChildren().get(0);
        String title = String.format(Locale.ROOT, "Model: \"%s\" without top (input %dx%dx%d)", spec.name(),
                network.input().size(), network.input().size(), network.input().channels());
        return walk(title, names, network, backbone.getValue(), backbone.getKey());
    }

    private static ModelSummary walk(String title, List<String> names, Network network, Block block, String djlName) {
        Walker w = new Walker(names);
        Shape in = new Shape(1, network.input().channels(), network.input().size(), network.input().size());
        w.walk(block, djlName, new Shape[] {in});
        return new ModelSummary(title, w.finish());
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

    /** Walks the block tree in {@link Layers#nodes} order, one row per node, with shapes. */
    private static final class Walker {
        private final List<String> names;
        private final List<Row> rows = new ArrayList<>();

        Walker(List<String> names) {
            this.names = names;
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
                    if (!Layers.isIdentity(child.getValue())) {
                        walk(child.getValue(), child.getKey(), in);
                    }
                }
                Shape[] out = block.getOutputShapes(in);
                add(djlName, block.getClass().getSimpleName(), out, 0, 0);
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
            add(djlName, type, out, params, trainable);
            return out;
        }

        private void add(String djlName, String type, Shape[] out, long params, long trainable) {
            int i = rows.size();
            String name = i < names.size() && names.get(i) != null ? names.get(i) : djlName.isEmpty() ? type : djlName;
            rows.add(new Row(name, type, channelsLast(out[0]), params, trainable));
        }

        List<Row> finish() {
            return rows;
        }
    }
}
