package dev.citra.train;

import java.util.Map;

/** A listener whose counters must survive a {@code --resume} (best value, patience waited). */
public interface Stateful {
    /** The key its state is stored under in {@code training_state.json}. */
    String stateKey();

    Map<String, Object> saveState();

    void restoreState(Map<String, Object> state);
}
