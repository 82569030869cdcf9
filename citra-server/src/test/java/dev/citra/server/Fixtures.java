package dev.citra.server;

import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.image.ImageEncoding;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Small models and images the server tests share. */
final class Fixtures {
    static final List<String> LABELS = List.of("circle", "square", "triangle");
    static final ImageSpec SPEC = new ImageSpec(24, 3, Normalization.parse("unit"));

    private Fixtures() {}

    /** A real simple-cnn bundle at 24 px with random weights. */
    static Path bundle(Path dir) {
        Path bundle = dir.resolve("shapes");
        try (Network net = Network.create(ArchitectureRegistry.defaults(), ArchitectureSpec.named("simple-cnn"), SPEC,
                LABELS, 7)) {
            ModelBundle.save(bundle, net, BundleMetadata.of(1, net.architecture(), LABELS, SPEC, null, Map.of(), null, 1,
                    net.parameterCount(), "test", "now"));
        }
        return bundle;
    }

    /** A served classifier whose forward pass is {@code function} (no network). */
    static ServedClassifier fake(String name, BatchFunction function, BatchSettings settings, BatchListener listener) {
        ModelInfo info = new ModelInfo(name, "classify", "fake", LABELS, new ModelInfo.Input(24, 3, "unit", "stretch"),
                null, settings.maxBatch());
        return new ServedClassifier(info, SPEC, function, settings, listener, () -> {});
    }

    /** Scores favouring class {@code c} for every image. */
    static float[][] constant(float[][] tensors, int c) {
        float[][] out = new float[tensors.length][LABELS.size()];
        for (float[] row : out) {
            java.util.Arrays.fill(row, 0.1f);
            row[c] = 0.8f;
        }
        return out;
    }

    static BatchSettings settings(int maxBatch, int waitMillis, int queue) {
        return new BatchSettings(maxBatch, Duration.ofMillis(waitMillis), queue);
    }

    /** A coloured shape on a plain background. */
    static BufferedImage picture(int seed) {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(Color.HSBtoRGB(seed / 7f, 0.3f, 0.95f)));
        g.fillRect(0, 0, 64, 48);
        g.setColor(new Color(Color.HSBtoRGB(seed / 5f, 0.8f, 0.7f)));
        g.fillOval(8 + seed % 20, 6, 30, 30);
        g.dispose();
        return img;
    }

    static byte[] png(int seed) {
        return ImageEncoding.png(picture(seed));
    }

    static byte[] jpeg(int seed) {
        return ImageEncoding.jpeg(picture(seed));
    }
}
