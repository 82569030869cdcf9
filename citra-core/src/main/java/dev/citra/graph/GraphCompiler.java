package dev.citra.graph;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;
import dev.citra.CitraException;
import dev.citra.model.Add;
import dev.citra.model.BatchNorm;
import dev.citra.model.Concatenate;
import dev.citra.model.Layers;
import dev.citra.model.Network;
import dev.citra.model.Pool2d;
import dev.citra.model.Relu6;
import dev.citra.model.UnscaledBatchNorm;
import dev.citra.model.ZeroPad;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a classifier network into an {@link InferenceGraph}: each layer becomes an operation with
 * its weights copied out, dropout disappears, and then {@link Folding} merges BatchNorm into the
 * convolution or dense layer before it and explicit zero padding into the convolution after it.
 * Only the layers citra's architectures are made of can be compiled; a network with a TorchScript
 * or ONNX backbone file cannot (its layers are not citra's to read).
 */
public final class GraphCompiler {
    /** The names of DJL's own weightless layers that the compiler knows. */
    private static final List<String> LAMBDAS = List.of("identity", "ReLU", "ReLU6", "globalAvgPool2d",
            "globalMaxPool2d", "batchFlatten");

    private final List<Node> nodes = new ArrayList<>();

    private GraphCompiler() {}

    /** The network's inference graph, BatchNorm folded and dropout removed. */
    public static InferenceGraph compile(Network network) {
        return Folding.fold(translate(network));
    }

    /** Whether {@link #compile} can take this network (every layer is one it knows). */
    public static boolean canCompile(Network network) {
        return unknownLayer(network.block()) == null;
    }

    /** The network's layers one for one, nothing folded yet (dropout is dropped already). */
    public static InferenceGraph translate(Network network) {
        Block unknown = unknownLayer(network.block());
        if (unknown != null) {
            throw new CitraException("Model '" + network.architecture().name() + "' has a layer citra cannot compile ("
                    + describe(unknown) + "): export or compile a model made of citra's own layers, or run it as it is.");
        }
        GraphCompiler c = new GraphCompiler();
        int in = c.add(new Op.Input(network.input().channels(), network.input().size()), List.of(), 4);
        int out = c.emit(network.block(), in);
        if (out != c.nodes.size() - 1) {
            throw new IllegalStateException("The network's output is not its last layer");
        }
        return new InferenceGraph(c.nodes);
    }

    private int add(Op op, List<Integer> inputs, int rank) {
        nodes.add(new Node(nodes.size(), op, inputs, rank));
        return nodes.size() - 1;
    }

    private int rank(int id) {
        return nodes.get(id).rank();
    }

    private int emit(Block b, int in) {
        if (b instanceof SequentialBlock) {
            int x = in;
            for (Pair<String, Block> child : b.getChildren()) {
                x = emit(child.getValue(), x);
            }
            return x;
        }
        if (b instanceof Add || b instanceof Concatenate) {
            List<Integer> branches = new ArrayList<>();
            for (Pair<String, Block> child : b.getChildren()) {
                branches.add(Layers.isIdentity(child.getValue()) ? in : emit(child.getValue(), in));
            }
            return add(b instanceof Add ? new Op.Add() : new Op.Concat(), branches, rank(in));
        }
        if (b instanceof Conv2d conv) {
            return add(conv(conv), List.of(in), 4);
        }
        if (b instanceof Linear) {
            if (rank(in) != 2) {
                throw new CitraException("A dense layer on a feature map cannot be compiled: flatten or pool before it.");
            }
            float[] w = values(b, "weight");
            float[] bias = values(b, "bias");
            return add(new Op.Dense(w, bias, bias.length, w.length / bias.length), List.of(in), 2);
        }
        if (b instanceof BatchNorm bn) {
            return add(scale(values(b, "gamma"), b, bn.epsilon()), List.of(in), rank(in));
        }
        if (b instanceof UnscaledBatchNorm bn) {
            return add(scale(null, b, bn.epsilon()), List.of(in), rank(in));
        }
        if (b instanceof Relu6) {
            return add(new Op.Clip(0, 6), List.of(in), rank(in));
        }
        if (b instanceof Dropout) {
            return in;
        }
        if (b instanceof ZeroPad p) {
            return add(new Op.Pad(p.top(), p.left(), p.bottom(), p.right()), List.of(in), 4);
        }
        if (b instanceof Pool2d p) {
            Op op = switch (p.kind()) {
                case MAX -> new Op.MaxPool(p.size(), p.stride());
                case AVG -> new Op.AvgPool(p.size(), p.stride());
                case AVG_SAME -> new Op.AvgPoolSame(p.size());
            };
            return add(op, List.of(in), 4);
        }
        LambdaBlock lambda = (LambdaBlock) b; // unknownLayer let nothing else through
        return switch (lambda.getName()) {
            case "identity" -> in;
            case "ReLU" -> add(new Op.Relu(), List.of(in), rank(in));
            case "ReLU6" -> add(new Op.Clip(0, 6), List.of(in), rank(in));
            case "globalAvgPool2d" -> add(new Op.GlobalPool(false), List.of(in), 2);
            case "globalMaxPool2d" -> add(new Op.GlobalPool(true), List.of(in), 2);
            case "batchFlatten" -> rank(in) == 2 ? in : add(new Op.Flatten(), List.of(in), 2);
            default -> throw new IllegalStateException(lambda.getName());
        };
    }

    /** The first layer that cannot be compiled, or null. */
    private static Block unknownLayer(Block b) {
        if (b instanceof SequentialBlock || b instanceof Add || b instanceof Concatenate) {
            for (Pair<String, Block> child : b.getChildren()) {
                Block unknown = unknownLayer(child.getValue());
                if (unknown != null) {
                    return unknown;
                }
            }
            return null;
        }
        boolean known = b instanceof Conv2d conv && isPlain(conv) || b instanceof Linear || b instanceof BatchNorm
                || b instanceof UnscaledBatchNorm || b instanceof Relu6 || b instanceof Dropout || b instanceof ZeroPad
                || b instanceof Pool2d
                || b instanceof LambdaBlock l && LAMBDAS.contains(l.getName()) && l.getClass() == LambdaBlock.class
                || b instanceof LambdaBlock r && "ReLU".equals(r.getName());
        return known ? null : b;
    }

    private static boolean isPlain(Conv2d conv) {
        Shape d = conv.getDilation();
        return d == null || d.getShape().length == 0 || d.get(0) == 1 && d.get(1) == 1;
    }

    private static String describe(Block b) {
        return b instanceof LambdaBlock l ? l.getName() : b.getClass().getSimpleName();
    }

    private static Op.Conv conv(Conv2d conv) {
        float[] w = values(conv, "weight");
        Shape shape = conv.getParameters().get("weight").getArray().getShape();
        int out = Math.toIntExact(shape.get(0));
        float[] bias = conv.isIncludeBias() ? values(conv, "bias") : new float[out];
        Shape stride = conv.getStride();
        Shape pad = conv.getPadding();
        int ph = Math.toIntExact(pad.get(0));
        int pw = Math.toIntExact(pad.get(1));
        return new Op.Conv(w, bias, out, Math.toIntExact(shape.get(1)), Math.toIntExact(shape.get(2)),
                Math.toIntExact(shape.get(3)), Math.toIntExact(stride.get(0)), Math.toIntExact(stride.get(1)),
                new int[] {ph, pw, ph, pw}, conv.getGroups());
    }

    /** BatchNorm in inference mode as a per-channel affine map; {@code gamma} null means 1. */
    private static Op.Scale scale(float[] gamma, Block bn, float epsilon) {
        float[] beta = values(bn, "beta");
        float[] mean = values(bn, "runningMean");
        float[] var = values(bn, "runningVar");
        float[] scale = new float[beta.length];
        float[] shift = new float[beta.length];
        for (int c = 0; c < beta.length; c++) {
            // In double: the folded weights are rounded once, at the end.
            double s = (gamma == null ? 1.0 : gamma[c]) / Math.sqrt((double) var[c] + epsilon);
            scale[c] = (float) s;
            shift[c] = (float) (beta[c] - mean[c] * s);
        }
        return new Op.Scale(scale, shift);
    }

    private static float[] values(Block b, String name) {
        Parameter p = b.getParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw new CitraException("Layer " + describe(b) + " has no initialised '" + name
                    + "' parameter: load or train the model before compiling it.");
        }
        return p.getArray().toFloatArray();
    }
}
