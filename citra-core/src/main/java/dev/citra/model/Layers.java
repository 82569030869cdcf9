package dev.citra.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/** Small building blocks shared by the architectures, and the layer-list compiler. */
public final class Layers {
    private Layers() {}

    /** A 2-D convolution; {@code same} padding is symmetric k/2 (exact for stride 1, odd k). */
    public static Block conv(int filters, int kernel, int stride, boolean samePadding, boolean bias) {
        return conv(filters, kernel, kernel, stride, samePadding, bias);
    }

    /**
     * A 2-D convolution with a {@code kernelH}×{@code kernelW} kernel (Inception's 1×7, 7×1);
     * {@code same} padding is symmetric (kernelH/2, kernelW/2), exact for stride 1 and odd sizes.
     */
    public static Block conv(int filters, int kernelH, int kernelW, int stride, boolean samePadding, boolean bias) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernelH, kernelW))
                .optStride(new Shape(stride, stride))
                .optPadding(samePadding ? new Shape(kernelH / 2, kernelW / 2) : new Shape(0, 0))
                .optBias(bias)
                .build();
    }

    /** A depthwise 3×3-style convolution: one filter per input channel. */
    public static Block depthwise(int channels, int kernel, int stride, int pad) {
        return Conv2d.builder()
                .setFilters(channels)
                .optGroups(channels)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .optBias(false)
                .build();
    }

    /** Batch normalisation with Keras's defaults unless given. */
    public static Block batchNorm(float epsilon, float momentum) {
        return new BatchNorm(epsilon, momentum);
    }

    /** ReLU6 with a fast backward; see {@link Relu6}. */
    public static Block relu6() {
        return new Relu6();
    }

    /** Zero padding of (left, right, top, bottom) pixels, as Keras's ZeroPadding2D. */
    public static Block zeroPad(int left, int right, int top, int bottom) {
        return new ZeroPad(left, right, top, bottom);
    }

    /** ReLU that knows its output shape (see {@link ShapedLambdaBlock}). */
    public static Block relu() {
        return new ShapedLambdaBlock(Activation::relu, "ReLU", shape -> shape);
    }

    /** Keras's {@code MaxPooling2D(size, strides)} with 'valid' padding, on (N, C, H, W). */
    public static Block maxPool(int size, int stride) {
        return Pool2d.max(size, stride);
    }

    /** Keras's {@code AveragePooling2D(size, strides)} with 'valid' padding, on (N, C, H, W). */
    public static Block avgPool(int size, int stride) {
        return Pool2d.average(size, stride);
    }

    /** Keras's {@code AveragePooling2D(size, strides=1, padding='same')} for odd sizes; see {@link Pool2d}. */
    public static Block averagePoolSame(int size) {
        return Pool2d.averageSame(size);
    }

    /** {@code body(x) + x}. */
    public static Block residual(Block body) {
        return new Add(List.of(body, Blocks.identityBlock()));
    }

    /**
     * The layers of a network in the order citra walks them (weight import, summaries): the
     * children of a sequential block in turn; for a parallel block ({@link Add},
     * {@link Concatenate}) its branches that are not the identity, then the block itself (the merge);
     * any other block as one layer.
     */
    public static List<Block> nodes(Block block) {
        List<Block> out = new ArrayList<>();
        collect(block, out);
        return out;
    }

    private static void collect(Block block, List<Block> out) {
        if (block instanceof SequentialBlock) {
            for (Pair<String, Block> child : block.getChildren()) {
                collect(child.getValue(), out);
            }
        } else if (block instanceof ParallelBlock) {
            for (Pair<String, Block> child : block.getChildren()) {
                if (!isIdentity(child.getValue())) {
                    collect(child.getValue(), out);
                }
            }
            out.add(block);
        } else {
            out.add(block);
        }
    }

    /** DJL's identity block (the shortcut of a residual). */
    public static boolean isIdentity(Block b) {
        return b instanceof LambdaBlock l && "identity".equals(l.getName()) && b.getChildren().isEmpty();
    }

    /**
     * Compiles a declarative layer list, then appends the classifier: a flatten (when the list
     * does not end in a global pool or flatten already) and a dense layer of {@code numClasses}.
     */
    public static SequentialBlock fromList(List<LayerSpec> layers, int numClasses) {
        if (layers == null || layers.isEmpty()) {
            throw new dev.citra.CitraException(
                    "The custom model has no layers: add a 'layers:' list to the config, e.g. - {type: conv, filters: 32, kernel: 3}.");
        }
        SequentialBlock net = new SequentialBlock();
        boolean flat = false;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            String kind = l.kind();
            switch (kind) {
                case "conv" -> {
                    String padding = l.padding() == null ? "same" : l.padding();
                    if (!padding.equals("same") && !padding.equals("valid")) {
                        throw new dev.citra.CitraException("Layer " + (i + 1) + " (conv) has padding '" + padding
                                + "': use same or valid.");
                    }
                    net.add(conv(l.required(l.filters(), "filters", i), l.required(l.kernel(), "kernel", i),
                            l.stride() == null ? 1 : l.required(l.stride(), "stride", i), padding.equals("same"),
                            l.bias() == null || l.bias()));
                    flat = false;
                }
                case "batchnorm" -> net.add(BatchNorm.defaults());
                case "relu" -> net.add(Activation.reluBlock());
                case "relu6" -> net.add(relu6());
                case "maxpool", "avgpool" -> {
                    int size = l.size() == null ? 2 : l.required(l.size(), "size", i);
                    int stride = l.stride() == null ? size : l.required(l.stride(), "stride", i);
                    net.add(kind.equals("maxpool") ? maxPool(size, stride) : avgPool(size, stride));
                }
                case "globalavgpool" -> {
                    net.add(Pool.globalAvgPool2dBlock());
                    flat = true;
                }
                case "globalmaxpool" -> {
                    net.add(Pool.globalMaxPool2dBlock());
                    flat = true;
                }
                case "dropout" -> {
                    double rate = l.rate() == null ? 0.5 : l.rate();
                    if (rate < 0 || rate >= 1) {
                        throw new dev.citra.CitraException("Layer " + (i + 1) + " (dropout) has rate " + rate
                                + ": use a value in [0, 1).");
                    }
                    net.add(Dropout.builder().optRate((float) rate).build());
                }
                case "flatten" -> {
                    net.add(Blocks.batchFlattenBlock());
                    flat = true;
                }
                case "dense" -> {
                    if (!flat) {
                        net.add(Blocks.batchFlattenBlock());
                        flat = true;
                    }
                    net.add(Linear.builder().setUnits(l.required(l.units(), "units", i)).build());
                }
                default -> throw new IllegalStateException(kind);
            }
        }
        if (!flat) {
            net.add(Blocks.batchFlattenBlock());
        }
        net.add(Linear.builder().setUnits(numClasses).build());
        return net;
    }
}
