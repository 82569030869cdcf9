package dev.citra.onnx;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.citra.CitraException;
import dev.citra.model.FileBackbones;
import dev.citra.model.FrozenModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An ONNX model as a frozen feature extractor: a weightless block that runs the model with the
 * OnnxRuntime engine, whatever engine the rest of the network uses. Images are copied to an
 * OnnxRuntime array and the features back to the input's manager, so no gradient flows through
 * it: it is inference only, which is why {@code --model onnx} always has its backbone frozen.
 * Close it to free the session.
 */
public final class OnnxBackbone extends AbstractBlock implements FrozenModel {
    /** The DJL engine that runs the model. */
    public static final String ENGINE = "OnnxRuntime";

    private final Model model;
    private final Map<List<Shape>, Shape[]> shapes = new ConcurrentHashMap<>();

    private OnnxBackbone(Model model) {
        this.model = model;
    }

    /** Loads an {@code .onnx} file; errors name the file and how to export a usable one. */
    public static OnnxBackbone load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CitraException("ONNX file " + file + " does not exist: pass a .onnx file exported with"
                    + " torch.onnx.export (or tf2onnx) with --backbone-file.");
        }
        Model model = Model.newInstance(file.getFileName().toString(), ENGINE);
        try {
            model.load(file);
            return new OnnxBackbone(model);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            String why = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().strip().lines().findFirst().orElse("");
            throw new CitraException("ONNX file " + file + " cannot be loaded (" + why + "): export the backbone with"
                    + " torch.onnx.export(model, example, 'backbone.onnx') and pass that file.", e);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        try (NDManager ort = model.getNDManager().newSubManager()) {
            NDArray in = ort.create(x.toFloatArray(), x.getShape());
            NDArray out = model.getBlock().forward(new ParameterStore(ort, false), new NDList(in), false).get(0);
            return new NDList(x.getManager().create(out.toFloatArray(), out.getShape()));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return shapes.computeIfAbsent(List.of(inputShapes),
                k -> FileBackbones.probe(model.getBlock(), model.getNDManager(), inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // The session holds its own weights.
    }

    /** The OnnxRuntime block, for tests that run it directly. */
    Block session() {
        return model.getBlock();
    }

    @Override
    public void close() {
        model.close();
    }
}
