package dev.citra.model;

import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layers of a network in the order a Keras functional model lists them ({@code model.layers}),
 * which is the order of the layers in a Keras {@code .h5} weight file and the order Keras loads
 * such a file by when it does not match names. Keras sorts layers by their depth (the longest path
 * to the output), deepest first, and breaks ties by the order a depth-first walk from the output
 * meets them; so the branches of an Inception block come interleaved, not one after the other as
 * {@link Layers#nodes} lists them.
 *
 * <p>The layers are those of {@link Layers#nodes}: every block that is not a sequential container,
 * and each merge ({@link Add}, {@link Concatenate}), whose inputs are its branches' outputs in branch
 * order (an identity branch passes the merge's input through).
 */
public final class KerasLayerOrder {
    private KerasLayerOrder() {}

    /** The layers of {@code network} in Keras's {@code model.layers} order (the input layer left out). */
    public static List<Block> of(Block network) {
        Node input = new Node(null, List.of());
        Node output = wire(network, input);
        Map<Node, Integer> firstSeen = new IdentityHashMap<>();
        List<Node> inputsFirst = new ArrayList<>();
        walkFromOutput(output, firstSeen, Collections.newSetFromMap(new IdentityHashMap<>()), inputsFirst);
        Map<Node, Integer> depth = new IdentityHashMap<>();
        for (int i = inputsFirst.size() - 1; i >= 0; i--) {
            Node node = inputsFirst.get(i);
            int d = depth.getOrDefault(node, 0);
            depth.put(node, d);
            for (Node in : node.inputs) {
                depth.merge(in, d + 1, Math::max);
            }
        }
        List<Node> layers = new ArrayList<>(inputsFirst);
        layers.remove(input);
        layers.sort(Comparator.<Node>comparingInt(n -> -depth.get(n)).thenComparingInt(firstSeen::get));
        List<Block> out = new ArrayList<>(layers.size());
        for (Node n : layers) {
            out.add(n.block);
        }
        return out;
    }

    /** One Keras layer (by identity): a block and the layers whose outputs it takes. */
    private static final class Node {
        final Block block;
        final List<Node> inputs;

        Node(Block block, List<Node> inputs) {
            this.block = block;
            this.inputs = inputs;
        }
    }

    /** Adds {@code block}'s layers on top of {@code in}; returns the layer whose output is the block's. */
    private static Node wire(Block block, Node in) {
        if (block instanceof SequentialBlock) {
            Node last = in;
            for (Pair<String, Block> child : block.getChildren()) {
                last = wire(child.getValue(), last);
            }
            return last;
        }
        if (block instanceof ParallelBlock) {
            List<Node> branches = new ArrayList<>();
            for (Pair<String, Block> child : block.getChildren()) {
                branches.add(Layers.isIdentity(child.getValue()) ? in : wire(child.getValue(), in));
            }
            return new Node(block, List.copyOf(branches));
        }
        return new Node(block, List.of(in));
    }

    /**
     * Keras's depth-first walk from the output through each layer's inputs in order: numbers layers
     * when first met and lists them once all their inputs are listed (inputs first).
     */
    private static void walkFromOutput(Node node, Map<Node, Integer> firstSeen, Set<Node> finished,
            List<Node> inputsFirst) {
        if (finished.contains(node)) {
            return;
        }
        firstSeen.putIfAbsent(node, firstSeen.size());
        for (Node in : node.inputs) {
            walkFromOutput(in, firstSeen, finished, inputsFirst);
        }
        finished.add(node);
        inputsFirst.add(node);
    }
}
