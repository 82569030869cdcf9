package dev.citra.caption;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.image.ImageSpec;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.BackboneArchitecture;
import dev.citra.model.Network;
import dev.citra.model.weights.ImportReport;
import dev.citra.model.weights.WeightFiles;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A pretrained backbone used as a fixed feature extractor, as S0 uses ResNet50: images in, the
 * pooled feature vector (merge, inject) or the spatial grid (attention) out, always in inference
 * mode. Its weights never change, so its features are computed once per image and cached.
 */
public final class CaptionEncoder implements AutoCloseable {
    // The classifier head is built but never run: the encoder stops at the backbone.
    private static final List<String> NO_LABELS = List.of("unused", "unused too");
    private final Network network;
    private final EncoderSpec spec;

    private CaptionEncoder(Network network, EncoderSpec spec) {
        this.network = network;
        this.spec = spec;
    }

    /**
     * Builds the backbone {@code architecture} at {@code input} and loads {@code weightsFile} (Keras
     * .h5 or safetensors, the top left out) into it; null leaves it random, for tests only.
     *
     * @return the encoder, and the weight import's summary in {@link #importSummary}
     */
    public static CaptionEncoder create(String architecture, ImageSpec input, Path weightsFile, String weightsName) {
        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        if (!(registry.get(architecture) instanceof BackboneArchitecture)) {
            throw new CitraException("Encoder '" + architecture + "' is not a pretrained backbone: use one of "
                    + backbones(registry) + ".");
        }
        Network network = Network.create(registry, ArchitectureSpec.named(architecture), input, NO_LABELS, 0);
        try {
            if (weightsFile != null) {
                ImportReport report = WeightFiles.load(registry, network, weightsFile, false);
                if (report.layersLoaded() == 0) {
                    throw new CitraException("No layer of " + weightsFile + " fits the " + architecture
                            + " encoder: pass that architecture's Keras ImageNet weights (.h5), or another --encoder.");
                }
            }
            Shape grid = network.prefixOutputShape(1);
            EncoderSpec spec = new EncoderSpec(architecture, input, weightsName, (int) grid.get(0), (int) grid.get(1),
                    (int) grid.get(2));
            return new CaptionEncoder(network, spec);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** Rebuilds an encoder from its spec and the parameter file {@link #save} wrote. */
    public static CaptionEncoder load(EncoderSpec spec, Path parameters) {
        Network network = Network.create(ArchitectureRegistry.defaults(), ArchitectureSpec.named(spec.architecture()),
                spec.input(), NO_LABELS, 0);
        try {
            ModelBundle.readParameters(network, parameters);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return new CaptionEncoder(network, spec);
    }

    static String backbones(ArchitectureRegistry registry) {
        return registry.all().stream().filter(a -> a instanceof BackboneArchitecture).map(a -> a.name())
                .collect(Collectors.joining(", "));
    }

    public EncoderSpec spec() {
        return spec;
    }

    public ImageSpec input() {
        return spec.input();
    }

    /** Writes the backbone's parameters (read back by {@link #load}). */
    public void save(DataOutputStream out) throws IOException {
        network.saveParameters(out);
    }

    /**
     * Features of pre-processed images (CHW tensors as {@link dev.citra.image.ImagePreprocessor} makes
     * them), one row per image: the pooled vector (D), or with {@code grid} the cells region by region
     * (regions x D).
     */
    public float[][] features(List<float[]> tensors, boolean grid) {
        int n = tensors.size();
        int len = spec.input().tensorLength();
        float[] pixels = new float[n * len];
        for (int i = 0; i < n; i++) {
            System.arraycopy(tensors.get(i), 0, pixels, i * len, len);
        }
        try (NDManager scope = network.manager().newSubManager()) {
            ImageSpec in = spec.input();
            NDArray x = scope.create(FloatBuffer.wrap(pixels), new Shape(n, in.channels(), in.size(), in.size()));
            NDArray maps = network.forwardPrefix(x, 1); // (n, D, h, w)
            NDArray cells = maps.reshape(n, spec.channels(), spec.regions());
            NDArray rows = grid ? cells.transpose(0, 2, 1) : cells.mean(new int[] {2});
            float[] flat = rows.toFloatArray();
            int width = grid ? spec.regions() * spec.channels() : spec.channels();
            float[][] out = new float[n][];
            for (int i = 0; i < n; i++) {
                out[i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
            }
            return out;
        }
    }

    @Override
    public void close() {
        network.close();
    }
}
