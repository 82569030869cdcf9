package dev.citra.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * min(max(x, 0), 6), fast in both directions. libtorch's backward of clamp (and of DJL's
 * relu-then-minimum) goes through where/compare kernels that cost more than the convolutions
 * around them, so training computes 6 − relu(6 − relu(x)) (two cheap threshold backwards);
 * inference, with no backward, uses a single clamp.
 */
public final class Relu6 extends AbstractBlock {
    private static final byte VERSION = 1;

    public Relu6() {
        super(VERSION);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (training) {
            NDArray inner = x.getNDArrayInternal().relu().neg().addi(6);
            return new NDList(inner.getNDArrayInternal().relu().neg().addi(6));
        }
        return new NDList(x.clip(0, 6));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
