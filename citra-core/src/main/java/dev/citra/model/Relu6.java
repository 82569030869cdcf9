package dev.citra.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.citra.util.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * min(max(x, 0), 6), fast in both directions. DJL has no hardtanh, and libtorch's backward of
 * clamp (and of relu-then-minimum) goes through where/compare kernels that cost more than the
 * convolutions around them. Training therefore runs libtorch's own {@code hardtanh(x, 0, 6)}
 * (one kernel each way) through a one-line TorchScript module citra writes at first use; should
 * that fail to load, it computes 6 − relu(6 − relu(x)) (two cheap threshold backwards, but five
 * more passes over the activations). Inference, with no backward, uses a single clamp.
 */
public final class Relu6 extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(Relu6.class);

    public Relu6() {
        super(VERSION);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (training) {
            Block hardtanh = Hardtanh.module();
            if (hardtanh != null) {
                return hardtanh.forward(store, inputs, true, params);
            }
            NDArray inner = x.getNDArrayInternal().relu().neg().addi(6);
            return new NDList(inner.getNDArrayInternal().relu().neg().addi(6));
        }
        return new NDList(x.clip(0, 6));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** Whether training uses libtorch's hardtanh (true wherever libtorch loads TorchScript). */
    public static boolean fused() {
        return Hardtanh.module() != null;
    }

    /** The process's one hardtanh(x, 0, 6) module, loaded at first use; null if it cannot be. */
    private static final class Hardtanh {
        // The model owns the native module: held here, or its finaliser would release the module under the block.
        private static final Model MODEL = load();
        private static final Block MODULE = MODEL == null ? null : MODEL.getBlock();

        static Block module() {
            return MODULE;
        }

        private static Model load() {
            Path file = null;
            try {
                Engines.pytorch();
                file = Files.createTempFile("citra-relu6", ".pt");
                TorchScriptArchive.write(file, "Relu6", "torch.hardtanh(x, 0., 6.)");
                // Kept open for the life of the process: a stateless module, shared by every ReLU6 layer.
                Model model = Model.newInstance("relu6", "PyTorch");
                model.load(file, null, Map.of("trainParam", "false"));
                return model;
            } catch (Exception | LinkageError e) {
                LOG.warn("ReLU6 falls back to element-wise operations (slower training): {}", e.toString());
                return null;
            } finally {
                if (file != null) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (java.io.IOException e) {
                        // a temporary file left behind
                    }
                }
            }
        }
    }
}
