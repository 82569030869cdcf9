package dev.citra.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.citra.CitraException;
import dev.citra.util.Engines;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TorchScript module ({@code torch.jit.save}, {@code .pt}) as a backbone block for the PyTorch
 * engine: (N, C, H, W) images in, whatever the module returns out. Trainable, its parameters
 * learn; frozen, they do not and the module always runs in eval mode, because DJL switches the
 * whole module to training mode on a training forward, which would move BatchNorm statistics
 * under frozen weights.
 */
public final class TorchScriptBackbone implements AutoCloseable {
    private final Model model;
    private final Block block;

    private TorchScriptBackbone(Model model, boolean trainable) {
        this.model = model;
        this.block = new ModeGuard(model, trainable);
    }

    /**
     * Loads a TorchScript file; {@code trainable} makes its parameters learn. Close it to free
     * the native module.
     */
    public static TorchScriptBackbone load(Path file, boolean trainable) {
        if (!Files.isRegularFile(file)) {
            throw new CitraException("TorchScript file " + file + " does not exist: pass a .pt file saved with"
                    + " torch.jit.save(torch.jit.script(model), 'backbone.pt').");
        }
        Engines.pytorch();
        Model model = Model.newInstance(file.getFileName().toString(), "PyTorch");
        try {
            model.load(file, null, Map.of("trainParam", String.valueOf(trainable)));
            if (model.getBlock() instanceof PtSymbolBlock module) {
                // DJL assumes a loaded module is in training mode and only switches on a change, but
                // a module saved after model.eval() is not: make the two agree.
                JniUtils.enableTrainingMode(module);
            }
            return new TorchScriptBackbone(model, trainable);
        } catch (EngineException | MalformedModelException e) {
            model.close();
            throw new CitraException("TorchScript file " + file + " cannot be loaded (" + firstLine(e.getMessage())
                    + "): save the backbone with torch.jit.save(torch.jit.script(model), 'backbone.pt'); a state dict"
                    + " goes to --weights as .safetensors instead.", e);
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The block to put in a network; see the class comment for frozen vs trainable. */
    public Block block() {
        return block;
    }

    @Override
    public void close() {
        model.close();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "not TorchScript";
        }
        String line = message.strip().lines().findFirst().orElse("not TorchScript");
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    /**
     * Runs the module in training mode only when it is trainable. It owns the native module, so a
     * network that holds it closes it ({@code Network.close} closes closeable layers).
     */
    private static final class ModeGuard extends AbstractBlock implements AutoCloseable {
        private final Model owner;
        private Block module;
        private final boolean trainable;
        private final Map<List<Shape>, Shape[]> shapes = new ConcurrentHashMap<>();

        ModeGuard(Model owner, boolean trainable) {
            this.owner = owner;
            this.module = addChildBlock("torchscript", owner.getBlock());
            this.trainable = trainable;
        }

        @Override
        public void close() {
            owner.close();
        }

        /** The whole module, BatchNorm statistics included, in DJL's TorchScript stream format. */
        @Override
        public void saveParameters(DataOutputStream os) throws IOException {
            module.saveParameters(os);
        }

        /**
         * Reads a module written by {@link #saveParameters} and puts it in place of the current
         * one. DJL's own loading swaps the native module under a block that keeps the previous
         * module's parameter arrays, so an optimizer would update arrays the forward no longer
         * uses; a fresh block has arrays that belong to the loaded module.
         */
        @Override
        public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
            PtNDManager moduleManager = (PtNDManager) owner.getNDManager();
            PtSymbolBlock fresh = new PtSymbolBlock(moduleManager);
            fresh.loadParameters(moduleManager, is);
            // The block believes it is in training mode; make the module agree (see load).
            JniUtils.enableTrainingMode(fresh);
            String key = children.keys().get(0);
            children.remove(0);
            children.add(key, fresh);
            if (module instanceof PtSymbolBlock old) {
                old.close();
            }
            module = fresh;
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return module.forward(store, inputs, training && trainable, params);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            // A scripted module does not declare its output shape: run it once on zeros, in eval
            // mode so that BatchNorm statistics stay, and remember the answer per input shape.
            return shapes.computeIfAbsent(List.of(inputShapes), k -> FileBackbones.probe(module, owner.getNDManager(), inputShapes));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            // The module arrives with its weights; initialising would overwrite them.
        }
    }
}
