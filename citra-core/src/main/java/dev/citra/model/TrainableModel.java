package dev.citra.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the training loop, the optimizers and the checkpoints need of any model, whatever its task:
 * one DJL block, the manager that owns its parameter arrays, and the parameters that learn. A
 * classifier ({@link Network}) and a caption decoder are both one; close it to free native memory.
 */
public abstract class TrainableModel implements AutoCloseable {
    private final Block block;
    private final NDManager manager;
    private ParameterStore parameterStore;

    protected TrainableModel(Block block, NDManager manager) {
        this.block = block;
        this.manager = manager;
        this.parameterStore = new ParameterStore(manager, false);
    }

    public Block block() {
        return block;
    }

    /** The manager that owns the parameters; create per-step sub-managers from it. */
    public NDManager manager() {
        return manager;
    }

    /** The store a forward pass reads the parameters through. */
    protected ParameterStore parameterStore() {
        return parameterStore;
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

    /**
     * The name of the first parameter holding a NaN or an infinity ({@code trainableOnly}: among the
     * ones that learn), or null when all are finite. One sum per parameter and a single read-back,
     * cheap enough to run after every training step.
     */
    public String firstNonFiniteParameter(boolean trainableOnly) {
        List<Pair<String, Parameter>> params = trainableOnly ? trainableParameters() : block.getParameters().stream()
                .filter(p -> p.getValue().isInitialized()).toList();
        if (params.isEmpty()) {
            return null;
        }
        try (NDManager scope = manager.newSubManager()) {
            NDList sums = new NDList(params.size());
            for (Pair<String, Parameter> p : params) {
                NDArray sum = p.getValue().getArray().sum();
                sum.attach(scope);
                sums.add(sum);
            }
            float[] values = NDArrays.stack(sums).toFloatArray();
            for (int i = 0; i < values.length; i++) {
                // A finite sum means every value is finite; an overflowing one is as broken.
                if (!Float.isFinite(values[i])) {
                    return params.get(i).getKey();
                }
            }
            return null;
        }
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

    /** Reads parameters written by {@link #saveParameters(DataOutputStream)} for the same model. */
    public void loadParameters(DataInputStream in) throws IOException {
        try {
            block.loadParameters(manager, in);
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException(describe() + ": " + e.getMessage(), e);
        }
        // The store caches each parameter's array on first use; loading made new arrays.
        parameterStore = new ParameterStore(manager, false);
        afterLoad();
        // Loaded arrays come without autograd; the ones that learn must get it back.
        for (Pair<String, Parameter> p : block.getParameters()) {
            p.getValue().getArray().setRequiresGradient(p.getValue().requiresGradient());
        }
    }

    /** What weights that do not fit were meant for, for the message. */
    protected abstract String describe();

    /** Runs after new parameter arrays were read, before autograd is set on the ones that learn. */
    protected void afterLoad() {}

    @Override
    public void close() {
        manager.close();
    }
}
