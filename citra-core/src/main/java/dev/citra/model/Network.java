package dev.citra.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.util.Devices;
import dev.citra.util.Engines;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A classifier network with its parameters: the block, the manager that owns the parameter
 * arrays, and what it was built from (architecture, input, labels). Close it to free native
 * memory.
 */
public final class Network extends TrainableModel {
    private final ArchitectureSpec architecture;
    private final ImageSpec input;
    private final List<String> labels;
    private final boolean hasBackbone;
    private final Set<Block> frozen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Block> partlyFrozen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Parameter> frozenParameters = new ArrayList<>();
    private int frozenBlocks;
    private int trainableBlocks;

    private Network(ArchitectureSpec architecture, ImageSpec input, List<String> labels, Block block, NDManager manager,
            boolean hasBackbone) {
        super(block, manager);
        this.hasBackbone = hasBackbone;
        this.architecture = architecture;
        this.input = input;
        this.labels = List.copyOf(labels);
    }

    /**
     * Builds and initialises a network (Glorot-uniform weights, as Keras) with a seeded engine
     * random generator, so the same seed gives the same initial weights. It lives on the process's
     * device ({@link Devices#configured}).
     */
    public static Network create(ArchitectureRegistry registry, ArchitectureSpec spec, ImageSpec input,
            List<String> labels, long seed) {
        Engine engine = Engines.pytorch();
        engine.setRandomSeed((int) seed);
        Device device = Devices.configured(engine);
        Block block = registry.build(spec, labels.size(), input);
        NDManager manager = engine.newBaseManager(device);
        try {
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, input.channels(), input.size(), input.size()));
        } catch (RuntimeException e) {
            manager.close();
            closeLayers(block);
            if (e instanceof CitraException) {
                throw e;
            }
            throw new CitraException("Model '" + spec.name() + "' cannot take " + input.size() + "x" + input.size()
                    + " input: " + e.getMessage() + " Use a larger --img-size or fewer pooling layers.", e);
        }
        return new Network(spec, input, labels, block, manager,
                registry.get(spec.name()) instanceof BackboneArchitecture);
    }

    public ArchitectureSpec architecture() {
        return architecture;
    }

    public ImageSpec input() {
        return input;
    }

    public List<String> labels() {
        return labels;
    }

    /**
     * Runs a batch of {@code n} images (CHW tensors, concatenated in {@code pixels}) and returns
     * logits (n, classes) on {@code scope}.
     */
    public NDArray forward(NDManager scope, float[] pixels, int n, boolean training) {
        NDArray x = scope.create(FloatBuffer.wrap(pixels, 0, n * input.tensorLength()),
                new Shape(n, input.channels(), input.size(), input.size()));
        return forward(x, training);
    }

    /**
     * Runs a batch already on a manager. Frozen layers always run in inference mode, so their
     * BatchNorm statistics stay those of the pretrained weights.
     */
    public NDArray forward(NDArray images, boolean training) {
        return run(block(), new NDList(ChannelsLast.of(images)), training).singletonOrThrow();
    }

    private NDList run(Block b, NDList x, boolean training) {
        if (!training || frozen.isEmpty()) {
            return b.forward(parameterStore(), x, training);
        }
        if (frozen.contains(b)) {
            return b.forward(parameterStore(), x, false);
        }
        if (!partlyFrozen.contains(b)) {
            return b.forward(parameterStore(), x, true);
        }
        // Only sequential blocks are frozen in part (see freeze), so their children run in turn.
        for (Pair<String, Block> child : b.getChildren()) {
            x = run(child.getValue(), x, true);
        }
        return x;
    }

    /**
     * Freezes the backbone, keeping its last {@code trainableBlocks} blocks trainable: their
     * parameters stop learning and they run in inference mode. For a backbone network
     * ({@link BackboneArchitecture}) the blocks are the backbone's stem, blocks and last layers and
     * the head always trains; for another network the backbone is every top-level layer before
     * the head (the last weighted layer and the weightless layers just before it) and its blocks
     * are its weighted layers. Returns the number of blocks frozen.
     */
    public int freeze(int trainableBlocks) {
        if (trainableBlocks < 0) {
            throw new CitraException("--trainable-blocks must be 0 or more, not " + trainableBlocks + ".");
        }
        unfreeze();
        List<Block> layers = block().getChildren().values();
        if (layers.isEmpty()) {
            throw new CitraException("Model '" + architecture.name() + "' has no layers to freeze.");
        }
        List<Block> candidates;
        Block container;
        if (hasBackbone) {
            container = layers.get(0);
            candidates = container.getChildren().values();
        } else {
            container = block();
            int lastWeighted = -1;
            int previousWeighted = -1;
            for (int i = 0; i < layers.size(); i++) {
                if (!layers.get(i).getParameters().isEmpty()) {
                    previousWeighted = lastWeighted;
                    lastWeighted = i;
                }
            }
            candidates = layers.subList(0, previousWeighted + 1);
        }
        // Count trainable blocks from the end, among the ones that have weights.
        int keep = trainableBlocks;
        int end = candidates.size();
        while (keep > 0 && end > 0) {
            end--;
            if (!candidates.get(end).getParameters().isEmpty()) {
                keep--;
            }
        }
        if (keep > 0) {
            throw new CitraException("--trainable-blocks " + trainableBlocks + " is more than the "
                    + (trainableBlocks - keep) + " blocks the backbone of '" + architecture.name()
                    + "' has: use a smaller number, or --freeze none to train everything.");
        }
        int count = 0;
        for (int i = 0; i < end; i++) {
            Block b = candidates.get(i);
            frozen.add(b);
            count++;
            for (Pair<String, Parameter> p : b.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().freeze(true);
                    frozenParameters.add(p.getValue());
                }
            }
        }
        if (count > 0) {
            partlyFrozen.add(block());
            if (container != block() && end < candidates.size()) {
                partlyFrozen.add(container);
            } else if (container != block()) {
                frozen.removeAll(candidates); // the whole backbone is frozen: run it as one
                frozen.add(container);
            }
        }
        frozenBlocks = count;
        this.trainableBlocks = trainableBlocks;
        return count;
    }

    /**
     * Freezes (true) or releases the moving statistics of the backbone's normalisation layers (every
     * one, for a network without a separate backbone): frozen, they normalise with their moving mean
     * and variance in training passes too and leave them alone, while their scale and offset learn.
     * Returns the number of layers set.
     */
    public int freezeBackboneStatistics(boolean frozen) {
        Block scope = hasBackbone ? block().getChildren().values().get(0) : block();
        List<NormLayer> norms = new ArrayList<>();
        collectNorms(scope, norms);
        norms.forEach(n -> n.freezeStatistics(frozen));
        return norms.size();
    }

    private static void collectNorms(Block b, List<NormLayer> out) {
        if (b instanceof NormLayer norm) {
            out.add(norm);
        }
        for (Pair<String, Block> child : b.getChildren()) {
            collectNorms(child.getValue(), out);
        }
    }

    /** Freezes the whole backbone; see {@link #freeze(int)}. */
    public int freezeBackbone() {
        return freeze(0);
    }

    /** Makes every frozen parameter learn again (BatchNorm statistics stay non-trainable). */
    public void unfreeze() {
        for (Parameter p : frozenParameters) {
            p.freeze(false);
        }
        frozenParameters.clear();
        frozen.clear();
        partlyFrozen.clear();
        frozenBlocks = 0;
    }

    /** Number of backbone blocks that are frozen (0 when everything trains). */
    public int frozenBlocks() {
        return frozenBlocks;
    }

    /**
     * The number of leading top-level layers whose output can be computed once and reused: the
     * wholly frozen backbone (it runs in inference mode), then any weightless, deterministic
     * layers after it (pooling, flatten, activations; not dropout). 0 when nothing is frozen whole,
     * e.g. with trainable backbone blocks.
     */
    public int cacheablePrefix() {
        List<Block> layers = block().getChildren().values();
        int p = 0;
        while (p < layers.size() && frozen.contains(layers.get(p))) {
            p++;
        }
        if (p == 0) {
            return 0;
        }
        while (p < layers.size() - 1 && layers.get(p).getParameters().isEmpty()
                && !(layers.get(p) instanceof Dropout)) {
            p++;
        }
        return p;
    }

    /** The shape of one image's output of the first {@code prefix} layers, without the batch axis. */
    public Shape prefixOutputShape(int prefix) {
        Shape[] shapes = {new Shape(1, input.channels(), input.size(), input.size())};
        List<Block> layers = block().getChildren().values();
        for (int i = 0; i < prefix; i++) {
            shapes = layers.get(i).getOutputShapes(shapes);
        }
        return shapes[0].slice(1);
    }

    /** Runs the first {@code prefix} top-level layers in inference mode: the features to cache. */
    public NDArray forwardPrefix(NDArray images, int prefix) {
        NDList x = new NDList(ChannelsLast.of(images));
        List<Block> layers = block().getChildren().values();
        for (int i = 0; i < prefix; i++) {
            x = layers.get(i).forward(parameterStore(), x, false);
        }
        return x.singletonOrThrow();
    }

    /** Runs the top-level layers from {@code prefix} on: logits from cached features. */
    public NDArray forwardFrom(NDArray features, int prefix, boolean training) {
        NDList x = new NDList(features);
        List<Block> layers = block().getChildren().values();
        for (int i = prefix; i < layers.size(); i++) {
            x = layers.get(i).forward(parameterStore(), x, training);
        }
        return x.singletonOrThrow();
    }

    @Override
    protected String describe() {
        return "The weights do not fit a '" + architecture.name() + "' network with " + labels.size() + " classes";
    }

    @Override
    protected void afterLoad() {
        // A layer may load as new Parameter objects (a TorchScript module does): freeze those again.
        if (frozenBlocks > 0) {
            freeze(trainableBlocks);
        }
    }

    /** Reads parameters written by {@link #saveParameters} for the same architecture. */
    @Override
    public void loadParameters(DataInputStream in) throws IOException {
        try {
            super.loadParameters(in);
        } catch (IOException e) {
            if (e.getCause() instanceof ai.djl.MalformedModelException) {
                throw new CitraException(e.getMessage(), e.getCause());
            }
            throw e;
        }
    }

    @Override
    public void close() {
        super.close();
        closeLayers(block());
    }

    /** Frees layers that own native resources of their own (a loaded TorchScript module). */
    private static void closeLayers(Block block) {
        for (Block node : Layers.nodes(block)) {
            if (node instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Could not free " + node.getClass().getSimpleName(), e);
                }
            }
        }
    }
}
