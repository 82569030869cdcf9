package dev.citra.graph;

import dev.citra.Version;
import dev.citra.util.AtomicFiles;
import dev.citra.util.ProtoWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link InferenceGraph} as a standard ONNX model (IR 8, opset 17): input
 * {@value #INPUT} (batch, C, H, W) float, outputs {@value #LOGITS} and {@value #PROBABILITIES}
 * (batch, classes), the batch size left free. Field numbers are those of ONNX's {@code onnx.proto}.
 */
public final class OnnxWriter {
    /** The input's name. */
    public static final String INPUT = "input";
    /** The output before softmax. */
    public static final String LOGITS = "logits";
    /** The softmax of the logits. */
    public static final String PROBABILITIES = "probabilities";
    static final int OPSET = 17;
    static final int IR_VERSION = 8;

    // onnx.proto field numbers.
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_DOC = 6;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET = 8;
    private static final int MODEL_METADATA = 14;
    private static final int OPSET_VERSION = 2;
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTR_NAME = 1;
    private static final int ATTR_I = 3;
    private static final int ATTR_S = 4;
    private static final int ATTR_INTS = 8;
    private static final int ATTR_TYPE = 20;
    private static final int ATTR_TYPE_INT = 2;
    private static final int ATTR_TYPE_STRING = 3;
    private static final int ATTR_TYPE_INTS = 7;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_TYPE = 2;
    private static final int TENSOR_INT64_DATA = 7;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW = 9;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private final ProtoWriter graph = new ProtoWriter();
    private final List<String> names = new ArrayList<>();

    private OnnxWriter() {}

    /**
     * The model file's bytes.
     *
     * @param classes the number of outputs per image
     * @param metadata written as the model's {@code metadata_props}, in order
     */
    public static byte[] toBytes(InferenceGraph g, int classes, Map<String, String> metadata) {
        OnnxWriter w = new OnnxWriter();
        w.graph.string(GRAPH_NAME, "citra");
        for (Node n : g.nodes()) {
            w.names.add(n.id() == 0 ? INPUT : "t" + n.id());
        }
        w.names.set(g.nodes().size() - 1, LOGITS);
        for (Node n : g.nodes().subList(1, g.nodes().size())) {
            w.emit(n);
        }
        w.node("Softmax", "softmax", List.of(LOGITS), PROBABILITIES, intAttr("axis", 1));
        Op.Input in = g.input();
        w.graph.message(GRAPH_INPUT, valueInfo(INPUT, in.channels(), in.size(), in.size()));
        w.graph.message(GRAPH_OUTPUT, valueInfo(LOGITS, classes));
        w.graph.message(GRAPH_OUTPUT, valueInfo(PROBABILITIES, classes));

        ProtoWriter model = new ProtoWriter()
                .int64(MODEL_IR_VERSION, IR_VERSION)
                .string(MODEL_PRODUCER_NAME, "citra")
                .string(MODEL_PRODUCER_VERSION, Version.get())
                .string(MODEL_DOC, "An image classifier exported by citra; its pre-processing is in metadata_props.")
                .message(MODEL_GRAPH, w.graph)
                .message(MODEL_OPSET, new ProtoWriter().int64(OPSET_VERSION, OPSET));
        metadata.forEach((k, v) -> model.message(MODEL_METADATA, new ProtoWriter().string(ENTRY_KEY, k).string(ENTRY_VALUE, v)));
        return model.toByteArray();
    }

    /** Writes the model file atomically. */
    public static void write(InferenceGraph g, int classes, Map<String, String> metadata, Path file) {
        AtomicFiles.write(file, toBytes(g, classes, metadata));
    }

    private void emit(Node n) {
        String x = names.get(n.input());
        String out = names.get(n.id());
        String name = "n" + n.id();
        Op op = n.op();
        if (op instanceof Op.Conv c) {
            String w = floats(name + "_w", c.weight(), c.outChannels(), c.inPerGroup(), c.kernelH(), c.kernelW());
            String b = floats(name + "_b", c.bias(), c.outChannels());
            int[] p = c.pads();
            node("Conv", name, List.of(x, w, b), out, intsAttr("kernel_shape", c.kernelH(), c.kernelW()),
                    intsAttr("strides", c.strideH(), c.strideW()), intsAttr("pads", p[0], p[1], p[2], p[3]),
                    intsAttr("dilations", 1, 1), intAttr("group", c.groups()));
        } else if (op instanceof Op.Dense d) {
            String w = floats(name + "_w", d.weight(), d.out(), d.in());
            String b = floats(name + "_b", d.bias(), d.out());
            node("Gemm", name, List.of(x, w, b), out, intAttr("transB", 1));
        } else if (op instanceof Op.Scale s) {
            long[] shape = n.rank() == 4 ? new long[] {s.scale().length, 1, 1} : new long[] {s.scale().length};
            String scaled = name + "_scaled";
            node("Mul", name + "_mul", List.of(x, floats(name + "_scale", s.scale(), shape)), scaled);
            node("Add", name, List.of(scaled, floats(name + "_shift", s.shift(), shape)), out);
        } else if (op instanceof Op.Relu) {
            node("Relu", name, List.of(x), out);
        } else if (op instanceof Op.Clip c) {
            node("Clip", name, List.of(x, floats(name + "_min", new float[] {c.min()}),
                    floats(name + "_max", new float[] {c.max()})), out);
        } else if (op instanceof Op.Pad p) {
            String pads = longs(name + "_pads", 0, 0, p.top(), p.left(), 0, 0, p.bottom(), p.right());
            node("Pad", name, List.of(x, pads), out, stringAttr("mode", "constant"));
        } else if (op instanceof Op.MaxPool p) {
            node("MaxPool", name, List.of(x), out, intsAttr("kernel_shape", p.size(), p.size()),
                    intsAttr("strides", p.stride(), p.stride()));
        } else if (op instanceof Op.AvgPool p) {
            node("AveragePool", name, List.of(x), out, intsAttr("kernel_shape", p.size(), p.size()),
                    intsAttr("strides", p.stride(), p.stride()));
        } else if (op instanceof Op.AvgPoolSame p) {
            int h = p.size() / 2;
            node("AveragePool", name, List.of(x), out, intsAttr("kernel_shape", p.size(), p.size()),
                    intsAttr("strides", 1, 1), intsAttr("pads", h, h, h, h), intAttr("count_include_pad", 0));
        } else if (op instanceof Op.GlobalPool g) {
            String pooled = name + "_pooled";
            node(g.max() ? "GlobalMaxPool" : "GlobalAveragePool", name + "_pool", List.of(x), pooled);
            node("Flatten", name, List.of(pooled), out, intAttr("axis", 1));
        } else if (op instanceof Op.Flatten) {
            node("Flatten", name, List.of(x), out, intAttr("axis", 1));
        } else if (op instanceof Op.Add) {
            node(n.inputs().size() == 2 ? "Add" : "Sum", name, inputNames(n), out);
        } else if (op instanceof Op.Concat) {
            node("Concat", name, inputNames(n), out, intAttr("axis", 1));
        } else {
            throw new IllegalStateException("No ONNX operator for " + op);
        }
    }

    private List<String> inputNames(Node n) {
        return n.inputs().stream().map(names::get).toList();
    }

    private void node(String opType, String name, List<String> inputs, String output, ProtoWriter... attributes) {
        ProtoWriter node = new ProtoWriter();
        inputs.forEach(i -> node.string(NODE_INPUT, i));
        node.string(NODE_OUTPUT, output).string(NODE_NAME, name).string(NODE_OP, opType);
        for (ProtoWriter a : attributes) {
            node.message(NODE_ATTRIBUTE, a);
        }
        graph.message(GRAPH_NODE, node);
    }

    private String floats(String name, float[] values, long... dims) {
        graph.message(GRAPH_INITIALIZER, new ProtoWriter().packedInt64(TENSOR_DIMS, dims).int64(TENSOR_TYPE, FLOAT)
                .string(TENSOR_NAME, name).floatsLittleEndian(TENSOR_RAW, values));
        return name;
    }

    private String longs(String name, long... values) {
        graph.message(GRAPH_INITIALIZER, new ProtoWriter().packedInt64(TENSOR_DIMS, values.length)
                .int64(TENSOR_TYPE, INT64).string(TENSOR_NAME, name).packedInt64(TENSOR_INT64_DATA, values));
        return name;
    }

    private static ProtoWriter intAttr(String name, long value) {
        return new ProtoWriter().string(ATTR_NAME, name).int64(ATTR_TYPE, ATTR_TYPE_INT).int64(ATTR_I, value);
    }

    private static ProtoWriter intsAttr(String name, long... values) {
        return new ProtoWriter().string(ATTR_NAME, name).int64(ATTR_TYPE, ATTR_TYPE_INTS).packedInt64(ATTR_INTS, values);
    }

    private static ProtoWriter stringAttr(String name, String value) {
        return new ProtoWriter().string(ATTR_NAME, name).int64(ATTR_TYPE, ATTR_TYPE_STRING).string(ATTR_S, value);
    }

    /** A float tensor whose first axis is the free batch size. */
    private static ProtoWriter valueInfo(String name, long... dims) {
        ProtoWriter shape = new ProtoWriter().message(SHAPE_DIM, new ProtoWriter().string(DIM_PARAM, "batch"));
        for (long d : dims) {
            shape.message(SHAPE_DIM, new ProtoWriter().int64(DIM_VALUE, d));
        }
        ProtoWriter tensor = new ProtoWriter().int64(TENSOR_TYPE_ELEM, FLOAT).message(TENSOR_TYPE_SHAPE, shape);
        return new ProtoWriter().string(VALUE_NAME, name).message(VALUE_TYPE, new ProtoWriter().message(TYPE_TENSOR, tensor));
    }
}
