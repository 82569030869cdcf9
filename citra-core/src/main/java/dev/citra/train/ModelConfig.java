package dev.citra.train;

import dev.citra.CitraException;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.HeadSpec;
import dev.citra.model.LayerSpec;
import dev.citra.model.OnnxFeatures;
import dev.citra.model.TorchScriptFeatures;
import dev.citra.model.weights.ImageNetWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The network: an architecture by name (or a custom layer list), its width, dropout and head, and
 * the weights or backbone file it starts from.
 *
 * @param name the architecture ({@code model:})
 * @param layers the custom CNN's layers, or null
 * @param head the head on a backbone, or null for the default
 */
public record ModelConfig(String name, List<LayerSpec> layers, Double width, Double dropout, String weights,
        boolean weightsStrict, String backboneFile, HeadSpec head) {

    public ModelConfig {
        layers = layers == null ? null : List.copyOf(layers);
    }

    @SuppressWarnings("unchecked")
    static ModelConfig from(OptionValues v) {
        List<Integer> hidden = v.get(TrainOptions.HEAD_HIDDEN);
        String pooling = v.get(TrainOptions.HEAD_POOLING);
        Boolean batchnorm = v.get(TrainOptions.HEAD_BATCHNORM);
        HeadSpec head = hidden == null && pooling == null && batchnorm == null ? null
                : new HeadSpec(batchnorm, pooling, hidden);
        return new ModelConfig(v.get(TrainOptions.MODEL), v.get(TrainOptions.LAYERS), v.get(TrainOptions.WIDTH),
                v.get(TrainOptions.DROPOUT), v.get(TrainOptions.WEIGHTS), v.get(TrainOptions.WEIGHTS_STRICT),
                v.get(TrainOptions.BACKBONE_FILE), head);
    }

    void into(OptionValues v) {
        v.set(TrainOptions.MODEL, name).set(TrainOptions.LAYERS, layers).set(TrainOptions.WIDTH, width)
                .set(TrainOptions.DROPOUT, dropout).set(TrainOptions.WEIGHTS, weights)
                .set(TrainOptions.WEIGHTS_STRICT, weightsStrict).set(TrainOptions.BACKBONE_FILE, backboneFile);
        if (head != null) {
            v.set(TrainOptions.HEAD_HIDDEN, head.hidden()).set(TrainOptions.HEAD_POOLING, head.pooling())
                    .set(TrainOptions.HEAD_BATCHNORM, head.batchnorm());
        }
    }

    /** The network this asks for: {@code custom} when simple-cnn is given layers. */
    public ArchitectureSpec architecture() {
        String arch = layers != null && name.equals("simple-cnn") ? "custom" : name;
        return new ArchitectureSpec(arch, layers, dropout, width, head, backboneFile);
    }

    /** Whether the backbone is an ONNX file, which runs for inference only. */
    public boolean onnx() {
        return name.equals(OnnxFeatures.NAME);
    }

    /** Checks the architecture, the dropout and that the weight or backbone files exist. */
    void validate() {
        ArchitectureRegistry.defaults().get(architecture().name());
        if (dropout != null && !(dropout >= 0 && dropout < 1)) {
            throw new CitraException("--dropout must be in [0, 1), not " + dropout + ".");
        }
        if (weights != null && !ImageNetWeights.requested(weights) && !Files.isRegularFile(Path.of(weights))) {
            throw new CitraException("Weights file " + weights + " does not exist: pass a Keras .h5 or .safetensors file"
                    + " with --weights, or --weights imagenet for the file 'citra weights fetch' cached.");
        }
        validateBackboneFile();
    }

    /** {@code --backbone-file} belongs to the torchscript and onnx models, and they need it. */
    private void validateBackboneFile() {
        boolean torchscript = name.equals(TorchScriptFeatures.NAME);
        if (backboneFile != null && !torchscript && !onnx()) {
            throw new CitraException("--backbone-file " + backboneFile + " is the backbone of --model torchscript (.pt)"
                    + " or --model onnx (.onnx): add one of them, or drop --backbone-file.");
        }
        if (!torchscript && !onnx()) {
            return;
        }
        String example = torchscript ? "backbone.pt" : "backbone.onnx";
        if (backboneFile == null) {
            throw new CitraException("--model " + name + " needs its backbone: pass --backbone-file " + example + ".");
        }
        if (!Files.isRegularFile(Path.of(backboneFile))) {
            throw new CitraException("Backbone file " + backboneFile + " does not exist: pass " + (torchscript
                    ? "a TorchScript .pt file (torch.jit.save(torch.jit.script(model), 'backbone.pt'))"
                    : "an ONNX file (torch.onnx.export(model, example, 'backbone.onnx'))") + " with --backbone-file.");
        }
    }
}
