package dev.citra.graph;

import java.util.List;

/**
 * One step of an {@link InferenceGraph}: an operation on the outputs of earlier nodes.
 *
 * @param id the node's index in its graph
 * @param op what it computes
 * @param inputs ids of the nodes it reads, all smaller than {@code id}
 * @param rank the number of axes of its output (4 for feature maps, 2 for vectors)
 */
public record Node(int id, Op op, List<Integer> inputs, int rank) {
    public Node {
        inputs = List.copyOf(inputs);
        for (int in : inputs) {
            if (in < 0 || in >= id) {
                throw new IllegalArgumentException("Node " + id + " reads node " + in + ", which does not come before it");
            }
        }
    }

    /** The single input of a one-input operation. */
    public int input() {
        return inputs.get(0);
    }
}
