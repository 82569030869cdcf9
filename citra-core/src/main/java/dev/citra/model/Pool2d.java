package dev.citra.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * A square 2-D pooling on (N, C, H, W) whose kind, window and stride the inference compiler can
 * read: Keras's {@code MaxPooling2D} and {@code AveragePooling2D} with 'valid' padding, and
 * {@code AveragePooling2D(padding='same')} at stride 1, which averages only the taps inside the
 * image. It saves as the lambda block it replaces did.
 */
public final class Pool2d extends ShapedLambdaBlock {
    /** What a window computes. */
    public enum Kind {
        /** The largest value, 'valid' padding. */
        MAX,
        /** The mean, 'valid' padding. */
        AVG,
        /** The mean of the taps inside the image, 'same' padding, stride 1. */
        AVG_SAME
    }

    private final Kind kind;
    private final int size;
    private final int stride;

    private Pool2d(Kind kind, int size, int stride) {
        super(x -> pool(x, kind, size, stride),
                kind == Kind.MAX ? "maxPool2d" : kind == Kind.AVG ? "avgPool2d" : "avgPool2dSame",
                s -> kind == Kind.AVG_SAME ? s
                        : new Shape(s.get(0), s.get(1), (s.get(2) - size) / stride + 1, (s.get(3) - size) / stride + 1));
        this.kind = kind;
        this.size = size;
        this.stride = stride;
    }

    /** Max pooling, 'valid' padding. */
    public static Pool2d max(int size, int stride) {
        return new Pool2d(Kind.MAX, size, stride);
    }

    /** Average pooling, 'valid' padding. */
    public static Pool2d average(int size, int stride) {
        return new Pool2d(Kind.AVG, size, stride);
    }

    /** Keras's average pooling with 'same' padding and stride 1, for odd sizes. */
    public static Pool2d averageSame(int size) {
        return new Pool2d(Kind.AVG_SAME, size, 1);
    }

    public Kind kind() {
        return kind;
    }

    public int size() {
        return size;
    }

    public int stride() {
        return stride;
    }

    /**
     * Runs a pooling of this kind. For {@link Kind#AVG_SAME}: DJL's PyTorch engine ignores
     * {@code countIncludePad=false} (it always counts the zero padding), so the padded mean is
     * divided by the padded mean of ones, which is each position's share of taps inside the image.
     */
    public static NDArray pool(NDArray x, Kind kind, int size, int stride) {
        Shape window = new Shape(size, size);
        Shape strides = new Shape(stride, stride);
        Shape none = new Shape(0, 0);
        return switch (kind) {
            case MAX -> Pool.maxPool2d(x, window, strides, none, false);
            case AVG -> Pool.avgPool2d(x, window, strides, none, false, true);
            case AVG_SAME -> {
                Shape pad = new Shape(size / 2, size / 2);
                Shape ones = new Shape(1, 1, x.getShape().get(2), x.getShape().get(3));
                NDArray inside = Pool.avgPool2d(x.getManager().ones(ones, x.getDataType(), x.getDevice()), window,
                        strides, pad, false, true);
                yield Pool.avgPool2d(x, window, strides, pad, false, true).div(inside);
            }
        };
    }
}
