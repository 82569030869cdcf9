package dev.citra.train;

import java.util.Map;

/**
 * The loop state saved with every {@code last/} checkpoint, so {@code --resume} continues
 * exactly: the completed epoch, the learning rate, and each stateful listener's counters.
 */
public record TrainingState(int epoch, double learningRate, Map<String, Map<String, Object>> listeners) {
    public TrainingState {
        listeners = listeners == null ? Map.of() : Map.copyOf(listeners);
    }
}
