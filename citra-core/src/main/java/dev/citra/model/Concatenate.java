package dev.citra.model;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import java.util.List;

/**
 * Runs its branches on the same input and concatenates their outputs along the channel axis:
 * Keras's {@code Concatenate} after Inception branches and in DenseNet's dense blocks.
 */
public final class Concatenate extends ParallelBlock {
    public Concatenate(List<Block> branches) {
        super(Concatenate::concat, branches);
    }

    private static NDList concat(List<NDList> outputs) {
        NDList parts = new NDList(outputs.size());
        for (NDList o : outputs) {
            parts.add(o.singletonOrThrow());
        }
        return new NDList(NDArrays.concat(parts, 1));
    }
}
