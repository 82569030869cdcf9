package dev.citra.model;

import ai.djl.nn.Block;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The Keras names of the layers of one network, recorded while an architecture builds it
 * ({@code names.add(conv, "Conv1")}). Weight import matches Keras weights by these names and
 * {@code model summary} prints them; a network without a Keras layout records none.
 */
public final class KerasNames {
    private final Map<Block, String> names = new IdentityHashMap<>();

    /** Records {@code name} for {@code block} and returns the block, to use inline in {@code add(...)}. */
    public <B extends Block> B add(B block, String name) {
        names.put(block, name);
        return block;
    }

    /** The recorded name, or null. */
    public String of(Block block) {
        return names.get(block);
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }
}
