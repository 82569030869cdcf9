package dev.citra.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.util.Engines;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A classifier network with its parameters: the block, the manager that owns the parameter
 * arrays, and what it was built from (architecture, input, labels). Close it to free native
 * memory.
 */
public final class Network implements AutoCloseable {
    private final ArchitectureSpec architecture;
    private final ImageSpec input;
    private final List<String> labels;
    private final Block block;
    private final NDManager manager;
    private final ParameterStore parameterStore;
    private int frozenLayers;

    private Network(ArchitectureSpec architecture, ImageSpec input, List<String> labels, Block block, NDManager manager) {
        this.architecture = architecture;
        this.input = input;
        this.labels = List.copyOf(labels);
        this.block = block;
        this.manager = manager;
        this.parameterStore = new ParameterStore(manager, false);
    }

    /**
     * Builds and initialises a network (Glorot-uniform weights, as Keras) with a seeded engine
     * random generator, so the same seed gives the same initial weights.
     */
    public static Network create(ArchitectureRegistry registry, ArchitectureSpec spec, ImageSpec input,
            List<String> labels, long seed) {
        Engine engine = Engines.pytorch();
        engine.setRandomSeed((int) seed);
        Block block = registry.build(spec, labels.size(), input);
        NDManager manager = engine.newBaseManager();
        try {
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, input.channels(), input.size(), input.size()));
        } catch (RuntimeException e) {
            manager.close();
            if (e instanceof CitraException) {
                throw e;
            }
            throw new CitraException("Model '" + spec.name() + "' cannot take " + input.size() + "x" + input.size()
                    + " input: " + e.getMessage() + " Use a larger --img-size or fewer pooling layers.", e);
        }
        return new Network(spec, input, labels, block, manager);
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

    public Block block() {
        return block;
    }

    /** The manager that owns the parameters; create per-step sub-managers from it. */
    public NDManager manager() {
        return manager;
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
        if (frozenLayers == 0 || !training) {
            return block.forward(parameterStore, new NDList(images), training).singletonOrThrow();
        }
        NDList x = new NDList(images);
        int i = 0;
        for (Pair<String, Block> layer : block.getChildren()) {
            x = layer.getValue().forward(parameterStore, x, i++ >= frozenLayers);
        }
        return x.singletonOrThrow();
    }

    /**
     * Freezes the backbone: every top-level layer before the head (the last weighted layer and
     * the weightless layers just before it, e.g. pooling and dropout). Their parameters stop
     * learning and they run in inference mode. Returns the number of layers frozen.
     */
    public int freezeBackbone() {
        List<Block> layers = block.getChildren().values();
        if (layers.isEmpty()) {
            throw new CitraException("Model '" + architecture.name() + "' has no layers to freeze.");
        }
        int lastWeighted = -1;
        int previousWeighted = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (!layers.get(i).getParameters().isEmpty()) {
                previousWeighted = lastWeighted;
                lastWeighted = i;
            }
        }
        frozenLayers = previousWeighted + 1;
        for (int i = 0; i < frozenLayers; i++) {
            layers.get(i).freezeParameters(true);
        }
        return frozenLayers;
    }

    /** Number of leading top-level layers that are frozen (0 when everything trains). */
    public int frozenLayers() {
        return frozenLayers;
    }

    /** The parameters that learn (everything but BatchNorm running statistics and frozen ones). */
    public List<Pair<String, Parameter>> trainableParameters() {
        List<Pair<String, Parameter>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p);
            }
        }
        return out;
    }

    /** Total number of parameter values, including BatchNorm statistics (as Keras counts). */
    public long parameterCount() {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    /** Number of values that training updates. */
    public long trainableParameterCount() {
        long n = 0;
        for (Pair<String, Parameter> p : trainableParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    /** A copy of every parameter's values, to restore the best weights later. */
    public Map<String, float[]> snapshot() {
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            copy.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return copy;
    }

    /** Writes values taken by {@link #snapshot()} back into the parameters. */
    public void restore(Map<String, float[]> snapshot) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            float[] values = snapshot.get(p.getKey());
            if (values == null) {
                throw new IllegalArgumentException("snapshot has no parameter " + p.getKey());
            }
            p.getValue().getArray().set(FloatBuffer.wrap(values));
        }
    }

    /** Writes the parameters in DJL's format. */
    public void saveParameters(DataOutputStream out) throws IOException {
        block.saveParameters(out);
    }

    /** Reads parameters written by {@link #saveParameters(DataOutputStream)} for the same architecture. */
    public void loadParameters(DataInputStream in) throws IOException {
        try {
            block.loadParameters(manager, in);
            // Loaded arrays come without autograd; the ones that learn must get it back.
            for (Pair<String, Parameter> p : block.getParameters()) {
                p.getValue().getArray().setRequiresGradient(p.getValue().requiresGradient());
            }
        } catch (ai.djl.MalformedModelException e) {
            throw new CitraException("The weights do not fit a '" + architecture.name() + "' network with "
                    + labels.size() + " classes: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
