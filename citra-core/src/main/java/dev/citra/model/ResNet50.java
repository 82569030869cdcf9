package dev.citra.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.citra.image.ImageSpec;
import java.util.List;

/**
 * ResNet50 (v1) laid out as Keras Applications builds it: bottleneck blocks with the stride on
 * the first 1×1 convolution, convolution biases, BatchNorm epsilon 1.001e-5 and momentum 0.99, and
 * the explicit zero padding (3 before the 7×7 stride-2 convolution, 1 before the 3×3 max pool)
 * that Keras applies as layers of their own. Its blocks for partial freezing are the stem and the
 * 16 residual blocks.
 */
final class ResNet50 implements Backbone {
    private static final float BN_EPSILON = 1.001e-5f;
    private static final float BN_MOMENTUM = 0.99f;
    // Per stage conv2..conv5: bottleneck filters, blocks, stride of the first block.
    private static final int[][] STAGES = {{64, 3, 1}, {128, 4, 2}, {256, 6, 2}, {512, 3, 2}};

    @Override
    public String classifierName() {
        return "fc1000";
    }

    @Override
    public String name() {
        return "resnet50";
    }

    @Override
    public String description() {
        return "ResNet50 in the Keras Applications layout (conv biases, BatchNorm epsilon 1.001e-5)";
    }

    @Override
    public int minInputSize() {
        return 32;
    }

    @Override
    public int featureChannels(ArchitectureSpec spec) {
        return 4 * STAGES[STAGES.length - 1][0];
    }

    @Override
    public SequentialBlock features(ArchitectureSpec spec, ImageSpec input, KerasNames names) {
        SequentialBlock net = new SequentialBlock();
        SequentialBlock stem = new SequentialBlock();
        stem.add(names.add(Layers.zeroPad(3, 3, 3, 3), "conv1_pad"));
        stem.add(names.add(Layers.conv(64, 7, 2, false, true), "conv1_conv"));
        stem.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), "conv1_bn"));
        stem.add(names.add(Activation.reluBlock(), "conv1_relu"));
        // Keras pads with zeros and then pools 'valid'; after the ReLU zeros never win, but the
        // padded pixels are real inputs to the window, as in Keras.
        stem.add(names.add(Layers.zeroPad(1, 1, 1, 1), "pool1_pad"));
        stem.add(names.add(Layers.maxPool(3, 2), "pool1_pool"));
        net.add(stem);
        for (int s = 0; s < STAGES.length; s++) {
            int filters = STAGES[s][0];
            for (int b = 1; b <= STAGES[s][1]; b++) {
                String prefix = "conv" + (s + 2) + "_block" + b;
                net.add(block(filters, b == 1 ? STAGES[s][2] : 1, b == 1, prefix, names));
            }
        }
        return net;
    }

    /** Keras's block1: a bottleneck residual, with a projection shortcut in a stage's first block. */
    private static Block block(int filters, int stride, boolean projection, String prefix, KerasNames names) {
        SequentialBlock body = new SequentialBlock();
        body.add(names.add(Layers.conv(filters, 1, stride, false, true), prefix + "_1_conv"));
        body.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), prefix + "_1_bn"));
        body.add(names.add(Activation.reluBlock(), prefix + "_1_relu"));
        body.add(names.add(Layers.conv(filters, 3, 1, true, true), prefix + "_2_conv"));
        body.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), prefix + "_2_bn"));
        body.add(names.add(Activation.reluBlock(), prefix + "_2_relu"));
        body.add(names.add(Layers.conv(4 * filters, 1, 1, false, true), prefix + "_3_conv"));
        body.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), prefix + "_3_bn"));
        Block sum;
        if (projection) {
            SequentialBlock shortcut = new SequentialBlock();
            shortcut.add(names.add(Layers.conv(4 * filters, 1, stride, false, true), prefix + "_0_conv"));
            shortcut.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), prefix + "_0_bn"));
            // Shortcut first, as Keras's Add([shortcut, x]) and its layer order have it.
            sum = new Add(List.of(shortcut, body));
        } else {
            sum = Layers.residual(body);
        }
        SequentialBlock block = new SequentialBlock();
        block.add(names.add(sum, prefix + "_add"));
        block.add(names.add(Activation.reluBlock(), prefix + "_out"));
        return block;
    }
}
