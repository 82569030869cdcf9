package dev.citra.server;

import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.bundle.ModelTask;
import dev.citra.caption.CaptionBundle;
import dev.citra.caption.CaptionEncoder;
import dev.citra.caption.CaptionMetadata;
import dev.citra.caption.CaptionModel;
import dev.citra.caption.DecoderKind;
import dev.citra.caption.DecoderSpec;
import dev.citra.caption.TextCleaning;
import dev.citra.caption.Vocabulary;
import dev.citra.image.ImageEncoding;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
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

    /**
     * A real caption bundle with random weights: a mobilenet_v2 encoder at 32 px and a small merge
     * decoder over a vocabulary of a few captions (enough to exercise serving, not to caption well).
     */
    static Path captionBundle(Path dir) throws IOException {
        Path bundle = dir.resolve("captions");
        Path encoderFile = dir.resolve("encoder.params");
        Vocabulary vocab = Vocabulary.build(TextCleaning.flickr8k().tokensOfAll(List.of("a red circle on grass",
                "a blue square in the sky", "two dogs run on the grass")), 50, 1);
        try (CaptionEncoder encoder = CaptionEncoder.create("mobilenet_v2", new ImageSpec(32, 3, Normalization.SYMMETRIC),
                null, null)) {
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(encoderFile))) {
                encoder.save(out);
            }
            DecoderSpec decoderSpec = new DecoderSpec(DecoderKind.MERGE, vocab.size(), 8, 16, encoder.spec().channels(), 1,
                    0.0);
            try (CaptionModel decoder = CaptionModel.create(decoderSpec, 1)) {
                CaptionBundle.save(bundle, decoder, encoderFile, new CaptionMetadata(1, ModelTask.CAPTION, encoder.spec(),
                        decoderSpec, vocab.tokens(), TextCleaning.flickr8k(), 8, 2, 0.7, Map.of(), Map.of(), 1, "test",
                        "now"));
            }
        }
        return bundle;
    }

    /** A served classifier whose forward pass is {@code function} (no network). */
    static ServedClassifier fake(String name, BatchFunction function, BatchSettings settings, BatchListener listener) {
        return fake(name, LABELS, function, settings, listener);
    }

    /** A served classifier of classes {@code labels} over 24 px RGB tensors, whose forward pass is {@code function}. */
    static ServedClassifier fake(String name, List<String> labels, BatchFunction function, BatchSettings settings,
            BatchListener listener) {
        ModelInfo info = new ModelInfo(name, "classify", "fake", labels, new ModelInfo.Input(24, 3, "unit", "stretch"),
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
