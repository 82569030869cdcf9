package dev.citra.model;

import ai.djl.ndarray.types.Shape;

/**
 * Keras's {@code ZeroPadding2D} on (N, C, H, W): zeros added on each side. A block of its own (not
 * an anonymous lambda) so that the inference compiler can read the amounts and merge them into
 * the convolution that follows; it saves as the lambda block it replaces did.
 */
public final class ZeroPad extends ShapedLambdaBlock {
    private final int left;
    private final int right;
    private final int top;
    private final int bottom;

    public ZeroPad(int left, int right, int top, int bottom) {
        super(x -> x.pad(new Shape(left, right, top, bottom), 0), "zero_pad",
                s -> new Shape(s.get(0), s.get(1), s.get(2) + top + bottom, s.get(3) + left + right));
        this.left = left;
        this.right = right;
        this.top = top;
        this.bottom = bottom;
    }

    public int left() {
        return left;
    }

    public int right() {
        return right;
    }

    public int top() {
        return top;
    }

    public int bottom() {
        return bottom;
    }
}
