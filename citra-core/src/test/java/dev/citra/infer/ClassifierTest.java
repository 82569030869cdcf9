package dev.citra.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTest {
    @TempDir
    static Path dir;

    static Path bundle;

    @BeforeAll
    static void saveBundle() {
        bundle = saveBundle(dir.resolve("bundle"));
    }

    /** An untrained simple-cnn bundle for three classes at 24x24, saved at {@code target}. */
    static Path saveBundle(Path target) {
        ImageSpec spec = new ImageSpec(24, 3, Normalization.UNIT);
        List<String> labels = List.of("a", "b", "c");
        try (Network net = Network.create(ArchitectureRegistry.defaults(), ArchitectureSpec.named("simple-cnn"), spec, labels, 9)) {
            ModelBundle.save(target, net, new BundleMetadata(1, net.architecture(), labels, 24, 3, "unit", null, null, null, null, Map.of(),
                    null, 1, net.parameterCount(), "test", "now"));
        }
        return target;
    }

    static BufferedImage image(int i) {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(Color.HSBtoRGB(i / 16f, 0.8f, 0.9f)));
        g.fillOval(i % 20, 3, 15, 20);
        g.dispose();
        return img;
    }

    @Test
    void concurrentCallersGetWhatOneCallerGets() throws Exception {
        try (Classifier c = Classifier.load(bundle)) {
            List<BufferedImage> images = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                images.add(image(i));
            }
            List<List<Prediction>> sequential = c.predictAll(images, 3);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Prediction>>> futures = new ArrayList<>();
                for (int round = 0; round < 4; round++) {
                    for (int i = 0; i < images.size(); i++) {
                        BufferedImage img = images.get(i);
                        futures.add(pool.submit(() -> c.predict(img, 3)));
                    }
                }
                for (int f = 0; f < futures.size(); f++) {
                    List<Prediction> got = futures.get(f).get();
                    List<Prediction> expected = sequential.get(f % images.size());
                    assertEquals(expected.size(), got.size());
                    for (int k = 0; k < got.size(); k++) {
                        assertEquals(expected.get(k).index(), got.get(k).index());
                        assertEquals(expected.get(k).probability(), got.get(k).probability(), 1e-5);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void probabilitiesSumToOneAndTopKIsSorted() {
        try (Classifier c = Classifier.load(bundle)) {
            List<Prediction> top = c.predict(image(3), 10);
            assertEquals(3, top.size(), "k is clipped to the number of classes");
            assertEquals(1.0, top.stream().mapToDouble(Prediction::probability).sum(), 1e-5);
            assertTrue(top.get(0).probability() >= top.get(1).probability());
            assertArrayEquals(new String[] {"a", "b", "c"}, c.labels().toArray(new String[0]));
        }
    }

    @Test
    void unreadableImagesAreNamed() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.jpg"), "not a jpeg");
        try (Classifier c = Classifier.load(bundle)) {
            CitraException e = assertThrows(CitraException.class, () -> c.predict(bad, 1));
            assertTrue(e.getMessage().startsWith("Image " + bad + " cannot be read"), e.getMessage());
            CitraException missing = assertThrows(CitraException.class, () -> c.predict(dir.resolve("none.png"), 1));
            assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        }
    }
}
