package dev.citra.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A classifier compiled for inference: a list of {@link Node}s in the order they run, from the
 * {@link Op.Input} (node 0) to the logits (the last node). Immutable; runtimes
 * ({@link TorchGraph}, ONNX) and writers ({@link OnnxWriter}) take it as it is.
 */
public final class InferenceGraph {
    private final List<Node> nodes;

    /** @param nodes in running order, node 0 the input and the last node the logits */
    public InferenceGraph(List<Node> nodes) {
        if (nodes.isEmpty() || !(nodes.get(0).op() instanceof Op.Input)) {
            throw new IllegalArgumentException("An inference graph starts with its input");
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).id() != i) {
                throw new IllegalArgumentException("Node " + i + " has id " + nodes.get(i).id());
            }
        }
        this.nodes = List.copyOf(nodes);
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Op.Input input() {
        return (Op.Input) nodes.get(0).op();
    }

    /** The node whose output is the logits. */
    public Node output() {
        return nodes.get(nodes.size() - 1);
    }

    /** For each node, the ids of the nodes that read it. */
    public List<List<Integer>> consumers() {
        List<List<Integer>> out = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            out.add(new ArrayList<>());
        }
        for (Node n : nodes) {
            for (int in : n.inputs()) {
                out.get(in).add(n.id());
            }
        }
        return out.stream().map(Collections::unmodifiableList).toList();
    }

    /** How many nodes of each operation the graph has, by name: a one-line picture of it. */
    public Map<String, Integer> opCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Node n : nodes) {
            counts.merge(n.op().getClass().getSimpleName(), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public String toString() {
        return "InferenceGraph" + opCounts();
    }
}
