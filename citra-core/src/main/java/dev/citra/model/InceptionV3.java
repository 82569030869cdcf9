package dev.citra.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.citra.image.ImageSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * InceptionV3 laid out as Keras Applications builds it: every convolution is Keras's
 * {@code conv2d_bn} (no bias, BatchNorm without gamma, epsilon 1e-3, ReLU), stride-2
 * convolutions and max pools are 'valid', the pool branches average 3×3 'same' without counting
 * the padding (TensorFlow's rule), and each {@code mixedN} concatenates its branches in Keras's
 * order. Keras leaves the conv/BN/ReLU layers unnamed, so they get the names a freshly built
 * tf.keras 2.x model gives them ({@code conv2d}, {@code conv2d_1}, ..., {@code batch_normalization},
 * {@code activation}, ...); the official weight files use older names and load by layer order
 * (see {@code KerasWeightImporter}). The blocks for partial freezing are the stem and
 * {@code mixed0}..{@code mixed10}.
 */
final class InceptionV3 implements Backbone {
    private static final float BN_EPSILON = 1e-3f;
    private static final float BN_MOMENTUM = 0.99f;

    @Override
    public String name() {
        return "inception_v3";
    }

    @Override
    public String description() {
        return "InceptionV3 in the Keras Applications layout (input 75 pixels or more, 299 as trained)";
    }

    @Override
    public int minInputSize() {
        return 75;
    }

    @Override
    public int imageNetInputSize() {
        return 299;
    }

    @Override
    public int featureChannels(ArchitectureSpec spec) {
        return 2048;
    }

    @Override
    public SequentialBlock features(ArchitectureSpec spec, ImageSpec input, KerasNames names) {
        Builder b = new Builder(names);
        SequentialBlock net = new SequentialBlock();
        net.add(stem(b));
        net.add(inceptionA(b, 32, "mixed0"));
        net.add(inceptionA(b, 64, "mixed1"));
        net.add(inceptionA(b, 64, "mixed2"));
        net.add(reductionA(b));
        net.add(inceptionC(b, 128, "mixed4"));
        net.add(inceptionC(b, 160, "mixed5"));
        net.add(inceptionC(b, 160, "mixed6"));
        net.add(inceptionC(b, 192, "mixed7"));
        net.add(reductionB(b));
        net.add(inceptionE(b, 0));
        net.add(inceptionE(b, 1));
        return net;
    }

    private static Block stem(Builder b) {
        SequentialBlock stem = new SequentialBlock();
        stem.add(b.convBn(32, 3, 3, 2, false));
        stem.add(b.convBn(32, 3, 3, 1, false));
        stem.add(b.convBn(64, 3, 3, 1, true));
        stem.add(b.maxPool());
        stem.add(b.convBn(80, 1, 1, 1, false));
        stem.add(b.convBn(192, 3, 3, 1, false));
        stem.add(b.maxPool());
        return stem;
    }

    /** mixed0-2 (35×35 at 299): 1×1, 5×5, double 3×3 and pool branches. */
    private static Block inceptionA(Builder b, int poolFilters, String name) {
        Block branch1x1 = b.convBn(64, 1, 1);
        Block branch5x5 = chain(b.convBn(48, 1, 1), b.convBn(64, 5, 5));
        Block branch3x3dbl = chain(b.convBn(64, 1, 1), b.convBn(96, 3, 3), b.convBn(96, 3, 3));
        Block branchPool = chain(b.avgPool(), b.convBn(poolFilters, 1, 1));
        return b.names.add(new Concatenate(List.of(branch1x1, branch5x5, branch3x3dbl, branchPool)), name);
    }

    /** mixed3: the grid reduction to 17×17. */
    private static Block reductionA(Builder b) {
        Block branch3x3 = b.convBn(384, 3, 3, 2, false);
        Block branch3x3dbl = chain(b.convBn(64, 1, 1), b.convBn(96, 3, 3), b.convBn(96, 3, 3, 2, false));
        Block branchPool = b.maxPool();
        return b.names.add(new Concatenate(List.of(branch3x3, branch3x3dbl, branchPool)), "mixed3");
    }

    /** mixed4-7 (17×17): factorised 7×7 branches of {@code c7} channels. */
    private static Block inceptionC(Builder b, int c7, String name) {
        Block branch1x1 = b.convBn(192, 1, 1);
        Block branch7x7 = chain(b.convBn(c7, 1, 1), b.convBn(c7, 1, 7), b.convBn(192, 7, 1));
        Block branch7x7dbl = chain(b.convBn(c7, 1, 1), b.convBn(c7, 7, 1), b.convBn(c7, 1, 7), b.convBn(c7, 7, 1),
                b.convBn(192, 1, 7));
        Block branchPool = chain(b.avgPool(), b.convBn(192, 1, 1));
        return b.names.add(new Concatenate(List.of(branch1x1, branch7x7, branch7x7dbl, branchPool)), name);
    }

    /** mixed8: the grid reduction to 8×8. */
    private static Block reductionB(Builder b) {
        Block branch3x3 = chain(b.convBn(192, 1, 1), b.convBn(320, 3, 3, 2, false));
        Block branch7x7x3 = chain(b.convBn(192, 1, 1), b.convBn(192, 1, 7), b.convBn(192, 7, 1),
                b.convBn(192, 3, 3, 2, false));
        Block branchPool = b.maxPool();
        return b.names.add(new Concatenate(List.of(branch3x3, branch7x7x3, branchPool)), "mixed8");
    }

    /** mixed9 and mixed10 (8×8): 3×3 branches split into parallel 1×3 and 3×1. */
    private static Block inceptionE(Builder b, int i) {
        Block branch1x1 = b.convBn(320, 1, 1);
        Block branch3x3 = b.convBn(384, 1, 1);
        Block split = b.names.add(new Concatenate(List.of(b.convBn(384, 1, 3), b.convBn(384, 3, 1))), "mixed9_" + i);
        Block branch3x3dbl = chain(b.convBn(448, 1, 1), b.convBn(384, 3, 3));
        Block splitDbl = b.auto(new Concatenate(List.of(b.convBn(384, 1, 3), b.convBn(384, 3, 1))), "concatenate");
        Block branchPool = chain(b.avgPool(), b.convBn(192, 1, 1));
        return b.names.add(new Concatenate(List.of(branch1x1, chain(branch3x3, split), chain(branch3x3dbl, splitDbl),
                branchPool)), "mixed" + (9 + i));
    }

    private static Block chain(Block... blocks) {
        return new SequentialBlock().addAll(blocks);
    }

    /**
     * Builds the layers of one network in Keras's creation order, naming the ones Keras leaves
     * unnamed as Keras does: the class name in snake case, then {@code _1}, {@code _2}, ... for
     * each further layer of that class.
     */
    private static final class Builder {
        private final KerasNames names;
        private final Map<String, Integer> created = new HashMap<>();

        Builder(KerasNames names) {
            this.names = names;
        }

        <B extends Block> B auto(B block, String kerasClass) {
            int n = created.merge(kerasClass, 1, Integer::sum) - 1;
            return names.add(block, n == 0 ? kerasClass : kerasClass + "_" + n);
        }

        /** Keras's conv2d_bn with 'same' padding and stride 1. */
        Block convBn(int filters, int rows, int cols) {
            return convBn(filters, rows, cols, 1, true);
        }

        Block convBn(int filters, int rows, int cols, int stride, boolean same) {
            return chain(auto(Layers.conv(filters, rows, cols, stride, same, false), "conv2d"),
                    auto(new UnscaledBatchNorm(BN_EPSILON, BN_MOMENTUM), "batch_normalization"),
                    auto(Layers.relu(), "activation"));
        }

        /** MaxPooling2D((3, 3), strides=(2, 2)), 'valid'. */
        Block maxPool() {
            return auto(Layers.maxPool(3, 2), "max_pooling2d");
        }

        /** AveragePooling2D((3, 3), strides=(1, 1), padding='same'), the padding left out of the mean. */
        Block avgPool() {
            return auto(Layers.averagePoolSame(3), "average_pooling2d");
        }
    }
}
