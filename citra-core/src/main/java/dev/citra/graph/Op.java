package dev.citra.graph;

import java.util.Arrays;

/**
 * One operation of an {@link InferenceGraph}, in inference mode only: its constants are plain
 * float arrays laid out as PyTorch and ONNX both lay them out (convolution weights
 * (out, in/groups, kh, kw), dense weights (out, in)), so that any runtime can take them.
 */
public sealed interface Op {
    /** The network's input: (N, channels, size, size) images. */
    record Input(int channels, int size) implements Op {}

    /**
     * A 2-D convolution with its bias; {@code pads} are (top, left, bottom, right) zeros, which may
     * differ side to side (Keras's 'same' before a stride-2 layer).
     */
    record Conv(float[] weight, float[] bias, int outChannels, int inPerGroup, int kernelH, int kernelW,
            int strideH, int strideW, int[] pads, int groups) implements Op {
        public Conv {
            if (weight.length != (long) outChannels * inPerGroup * kernelH * kernelW || bias.length != outChannels) {
                throw new IllegalArgumentException("Convolution weights do not match their shape");
            }
            pads = pads.clone();
        }

        /** Whether the padding is the same on opposite sides, as libtorch's convolution wants it. */
        public boolean symmetric() {
            return pads[0] == pads[2] && pads[1] == pads[3];
        }

        @Override
        public String toString() {
            return "Conv" + Arrays.asList(outChannels, inPerGroup * groups, kernelH + "x" + kernelW,
                    "stride " + strideH + "x" + strideW, "pads " + Arrays.toString(pads), "groups " + groups);
        }
    }

    /** A fully connected layer: {@code x · weightᵀ + bias}, weight (out, in). */
    record Dense(float[] weight, float[] bias, int out, int in) implements Op {
        public Dense {
            if (weight.length != (long) out * in || bias.length != out) {
                throw new IllegalArgumentException("Dense weights do not match their shape");
            }
        }

        @Override
        public String toString() {
            return "Dense[" + in + " -> " + out + "]";
        }
    }

    /** {@code x · scale + shift} per channel (axis 1): a BatchNorm that had no layer to fold into. */
    record Scale(float[] scale, float[] shift) implements Op {
        @Override
        public String toString() {
            return "Scale[" + scale.length + "]";
        }
    }

    /** max(x, 0). */
    record Relu() implements Op {}

    /** min(max(x, min), max): ReLU6 is (0, 6). */
    record Clip(float min, float max) implements Op {}

    /** Zeros around (N, C, H, W): (top, left, bottom, right). */
    record Pad(int top, int left, int bottom, int right) implements Op {}

    /** Max pooling, no padding. */
    record MaxPool(int size, int stride) implements Op {}

    /** Average pooling, no padding. */
    record AvgPool(int size, int stride) implements Op {}

    /** Stride-1 average pooling with 'same' padding that averages only the taps inside the image. */
    record AvgPoolSame(int size) implements Op {}

    /** Average (or max) over H and W: (N, C, H, W) → (N, C). */
    record GlobalPool(boolean max) implements Op {}

    /** (N, ...) → (N, rest). */
    record Flatten() implements Op {}

    /** The sum of its inputs. */
    record Add() implements Op {}

    /** Its inputs side by side along the channel axis. */
    record Concat() implements Op {}
}
