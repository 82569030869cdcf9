package dev.citra.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import java.nio.file.Path;

/** What the backbones read from a file ({@code torchscript}, {@code onnx}) share. */
public final class FileBackbones {
    private FileBackbones() {}

    /** The backbone file a spec names; its absence gets the flag to pass. */
    static Path file(ArchitectureSpec spec, String example) {
        if (spec.file() == null) {
            throw new CitraException("--model " + spec.name() + " needs the backbone: pass --backbone-file " + example + ".");
        }
        return Path.of(spec.file());
    }

    /**
     * Runs {@code block} once on zeros in inference mode: a file's module does not declare its
     * output shape, and inference mode leaves BatchNorm statistics alone.
     */
    public static Shape[] probe(Block block, NDManager manager, Shape[] inputShapes) {
        try (NDManager scope = manager.newSubManager()) {
            NDList zeros = new NDList();
            for (Shape shape : inputShapes) {
                zeros.add(scope.zeros(shape));
            }
            return block.forward(new ParameterStore(scope, false), zeros, false).getShapes();
        }
    }

    /**
     * The backbone made of {@code block}: its output for one image is found by a probe forward,
     * and (N, C) features (already pooled) get 1×1 spatial axes so that every head fits on them.
     * {@code owner} is closed when the file does not fit.
     */
    static SequentialBlock features(Block block, AutoCloseable owner, ArchitectureSpec spec, ImageSpec input,
            KerasNames names) {
        Shape out;
        try {
            out = block.getOutputShapes(new Shape[] {new Shape(1, input.channels(), input.size(), input.size())})[0];
        } catch (RuntimeException e) {
            close(owner);
            String why = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().strip().lines().findFirst().orElse("");
            throw new CitraException("Backbone file " + spec.file() + " does not take " + input.channels() + "x"
                    + input.size() + "x" + input.size() + " images (" + why + "): set --img-size and --channels to what"
                    + " the model expects.", e);
        }
        if (out.dimension() != 2 && out.dimension() != 4) {
            close(owner);
            throw new CitraException("Backbone file " + spec.file() + " returns " + out + " for one image, not (1, C) or"
                    + " (1, C, H, W) features: export a model whose output is the feature map.");
        }
        SequentialBlock features = new SequentialBlock();
        features.add(names.add(block, spec.name()));
        if (out.dimension() == 2) {
            features.add(new ShapedLambdaBlock(x -> x.reshape(x.getShape().get(0), x.getShape().get(1), 1, 1),
                    "Reshape", s -> new Shape(s.get(0), s.get(1), 1, 1)));
        }
        return features;
    }

    private static void close(AutoCloseable owner) {
        try {
            owner.close();
        } catch (Exception ignored) {
            // already failing with the clearer error
        }
    }
}
