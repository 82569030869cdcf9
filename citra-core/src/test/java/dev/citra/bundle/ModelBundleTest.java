package dev.citra.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.image.ResizeMode;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.LayerSpec;
import dev.citra.model.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    private static final ImageSpec SPEC = new ImageSpec(16, 1, Normalization.SYMMETRIC);
    private static final ArchitectureSpec ARCH = new ArchitectureSpec("custom",
            List.of(LayerSpec.conv(4, 3), LayerSpec.of("batchnorm"), LayerSpec.of("relu6"), LayerSpec.of("globalmaxpool")),
            null, null);

    private static BundleMetadata meta(int format) {
        return new BundleMetadata(format, ARCH, List.of("yes", "no"), 16, 1, "symmetric", null, null, null, Map.of("epochs", 3),
                Map.of("val_accuracy", 0.75), "abc", 3, 74L, "test", "2026-01-01T00:00:00Z");
    }

    private static float[] outputs(Network n) {
        float[] pixels = new float[2 * SPEC.tensorLength()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) Math.cos(i);
        }
        try (NDManager scope = n.manager().newSubManager()) {
            return n.forward(scope, pixels, 2, false).toFloatArray();
        }
    }

    @Test
    void aSavedBundleRebuildsTheSameNetwork(@TempDir Path dir) {
        Path bundle = dir.resolve("best");
        try (Network net = Network.create(ArchitectureRegistry.defaults(), ARCH, SPEC, List.of("yes", "no"), 5)) {
            ModelBundle.save(bundle, net, meta(1));
            try (Network loaded = ModelBundle.load(bundle)) {
                assertArrayEquals(outputs(net), outputs(loaded), 1e-6f);
                assertEquals(List.of("yes", "no"), loaded.labels());
                assertEquals(SPEC, loaded.input());
            }
        }
        BundleMetadata read = ModelBundle.readMetadata(bundle);
        assertEquals(meta(1), read);
    }

    @Test
    void theInputIsStoredWholeAndOldFilesReadAsStretch(@TempDir Path dir) throws Exception {
        ImageSpec padded = new ImageSpec(16, 3, Normalization.CAFFE, ResizeMode.PAD, true);
        BundleMetadata meta = BundleMetadata.of(1, ARCH, List.of("yes", "no"), padded, null, null, null, null, null,
                "test", null);
        String json = ModelBundle.json().writeValueAsString(meta);
        assertEquals("pad", ModelBundle.json().readTree(json).get("resize").asText(), json);
        assertEquals(padded, ModelBundle.json().readValue(json, BundleMetadata.class).input());
        // A citra.json from before resize and grey existed.
        Path old = Files.createDirectories(dir.resolve("old"));
        Files.writeString(old.resolve(ModelBundle.METADATA), "{\"format\": 1, \"architecture\": {\"name\": \"simple-cnn\"},"
                + " \"labels\": [\"a\", \"b\"], \"input_size\": 32, \"channels\": 3, \"normalization\": \"imagenet\"}");
        assertEquals(new ImageSpec(32, 3, Normalization.TORCH, ResizeMode.STRETCH, false),
                ModelBundle.readMetadata(old).input());
    }

    @Test
    void aBlurredInputIsStoredAsANewerFormatAndAnUnblurredOneStaysReadableByOlderCitras(@TempDir Path dir)
            throws Exception {
        ImageSpec blurred = new ImageSpec(16, 1, Normalization.SYMMETRIC, ResizeMode.STRETCH, true, 2.5);
        BundleMetadata meta = BundleMetadata.of(BundleMetadata.CURRENT_FORMAT, ARCH, List.of("yes", "no"), blurred,
                null, null, null, null, null, "test", null);
        assertEquals(BundleMetadata.BLUR_FORMAT, meta.format(), "a citra that cannot blur must refuse the bundle");
        Path bundle = dir.resolve("blurred");
        try (Network net = Network.create(ArchitectureRegistry.defaults(), ARCH, blurred, List.of("yes", "no"), 5)) {
            ModelBundle.save(bundle, net, meta);
        }
        assertEquals(2.5, ModelBundle.json().readTree(bundle.resolve(ModelBundle.METADATA).toFile()).get("blur")
                .asDouble());
        try (Network loaded = ModelBundle.load(bundle)) {
            assertEquals(blurred, loaded.input());
        }
        BundleMetadata sharp = BundleMetadata.of(BundleMetadata.CURRENT_FORMAT, ARCH, List.of("yes", "no"), SPEC, null,
                null, null, null, null, "test", null);
        assertEquals(1, sharp.format());
        assertNull(ModelBundle.json().readTree(ModelBundle.json().writeValueAsString(sharp)).get("blur"));
    }

    @Test
    void aBundleSaysWhichTaskItsModelDoesAndClassifierCodeRefusesACaptionModel(@TempDir Path dir) throws Exception {
        Path old = Files.createDirectories(dir.resolve("old"));
        Files.writeString(old.resolve(ModelBundle.METADATA), "{\"format\": 1, \"labels\": [\"a\"]}");
        assertEquals(ModelTask.CLASSIFY, ModelBundle.task(old));
        Path caption = Files.createDirectories(dir.resolve("captioner"));
        Files.writeString(caption.resolve(ModelBundle.METADATA), "{\"format\": 1, \"task\": \"caption\"}");
        assertEquals(ModelTask.CAPTION, ModelBundle.task(caption));
        CitraException e = assertThrows(CitraException.class, () -> ModelBundle.readMetadata(caption));
        assertTrue(e.getMessage().contains("is a caption model, not a classifier")
                && e.getMessage().contains("citra caption predict"), e.getMessage());
        Path future = Files.createDirectories(dir.resolve("future"));
        Files.writeString(future.resolve(ModelBundle.METADATA), "{\"format\": 1, \"task\": \"segment\"}");
        e = assertThrows(CitraException.class, () -> ModelBundle.task(future));
        assertTrue(e.getMessage().contains("Unknown model task 'segment'"), e.getMessage());
    }

    @Test
    void savingAgainReplacesTheBundleWhole(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("last");
        try (Network a = Network.create(ArchitectureRegistry.defaults(), ARCH, SPEC, List.of("yes", "no"), 1);
                Network b = Network.create(ArchitectureRegistry.defaults(), ARCH, SPEC, List.of("yes", "no"), 2)) {
            ModelBundle.save(bundle, a, meta(1));
            ModelBundle.save(bundle, b, meta(1));
            try (Network loaded = ModelBundle.load(bundle)) {
                assertArrayEquals(outputs(b), outputs(loaded), 1e-6f);
            }
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(bundle), files.toList(), "no staging folders left behind");
        }
    }

    @Test
    void newerFormatsAndIncompleteFilesAreRefusedWithTheFix(@TempDir Path dir) throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("m"));
        Files.writeString(bundle.resolve(ModelBundle.METADATA), ModelBundle.json().writeValueAsString(meta(3)));
        CitraException newer = assertThrows(CitraException.class, () -> ModelBundle.readMetadata(bundle));
        assertTrue(newer.getMessage().contains("has bundle format 3, newer than the 2"), newer.getMessage());

        Files.writeString(bundle.resolve(ModelBundle.METADATA), "{not json");
        CitraException broken = assertThrows(CitraException.class, () -> ModelBundle.readMetadata(bundle));
        assertTrue(broken.getMessage().contains("is not valid citra.json"), broken.getMessage());

        Files.writeString(bundle.resolve(ModelBundle.METADATA), ModelBundle.json().writeValueAsString(meta(1)));
        CitraException noWeights = assertThrows(CitraException.class, () -> ModelBundle.load(bundle));
        assertTrue(noWeights.getMessage().contains("Could not read the weights"), noWeights.getMessage());
    }

    @Test
    void aRunFolderResolvesToItsBestBundle(@TempDir Path dir) {
        try (Network net = Network.create(ArchitectureRegistry.defaults(), ARCH, SPEC, List.of("yes", "no"), 5)) {
            ModelBundle.save(dir.resolve("run/best"), net, meta(1));
        }
        assertEquals(dir.resolve("run/best"), ModelBundle.resolve(dir.resolve("run")));
    }
}
