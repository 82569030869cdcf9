package dev.citra.cli;

import static dev.citra.cli.Outcome.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.Architecture;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.LayerSpec;
import dev.citra.model.Network;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code citra model summary}. */
class ModelCommandTest {
    @Test
    void summaryOfMobileNetV2PrintsKerasTotals() {
        Outcome o = run("model", "summary", "mobilenet_v2");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Total params: 3,538,984"), o.out());
        assertTrue(o.out().contains("Trainable params: 3,504,872"), o.out());
        assertTrue(o.out().contains("Non-trainable params: 34,112"), o.out());
        assertTrue(o.out().contains("Conv1 (Conv2d)"), o.out());
        assertTrue(o.out().contains("(112, 112, 32)"), o.out());
    }

    @Test
    void notopSummariesHaveKerasNotopCounts() {
        // Keras's include_top=False models: MobileNetV2 2,257,984 (2,223,872 trainable), DenseNet201 18,321,984.
        Outcome mobile = run("model", "summary", "mobilenet_v2", "--notop", "--img-size", "96");
        assertEquals(0, mobile.code(), mobile.err());
        assertTrue(mobile.out().contains("Total params: 2,257,984"), mobile.out());
        assertTrue(mobile.out().contains("Trainable params: 2,223,872"), mobile.out());
        assertTrue(mobile.out().contains("out_relu (Relu6)"), mobile.out());
        assertTrue(!mobile.out().contains("predictions"), mobile.out());
        Outcome dense = run("model", "summary", "densenet201", "--notop", "--img-size", "64");
        assertEquals(0, dense.code(), dense.err());
        assertTrue(dense.out().contains("Total params: 18,321,984"), dense.out());
        Outcome none = run("model", "summary", "simple-cnn", "--notop");
        assertEquals(Main.USER_ERROR, none.code());
        assertTrue(none.err().contains("--notop applies to"), none.err());
    }

    @Test
    void summaryTakesInputAndClasses() {
        Outcome o = run("model", "summary", "simple-cnn", "--img-size", "32", "--classes", "10");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("(32, 32, 32)"), o.out());
        assertTrue(o.out().contains("(10)"), o.out());
    }

    @Test
    void eachArchitectureIsShownAtItsOwnDefaultInput() {
        Outcome fer = run("model", "summary", "fer-cnn");
        assertEquals(0, fer.code(), fer.err());
        assertTrue(fer.out().startsWith("Model: \"fer-cnn\" (input 48x48x1, 7 classes)"), fer.out());
        assertTrue(fer.out().contains("Total params: 642,935"), fer.out());
        Outcome inception = run("model", "summary", "inception_v3");
        assertEquals(0, inception.code(), inception.err());
        assertTrue(inception.out().startsWith("Model: \"inception_v3\" (input 299x299x3, 1000 classes)"), inception.out());
        assertTrue(inception.out().contains("Total params: 23,851,784"), inception.out());
        Outcome mobile = run("model", "summary", "mobilenet_v2");
        assertEquals(0, mobile.code(), mobile.err());
        assertTrue(mobile.out().startsWith("Model: \"mobilenet_v2\" (input 224x224x3, 1000 classes)"), mobile.out());
    }

    @Test
    void summaryTakesTrainsImgSizeChannelsAndClasses() {
        Outcome o = run("model", "summary", "fer-cnn", "--img-size", "64", "--channels", "3", "--classes", "2");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("Model: \"fer-cnn\" (input 64x64x3, 2 classes)"), o.out());
        Outcome bad = run("model", "summary", "fer-cnn", "--img-size", "4");
        assertEquals(Main.USER_ERROR, bad.code());
        assertEquals("citra: --img-size must be between 8 and 4096, not 4.\n", bad.err());
    }

    @Test
    void unknownModelGetsTheRegistrysMessage() {
        Outcome o = run("model", "summary", "mobilenet_v3");
        assertEquals(Main.USER_ERROR, o.code());
        List<String> known = ArchitectureRegistry.defaults().all().stream().map(Architecture::name).toList();
        assertTrue(known.containsAll(List.of("simple-cnn", "mobilenet_v2", "resnet50", "densenet201")), known.toString());
        assertEquals("citra: Unknown model 'mobilenet_v3': use one of " + known + " (did you mean 'mobilenet_v2'?).",
                o.err().strip());
    }

    @Test
    void missingBundleIsNamed() {
        Outcome o = run("model", "summary", "runs/nope");
        assertEquals(Main.USER_ERROR, o.code());
        assertTrue(o.err().startsWith("citra: Model runs/nope does not exist"), o.err());
    }

    @Test
    void summaryOfABundleReadsItsCitraJson(@TempDir Path dir) {
        ArchitectureSpec arch = new ArchitectureSpec("custom",
                List.of(LayerSpec.conv(4, 3), LayerSpec.of("batchnorm"), LayerSpec.of("relu"), LayerSpec.of("globalmaxpool")),
                null, null);
        ImageSpec input = new ImageSpec(16, 1, Normalization.SYMMETRIC);
        Path bundle = dir.resolve("best");
        long total;
        try (Network net = Network.create(ArchitectureRegistry.defaults(), arch, input, List.of("yes", "no"), 1)) {
            total = net.parameterCount();
            ModelBundle.save(bundle, net, new BundleMetadata(1, arch, List.of("yes", "no"), 16, 1, "symmetric", null, null, null, Map.of(),
                    Map.of(), "abc", 1, 1L, "test", "2026-01-01T00:00:00Z"));
        }
        Outcome o = run("model", "summary", dir.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Model: \"custom\" (input 16x16x1, 2 classes)"), o.out());
        assertTrue(o.out().contains("01Conv2d (Conv2d)"), o.out());
        assertTrue(o.out().contains("(16, 16, 4)"), o.out());
        assertTrue(o.out().contains("Total params: " + String.format(java.util.Locale.ROOT, "%,d", total)), o.out());

        Outcome mixed = run("model", "summary", bundle.toString(), "--classes", "3");
        assertEquals(Main.USER_ERROR, mixed.code());
        assertTrue(mixed.err().contains("apply to an architecture name"), mixed.err());
    }
}
