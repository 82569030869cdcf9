package dev.citra.train;

import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.model.Network;
import dev.citra.train.optim.Optimizer;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A checkpoint on disk: a {@link ModelBundle} plus what {@code --resume} needs, the optimizer
 * state ({@value #OPTIMIZER}) and the loop state ({@value #TRAINING_STATE}), written into the
 * bundle folder before it is renamed into place. Inference reads the bundle and ignores the rest.
 */
public final class Checkpoint {
    public static final String OPTIMIZER = "optimizer.state";
    public static final String TRAINING_STATE = "training_state.json";

    private Checkpoint() {}

    /**
     * Writes a checkpoint to {@code dir}, replacing what was there only once the new one is complete.
     *
     * @param optimizer optimizer state to save for resuming, or null
     * @param trainingState loop state for resuming, or null
     */
    public static void save(Path dir, Network network, BundleMetadata metadata, Optimizer optimizer,
            TrainingState trainingState) {
        ModelBundle.save(dir, network, metadata, files(optimizer, trainingState));
    }

    /** The files a checkpoint adds to a bundle of any task (null entries for what is not given). */
    public static ModelBundle.ExtraFile[] files(Optimizer optimizer, TrainingState trainingState) {
        return new ModelBundle.ExtraFile[] {
            optimizer == null ? null : staged -> {
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        Files.newOutputStream(staged.resolve(OPTIMIZER))))) {
                    optimizer.save(out);
                }
            },
            trainingState == null ? null
                    : staged -> ModelBundle.json().writeValue(staged.resolve(TRAINING_STATE).toFile(), trainingState)
        };
    }
}
