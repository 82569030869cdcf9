package dev.citra.train.optim;

import ai.djl.ndarray.NDManager;
import dev.citra.model.TrainableModel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Updates a network's trainable parameters from their gradients, and owns its state (moments,
 * step count) so that a run can be saved and resumed exactly.
 */
public interface Optimizer extends AutoCloseable {
    /** {@code adam}, {@code adamw}, {@code sgd} or {@code rmsprop}. */
    String name();

    /**
     * Applies one update with learning rate {@code lr} and zeroes the gradients. Temporary
     * arrays live on {@code scope}.
     */
    void step(TrainableModel network, float lr, NDManager scope);

    /** Number of updates applied so far. */
    long steps();

    /** Writes the state (step count and every per-parameter array). */
    void save(DataOutputStream out) throws IOException;

    /** Reads state written by {@link #save(DataOutputStream)} for the same network. */
    void load(DataInputStream in, TrainableModel network) throws IOException;

    @Override
    void close();
}
