package dev.citra.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.citra.CitraException;
import dev.citra.model.TrainableModel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping all optimizers share: per-parameter state arrays keyed by the parameter's
 * stable path name, gradient zeroing, and the save format.
 */
abstract class StatefulOptimizer implements Optimizer {
    private static final int MAGIC = 0x43495452; // "CITR"
    private static final int FORMAT = 1;

    protected final float weightDecay;
    private final int slots;
    private final Map<String, NDArray[]> state = new LinkedHashMap<>();
    private NDManager stateManager;
    private long steps;
    private boolean fused = true;

    protected StatefulOptimizer(float weightDecay, int slots) {
        this.weightDecay = weightDecay;
        this.slots = slots;
    }

    /**
     * Updates {@code weight} in place from {@code grad} (weight decay already added). All arrays
     * have been attached to a step scope for the call, so temporaries die with it.
     */
    protected abstract void update(NDArray weight, NDArray grad, NDArray[] slotArrays, float lr, long step);

    /**
     * A fused native update that also applies weight decay and zeroes the gradient, or false
     * when the optimizer has none (then {@link #update} runs on Java-side arrays).
     */
    protected boolean fusedUpdate(NDArray weight, NDArray grad, NDArray[] slotArrays, float lr, long step) {
        return false;
    }

    /** Turns the fused path off (for engines without it, and to test one path against the other). */
    public void disableFusedUpdate() {
        fused = false;
    }

    @Override
    public final void step(TrainableModel network, float lr, NDManager scope) {
        steps++;
        if (stateManager == null) {
            stateManager = network.manager().newSubManager();
        }
        for (Pair<String, Parameter> p : network.trainableParameters()) {
            NDArray weight = p.getValue().getArray();
            if (!weight.hasGradient()) {
                continue;
            }
            NDArray[] slotArrays = state.computeIfAbsent(p.getKey(), k -> newSlots(weight));
            NDArray grad = weight.getGradient();
            if (fused && fusedUpdate(weight, grad, slotArrays, lr, steps)) {
                grad.close();
                continue;
            }
            try (NDManager step = scope.newSubManager()) {
                grad.attach(step);
                weight.tempAttach(step);
                for (NDArray s : slotArrays) {
                    s.tempAttach(step);
                }
                NDArray g = weightDecay > 0 ? grad.add(weight.mul(weightDecay)) : grad;
                update(weight, g, slotArrays, lr, steps);
                grad.muli(0);
            }
        }
    }

    private NDArray[] newSlots(NDArray weight) {
        NDArray[] arrays = new NDArray[slots];
        for (int i = 0; i < slots; i++) {
            arrays[i] = stateManager.zeros(weight.getShape(), weight.getDataType());
        }
        return arrays;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeUTF(name());
        out.writeLong(steps);
        out.writeInt(state.size());
        for (Map.Entry<String, NDArray[]> e : state.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            for (NDArray a : e.getValue()) {
                byte[] bytes = a.encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    @Override
    public void load(DataInputStream in, TrainableModel network) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
            throw new CitraException("The optimizer state file is not one citra wrote: resume from a run's last/ folder.");
        }
        String saved = in.readUTF();
        if (!saved.equals(name())) {
            throw new CitraException("The run was trained with optimizer '" + saved + "', not '" + name()
                    + "': resume with --optimizer " + saved + ".");
        }
        if (stateManager == null) {
            stateManager = network.manager().newSubManager();
        }
        steps = in.readLong();
        int entries = in.readInt();
        List<String> known = network.trainableParameters().stream().map(Pair::getKey).toList();
        for (int i = 0; i < entries; i++) {
            String key = in.readUTF();
            int n = in.readInt();
            NDArray[] arrays = new NDArray[n];
            for (int j = 0; j < n; j++) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                arrays[j] = NDArray.decode(stateManager, bytes);
            }
            if (!known.contains(key)) {
                throw new CitraException("The optimizer state has parameter '" + key
                        + "' that this network does not: the run belongs to another architecture.");
            }
            state.put(key, arrays);
        }
    }

    @Override
    public void close() {
        if (stateManager != null) {
            stateManager.close();
        }
        state.clear();
    }
}
