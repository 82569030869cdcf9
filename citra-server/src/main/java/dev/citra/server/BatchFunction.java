package dev.citra.server;

/** One forward pass over a batch of pre-processed image tensors: one row of scores per image. */
@FunctionalInterface
public interface BatchFunction {
    float[][] apply(float[][] tensors);
}
