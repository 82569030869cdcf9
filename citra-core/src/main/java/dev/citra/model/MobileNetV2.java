package dev.citra.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;

/**
 * MobileNetV2 laid out as Keras Applications builds it: inverted residual blocks with ReLU6,
 * no convolution biases, BatchNorm epsilon 1e-3 and momentum 0.999, and the asymmetric zero
 * padding Keras (TensorFlow "same") uses before every stride-2 convolution. Its blocks for
 * partial freezing are the stem, the 17 inverted residual blocks and the last 1×1 convolution.
 */
final class MobileNetV2 implements Backbone {
    private static final float BN_EPSILON = 1e-3f;
    private static final float BN_MOMENTUM = 0.999f;
    // Expansion t, output channels c, repeats n, first stride s (the paper's Table 2).
    private static final int[][] BLOCKS = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}
    };

    @Override
    public String name() {
        return "mobilenet_v2";
    }

    @Override
    public boolean takesWidth() {
        return true;
    }

    @Override
    public String description() {
        return "MobileNetV2 in the Keras Applications layout (width multiplier 'width', 0.35-1.4)";
    }

    @Override
    public int minInputSize() {
        return 32;
    }

    @Override
    public String poolingName() {
        return "global_average_pooling2d";
    }

    @Override
    public int featureChannels(ArchitectureSpec spec) {
        double alpha = alpha(spec);
        return alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
    }

    @Override
    public SequentialBlock features(ArchitectureSpec spec, ImageSpec input, KerasNames names) {
        double alpha = alpha(spec);
        SequentialBlock net = new SequentialBlock();
        int size = input.size();
        int channels = makeDivisible(32 * alpha, 8);
        SequentialBlock stem = new SequentialBlock();
        stem.add(names.add(padBeforeStride2(size), "Conv1_pad"));
        stem.add(names.add(Layers.conv(channels, 3, 2, false, false), "Conv1"));
        stem.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), "bn_Conv1"));
        stem.add(names.add(Layers.relu6(), "Conv1_relu"));
        net.add(stem);
        size = (size + 1) / 2;
        int blockId = 0;
        for (int[] b : BLOCKS) {
            for (int i = 0; i < b[2]; i++) {
                int stride = i == 0 ? b[3] : 1;
                int out = makeDivisible(b[1] * alpha, 8);
                net.add(invertedResidual(channels, out, stride, b[0], blockId, size, names));
                if (stride == 2) {
                    size = (size + 1) / 2;
                }
                channels = out;
                blockId++;
            }
        }
        SequentialBlock top = new SequentialBlock();
        top.add(names.add(Layers.conv(featureChannels(spec), 1, 1, false, false), "Conv_1"));
        top.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), "Conv_1_bn"));
        top.add(names.add(Layers.relu6(), "out_relu"));
        net.add(top);
        return net;
    }

    private static double alpha(ArchitectureSpec spec) {
        double alpha = spec.width() == null ? 1.0 : spec.width();
        if (alpha < 0.35 || alpha > 1.4) {
            throw new CitraException("mobilenet_v2 width multiplier " + alpha + " is out of range: use 0.35 to 1.4.");
        }
        return alpha;
    }

    private static Block invertedResidual(int in, int out, int stride, int expansion, int blockId, int size,
            KerasNames names) {
        SequentialBlock body = new SequentialBlock();
        int hidden = in * expansion;
        String prefix = blockId == 0 ? "expanded_conv_" : "block_" + blockId + "_";
        if (blockId > 0) {
            body.add(names.add(Layers.conv(hidden, 1, 1, false, false), prefix + "expand"));
            body.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), prefix + "expand_BN"));
            body.add(names.add(Layers.relu6(), prefix + "expand_relu"));
        }
        if (stride == 2) {
            body.add(names.add(padBeforeStride2(size), prefix + "pad"));
            body.add(names.add(Layers.depthwise(hidden, 3, 2, 0), prefix + "depthwise"));
        } else {
            body.add(names.add(Layers.depthwise(hidden, 3, 1, 1), prefix + "depthwise"));
        }
        body.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), prefix + "depthwise_BN"));
        body.add(names.add(Layers.relu6(), prefix + "depthwise_relu"));
        body.add(names.add(Layers.conv(out, 1, 1, false, false), prefix + "project"));
        body.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), prefix + "project_BN"));
        return in == out && stride == 1 ? names.add(Layers.residual(body), prefix + "add") : body;
    }

    /** Keras's correct_pad for a 3×3 stride-2 layer: one pixel bottom/right on even sizes. */
    private static Block padBeforeStride2(int size) {
        int adjust = 1 - size % 2;
        return Layers.zeroPad(1 - adjust, 1, 1 - adjust, 1);
    }

    /** Keras's _make_divisible: round to a multiple of {@code divisor}, never below 90%. */
    static int makeDivisible(double value, int divisor) {
        int v = Math.max(divisor, (int) (value + divisor / 2.0) / divisor * divisor);
        if (v < 0.9 * value) {
            v += divisor;
        }
        return v;
    }
}
