package dev.citra.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * The inference rewrites of an {@link InferenceGraph}: a BatchNorm ({@link Op.Scale}) whose input
 * is a convolution or dense layer read by nothing else is folded into that layer's weights and
 * bias, and an explicit zero {@link Op.Pad} read only by a convolution becomes that convolution's
 * own (possibly asymmetric) padding. Both are exact up to float rounding.
 */
final class Folding {
    private Folding() {}

    static InferenceGraph fold(InferenceGraph graph) {
        List<Node> nodes = graph.nodes();
        List<List<Integer>> consumers = graph.consumers();
        int n = nodes.size();
        Op[] ops = new Op[n];
        List<List<Integer>> inputs = new ArrayList<>();
        int[] alias = new int[n];
        boolean[] dead = new boolean[n];
        for (Node node : nodes) {
            int i = node.id();
            alias[i] = i;
            ops[i] = node.op();
            inputs.add(node.inputs().stream().map(in -> alias[in]).toList());
            if (node.inputs().size() != 1) {
                continue;
            }
            int in = inputs.get(i).get(0);
            boolean onlyReader = consumers.get(node.input()).size() == 1;
            if (ops[i] instanceof Op.Scale s && onlyReader && (ops[in] instanceof Op.Conv || ops[in] instanceof Op.Dense)) {
                ops[in] = ops[in] instanceof Op.Conv c ? fold(c, s) : fold((Op.Dense) ops[in], s);
                alias[i] = in;
                dead[i] = true;
            } else if (ops[i] instanceof Op.Conv c && onlyReader && ops[in] instanceof Op.Pad p) {
                int[] pads = c.pads();
                ops[i] = new Op.Conv(c.weight(), c.bias(), c.outChannels(), c.inPerGroup(), c.kernelH(), c.kernelW(),
                        c.strideH(), c.strideW(),
                        new int[] {pads[0] + p.top(), pads[1] + p.left(), pads[2] + p.bottom(), pads[3] + p.right()},
                        c.groups());
                inputs.set(i, inputs.get(in));
                dead[in] = true;
            }
        }
        int[] newId = new int[n];
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!dead[i]) {
                newId[i] = out.size();
                out.add(new Node(out.size(), ops[i], inputs.get(i).stream().map(in -> newId[alias[in]]).toList(),
                        nodes.get(i).rank()));
            }
        }
        if (newId[alias[n - 1]] != out.size() - 1) {
            throw new IllegalStateException("Folding moved the graph's output");
        }
        return new InferenceGraph(out);
    }

    private static Op.Conv fold(Op.Conv c, Op.Scale s) {
        float[] w = c.weight().clone();
        float[] b = c.bias().clone();
        scaleRows(w, b, s);
        return new Op.Conv(w, b, c.outChannels(), c.inPerGroup(), c.kernelH(), c.kernelW(), c.strideH(), c.strideW(),
                c.pads(), c.groups());
    }

    private static Op.Dense fold(Op.Dense d, Op.Scale s) {
        float[] w = d.weight().clone();
        float[] b = d.bias().clone();
        scaleRows(w, b, s);
        return new Op.Dense(w, b, d.out(), d.in());
    }

    /** Output channel o's weights (row o of {@code w}) and bias times scale[o], plus shift[o] on the bias. */
    private static void scaleRows(float[] w, float[] b, Op.Scale s) {
        int per = w.length / b.length;
        for (int o = 0; o < b.length; o++) {
            float k = s.scale()[o];
            for (int j = o * per; j < (o + 1) * per; j++) {
                w[j] *= k;
            }
            b[o] = b[o] * k + s.shift()[o];
        }
    }
}
