package dev.citra.graph;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.citra.model.Pool2d;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Runs an {@link InferenceGraph} with libtorch (DJL's PyTorch engine): the folded weights live on
 * this object's own manager, and each activation is freed as soon as its last reader has run, so a
 * pass holds only the live feature maps rather than every layer's. Thread-safe for concurrent
 * forward passes (nothing is mutated after construction).
 */
public final class TorchGraph implements AutoCloseable {
    private final InferenceGraph graph;
    private final NDManager manager;
    private final NDList[] constants;
    private final int[] lastReader;

    /** Copies the graph's weights onto a sub-manager of {@code parent} (and its device). */
    public TorchGraph(InferenceGraph graph, NDManager parent) {
        this.graph = graph;
        this.manager = parent.newSubManager();
        List<Node> nodes = graph.nodes();
        constants = new NDList[nodes.size()];
        lastReader = new int[nodes.size()];
        for (Node n : nodes) {
            constants[n.id()] = constantsOf(n);
            for (int in : n.inputs()) {
                lastReader[in] = n.id();
            }
        }
    }

    public InferenceGraph graph() {
        return graph;
    }

    public Device device() {
        return manager.getDevice();
    }

    private NDList constantsOf(Node n) {
        Op op = n.op();
        if (op instanceof Op.Conv c) {
            return new NDList(array(c.weight(), c.outChannels(), c.inPerGroup(), c.kernelH(), c.kernelW()),
                    array(c.bias(), c.outChannels()));
        }
        if (op instanceof Op.Dense d) {
            return new NDList(array(d.weight(), d.out(), d.in()), array(d.bias(), d.out()));
        }
        if (op instanceof Op.Scale s) {
            long[] shape = n.rank() == 4 ? new long[] {s.scale().length, 1, 1} : new long[] {s.scale().length};
            return new NDList(array(s.scale(), shape), array(s.shift(), shape));
        }
        return new NDList();
    }

    private NDArray array(float[] values, long... shape) {
        return manager.create(FloatBuffer.wrap(values), new Shape(shape));
    }

    /** The logits (N, classes) of a batch of images (N, C, H, W), on the images' manager. */
    public NDArray forward(NDArray images) {
        List<Node> nodes = graph.nodes();
        NDArray[] values = new NDArray[nodes.size()];
        values[0] = images;
        for (int i = 1; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            values[i] = run(n, values);
            for (int in : n.inputs()) {
                if (lastReader[in] == i && in != 0) {
                    values[in].close();
                    values[in] = null;
                }
            }
        }
        return values[nodes.size() - 1];
    }

    private NDArray run(Node n, NDArray[] values) {
        NDArray x = values[n.input()];
        NDList k = constants[n.id()];
        Op op = n.op();
        if (op instanceof Op.Conv c) {
            return conv(c, x, k);
        } else if (op instanceof Op.Dense) {
            return Linear.linear(x, k.get(0), k.get(1)).singletonOrThrow();
        } else if (op instanceof Op.Scale) {
            return x.mul(k.get(0)).addi(k.get(1));
        } else if (op instanceof Op.Relu) {
            return Activation.relu(x);
        } else if (op instanceof Op.Clip c) {
            return x.clip(c.min(), c.max());
        } else if (op instanceof Op.Pad p) {
            return x.pad(new Shape(p.left(), p.right(), p.top(), p.bottom()), 0);
        } else if (op instanceof Op.MaxPool p) {
            return Pool2d.pool(x, Pool2d.Kind.MAX, p.size(), p.stride());
        } else if (op instanceof Op.AvgPool p) {
            return Pool2d.pool(x, Pool2d.Kind.AVG, p.size(), p.stride());
        } else if (op instanceof Op.AvgPoolSame p) {
            return Pool2d.pool(x, Pool2d.Kind.AVG_SAME, p.size(), 1);
        } else if (op instanceof Op.GlobalPool g) {
            return g.max() ? Pool.globalMaxPool2d(x) : Pool.globalAvgPool2d(x);
        } else if (op instanceof Op.Flatten) {
            return x.reshape(x.getShape().get(0), -1);
        } else if (op instanceof Op.Add) {
            return sum(n, values);
        } else if (op instanceof Op.Concat) {
            return NDArrays.concat(new NDList(n.inputs().stream().map(i -> values[i]).toList()), 1);
        }
        throw new IllegalStateException("No libtorch step for " + op);
    }

    /** libtorch pads symmetrically only: an asymmetric padding is applied on its own first. */
    private static NDArray conv(Op.Conv c, NDArray x, NDList k) {
        int[] p = c.pads();
        Shape stride = new Shape(c.strideH(), c.strideW());
        Shape dilation = new Shape(1, 1);
        if (c.symmetric()) {
            return Conv2d.conv2d(x, k.get(0), k.get(1), stride, new Shape(p[0], p[1]), dilation, c.groups())
                    .singletonOrThrow();
        }
        try (NDArray padded = x.pad(new Shape(p[1], p[3], p[0], p[2]), 0)) {
            return Conv2d.conv2d(padded, k.get(0), k.get(1), stride, new Shape(0, 0), dilation, c.groups())
                    .singletonOrThrow();
        }
    }

    private static NDArray sum(Node n, NDArray[] values) {
        NDArray total = values[n.inputs().get(0)].add(values[n.inputs().get(1)]);
        for (int i = 2; i < n.inputs().size(); i++) {
            total.addi(values[n.inputs().get(i)]);
        }
        return total;
    }

    @Override
    public void close() {
        manager.close();
    }
}
