package dev.citra.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import dev.citra.image.ImageSpec;

/**
 * The fully convolutional FER-2013 network of the facial-expression seed (S2): pairs of
 * conv + BN + ReLU with 16 (7×7), 32 (5×5), 64 and 128 (3×3) filters, each pair followed by a
 * 2×2 max pool and dropout; the last pair is a 256-filter (3×3) conv and a convolution with one
 * filter per class, then global max pooling. About 640k parameters for 7 classes on 48×48 grey
 * input (the paper's "~600k").
 */
final class FerCnn implements Architecture {
    private static final int[] FILTERS = {16, 32, 64, 128, 256};
    private static final int[] KERNELS = {7, 5, 3, 3, 3};

    @Override
    public String name() {
        return "fer-cnn";
    }

    @Override
    public String description() {
        return "the S2 FER-2013 net: conv pairs 16(7x7)..256(3x3), max-pool + dropout, class conv, global max pool";
    }

    /** FER-2013: 48×48 grey faces, 7 expressions. */
    @Override
    public DesignInput designInput() {
        return new DesignInput(48, 1, 7);
    }

    @Override
    public Block build(ArchitectureSpec spec, int numClasses, ImageSpec input, KerasNames names) {
        float dropout = (float) spec.dropoutOr(0.5);
        SequentialBlock net = new SequentialBlock();
        for (int stage = 0; stage < FILTERS.length; stage++) {
            int convs = stage < FILTERS.length - 1 ? 2 : 1;
            for (int i = 0; i < convs; i++) {
                net.add(Layers.conv(FILTERS[stage], KERNELS[stage], 1, true, true));
                net.add(BatchNorm.defaults());
                net.add(Activation.reluBlock());
            }
            if (stage < FILTERS.length - 1) {
                net.add(Layers.maxPool(2, 2));
                net.add(Dropout.builder().optRate(dropout).build());
            }
        }
        net.add(Layers.conv(numClasses, 3, 1, true, true));
        net.add(Pool.globalMaxPool2dBlock());
        net.add(Blocks.batchFlattenBlock());
        return net;
    }
}
