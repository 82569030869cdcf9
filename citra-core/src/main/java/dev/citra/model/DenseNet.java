package dev.citra.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import dev.citra.image.ImageSpec;
import java.util.List;

/**
 * DenseNet-BC laid out as Keras Applications builds it (DenseNet121/169/201 differ only in the
 * number of conv blocks per dense block): growth rate 32, bottleneck 4×32, compression 0.5, no
 * convolution biases, BatchNorm epsilon 1.001e-5, explicit zero padding before the 7×7 stride-2
 * convolution and the max pool, 2×2 average pooling in the transitions. The layer names are those
 * of the Keras ImageNet weight files ({@code conv1/conv}, {@code conv2_block1_0_bn}, {@code pool2_conv},
 * {@code bn}). Its blocks for partial freezing are the stem, every conv block, every transition
 * and the final BatchNorm + ReLU.
 */
final class DenseNet implements Backbone {
    private static final float BN_EPSILON = 1.001e-5f;
    private static final float BN_MOMENTUM = 0.99f;
    private static final int GROWTH_RATE = 32;
    private static final int STEM_FILTERS = 64;

    private final List<Integer> blocks;

    /** A DenseNet with these numbers of conv blocks in its four dense blocks. */
    DenseNet(List<Integer> blocks) {
        if (blocks.size() != 4) {
            throw new IllegalArgumentException("DenseNet has 4 dense blocks, not " + blocks.size());
        }
        this.blocks = List.copyOf(blocks);
    }

    static DenseNet densenet121() {
        return new DenseNet(List.of(6, 12, 24, 16));
    }

    static DenseNet densenet169() {
        return new DenseNet(List.of(6, 12, 32, 32));
    }

    static DenseNet densenet201() {
        return new DenseNet(List.of(6, 12, 48, 32));
    }

    /** Weighted layers along the deepest path: the stem convolution, two per conv block, the transitions, the classifier. */
    private int depth() {
        return 1 + 2 * blocks.stream().mapToInt(Integer::intValue).sum() + (blocks.size() - 1) + 1;
    }

    @Override
    public String classifierName() {
        return "fc1000";
    }

    @Override
    public String name() {
        return "densenet" + depth();
    }

    @Override
    public String description() {
        return "DenseNet" + depth() + " in the Keras Applications layout (dense blocks " + blocks + ", growth rate 32)";
    }

    @Override
    public int minInputSize() {
        return 32;
    }

    @Override
    public int featureChannels(ArchitectureSpec spec) {
        int channels = STEM_FILTERS;
        for (int i = 0; i < blocks.size(); i++) {
            channels += blocks.get(i) * GROWTH_RATE;
            if (i < blocks.size() - 1) {
                channels /= 2;
            }
        }
        return channels;
    }

    @Override
    public SequentialBlock features(ArchitectureSpec spec, ImageSpec input, KerasNames names) {
        SequentialBlock net = new SequentialBlock();
        SequentialBlock stem = new SequentialBlock();
        // Keras leaves the two paddings unnamed: these are its automatic names.
        stem.add(names.add(Layers.zeroPad(3, 3, 3, 3), "zero_padding2d"));
        stem.add(names.add(Layers.conv(STEM_FILTERS, 7, 2, false, false), "conv1/conv"));
        stem.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), "conv1/bn"));
        stem.add(names.add(Activation.reluBlock(), "conv1/relu"));
        // Zeros padded before a 'valid' max pool, as Keras does (not -inf padding inside the pool).
        stem.add(names.add(Layers.zeroPad(1, 1, 1, 1), "zero_padding2d_1"));
        stem.add(names.add(Layers.maxPool(3, 2), "pool1"));
        net.add(stem);
        int channels = STEM_FILTERS;
        for (int d = 0; d < blocks.size(); d++) {
            String stage = "conv" + (d + 2);
            for (int b = 1; b <= blocks.get(d); b++) {
                net.add(convBlock(stage + "_block" + b, names));
                channels += GROWTH_RATE;
            }
            if (d < blocks.size() - 1) {
                channels /= 2;
                net.add(transition(channels, "pool" + (d + 2), names));
            }
        }
        SequentialBlock top = new SequentialBlock();
        top.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), "bn"));
        top.add(names.add(Activation.reluBlock(), "relu"));
        net.add(top);
        return net;
    }

    /** Keras's conv_block: BN-ReLU-1×1 conv (4k)-BN-ReLU-3×3 conv (k), concatenated after its input. */
    private static Block convBlock(String prefix, KerasNames names) {
        SequentialBlock body = new SequentialBlock();
        body.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), prefix + "_0_bn"));
        body.add(names.add(Activation.reluBlock(), prefix + "_0_relu"));
        body.add(names.add(Layers.conv(4 * GROWTH_RATE, 1, 1, false, false), prefix + "_1_conv"));
        body.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), prefix + "_1_bn"));
        body.add(names.add(Activation.reluBlock(), prefix + "_1_relu"));
        body.add(names.add(Layers.conv(GROWTH_RATE, 3, 1, true, false), prefix + "_2_conv"));
        // Input first, as Keras's Concatenate([x, x1]): the channel order the next layers' weights expect.
        return names.add(new Concatenate(List.of(Blocks.identityBlock(), body)), prefix + "_concat");
    }

    /** Keras's transition_block: BN-ReLU-1×1 conv to {@code filters}, 2×2 average pool. */
    private static Block transition(int filters, String prefix, KerasNames names) {
        SequentialBlock t = new SequentialBlock();
        t.add(names.add(Layers.batchNorm(BN_EPSILON, BN_MOMENTUM), prefix + "_bn"));
        t.add(names.add(Activation.reluBlock(), prefix + "_relu"));
        t.add(names.add(Layers.conv(filters, 1, 1, false, false), prefix + "_conv"));
        t.add(names.add(Layers.avgPool(2, 2), prefix + "_pool"));
        return t;
    }
}
