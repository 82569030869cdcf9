package dev.citra.model;

import ai.djl.nn.Block;

/**
 * A model file run by an engine of its own as a weightless, inference-only block; closing it
 * frees that engine's session.
 */
public interface FrozenModel extends Block, AutoCloseable {
    @Override
    void close();
}
