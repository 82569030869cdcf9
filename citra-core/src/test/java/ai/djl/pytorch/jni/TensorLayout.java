package ai.djl.pytorch.jni;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;

/** For tests: asks libtorch how an array is stored, which DJL's public API does not say. */
public final class TensorLayout {
    private TensorLayout() {
    }

    /** Whether the array is stored in the default row-major order (libtorch's {@code is_contiguous()}). */
    public static boolean rowMajor(NDArray array) {
        return PyTorchLibrary.LIB.torchIsContiguous(((PtNDArray) array).getHandle());
    }
}
