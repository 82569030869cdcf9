package dev.citra.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * MobileNetV2 laid out as Keras Applications builds it: inverted residual blocks with ReLU6,
 * no convolution biases, BatchNorm epsilon 1e-3 and momentum 0.999, and the asymmetric zero
 * padding Keras (TensorFlow "same") uses before every stride-2 convolution. The classifier is
 * global average pooling, dropout and a dense layer.
 */
final class MobileNetV2 implements Architecture {
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
    public String description() {
        return "MobileNetV2 in the Keras Applications layout (width multiplier 'width', 0.35-1.4)";
    }

    @Override
    public Block build(ArchitectureSpec spec, int numClasses, ImageSpec input) {
        return build(spec, numClasses, input, name -> {});
    }

    /** Keras's names of the weighted layers (Conv1, bn_Conv1, ..., predictions), in build order. */
    @Override
    public List<String> kerasLayerNames(ArchitectureSpec spec, int numClasses, ImageSpec input) {
        List<String> names = new ArrayList<>();
        build(spec, numClasses, input, names::add);
        return List.copyOf(names);
    }

    /** Builds the network, telling {@code keras} the Keras name of each weighted layer as it is added. */
    private static Block build(ArchitectureSpec spec, int numClasses, ImageSpec input, Consumer<String> keras) {
        double alpha = spec.width() == null ? 1.0 : spec.width();
        if (alpha < 0.35 || alpha > 1.4) {
            throw new CitraException("mobilenet_v2 width multiplier " + alpha + " is out of range: use 0.35 to 1.4.");
        }
        SequentialBlock net = new SequentialBlock();
        int size = input.size();
        int channels = makeDivisible(32 * alpha, 8);
        net.add(padBeforeStride2(size));
        net.add(Layers.conv(channels, 3, 2, false, false));
        keras.accept("Conv1");
        net.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM));
        keras.accept("bn_Conv1");
        net.add(Layers.relu6());
        size = (size + 1) / 2;
        int blockId = 0;
        for (int[] b : BLOCKS) {
            for (int i = 0; i < b[2]; i++) {
                int stride = i == 0 ? b[3] : 1;
                int out = makeDivisible(b[1] * alpha, 8);
                net.add(invertedResidual(channels, out, stride, b[0], blockId, size, keras));
                if (stride == 2) {
                    size = (size + 1) / 2;
                }
                channels = out;
                blockId++;
            }
        }
        int last = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
        net.add(Layers.conv(last, 1, 1, false, false));
        keras.accept("Conv_1");
        net.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM));
        keras.accept("Conv_1_bn");
        net.add(Layers.relu6());
        net.add(Pool.globalAvgPool2dBlock());
        net.add(Dropout.builder().optRate((float) spec.dropoutOr(0.2)).build());
        net.add(Linear.builder().setUnits(numClasses).build());
        keras.accept("predictions");
        return net;
    }

    private static Block invertedResidual(int in, int out, int stride, int expansion, int blockId, int size,
            Consumer<String> keras) {
        SequentialBlock body = new SequentialBlock();
        int hidden = in * expansion;
        String prefix = blockId == 0 ? "expanded_conv_" : "block_" + blockId + "_";
        if (blockId > 0) {
            body.add(Layers.conv(hidden, 1, 1, false, false));
            keras.accept(prefix + "expand");
            body.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM));
            keras.accept(prefix + "expand_BN");
            body.add(Layers.relu6());
        }
        if (stride == 2) {
            body.add(padBeforeStride2(size));
            body.add(Layers.depthwise(hidden, 3, 2, 0));
        } else {
            body.add(Layers.depthwise(hidden, 3, 1, 1));
        }
        keras.accept(prefix + "depthwise");
        body.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM));
        keras.accept(prefix + "depthwise_BN");
        body.add(Layers.relu6());
        body.add(Layers.conv(out, 1, 1, false, false));
        keras.accept(prefix + "project");
        body.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM));
        keras.accept(prefix + "project_BN");
        return in == out && stride == 1 ? Layers.residual(body) : body;
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
