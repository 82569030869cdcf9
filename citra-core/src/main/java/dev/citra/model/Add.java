package dev.citra.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import java.util.List;

/** Runs its branches on the same input and sums their outputs: Keras's {@code Add} after residual branches. */
public final class Add extends ParallelBlock {
    public Add(List<Block> branches) {
        super(Add::sum, branches);
    }

    private static NDList sum(List<NDList> outputs) {
        NDArray total = outputs.get(0).singletonOrThrow();
        for (int i = 1; i < outputs.size(); i++) {
            total = total.add(outputs.get(i).singletonOrThrow());
        }
        return new NDList(total);
    }
}
