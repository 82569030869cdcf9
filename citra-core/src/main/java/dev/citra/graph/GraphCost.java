package dev.citra.graph;

/**
 * The arithmetic a compiled network does per image: multiply-accumulates of its convolutions and
 * dense layers (the element-wise operations are a rounding error beside them, and papers count
 * them the same way: MobileNetV2 at 224 px is "300 M multiply-adds"). Shapes are followed from the
 * input through every node.
 */
public final class GraphCost {
    private GraphCost() {}

    /** Multiply-accumulates of one forward pass of one image. */
    public static long multiplyAdds(InferenceGraph graph) {
        int n = graph.nodes().size();
        // (channels, height, width) of each node's output; a vector is (features, 1, 1).
        int[][] shapes = new int[n][];
        long total = 0;
        for (Node node : graph.nodes()) {
            int[] in = node.inputs().isEmpty() ? null : shapes[node.input()];
            Op op = node.op();
            int[] out;
            if (op instanceof Op.Input input) {
                out = new int[] {input.channels(), input.size(), input.size()};
            } else if (op instanceof Op.Conv c) {
                int h = (in[1] + c.pads()[0] + c.pads()[2] - c.kernelH()) / c.strideH() + 1;
                int w = (in[2] + c.pads()[1] + c.pads()[3] - c.kernelW()) / c.strideW() + 1;
                out = new int[] {c.outChannels(), h, w};
                total += (long) c.outChannels() * h * w * c.inPerGroup() * c.kernelH() * c.kernelW();
            } else if (op instanceof Op.Dense d) {
                out = new int[] {d.out(), 1, 1};
                total += (long) d.out() * d.in();
            } else if (op instanceof Op.Pad p) {
                out = new int[] {in[0], in[1] + p.top() + p.bottom(), in[2] + p.left() + p.right()};
            } else if (op instanceof Op.MaxPool p) {
                out = pooled(in, p.size(), p.stride());
            } else if (op instanceof Op.AvgPool p) {
                out = pooled(in, p.size(), p.stride());
            } else if (op instanceof Op.GlobalPool) {
                out = new int[] {in[0], 1, 1};
            } else if (op instanceof Op.Flatten) {
                out = new int[] {in[0] * in[1] * in[2], 1, 1};
            } else if (op instanceof Op.Concat) {
                int channels = 0;
                for (int i : node.inputs()) {
                    channels += shapes[i][0];
                }
                out = new int[] {channels, in[1], in[2]};
            } else {
                // Scale, Relu, Clip, AvgPoolSame, Add: the shape of their (first) input.
                out = in;
            }
            shapes[node.id()] = out;
        }
        return total;
    }

    private static int[] pooled(int[] in, int size, int stride) {
        return new int[] {in[0], (in[1] - size) / stride + 1, (in[2] - size) / stride + 1};
    }
}
