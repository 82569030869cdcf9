package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.image.ImagePreprocessor;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageLoaderTest {
    private static final ImageSpec SPEC = new ImageSpec(8, 1, Normalization.UNIT);

    private static byte[] png(int grey) {
        BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 12; x++) {
                img.getRaster().setSample(x, y, 0, grey);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    /** 30 images in two classes, with an empty, a truncated and an unreadable one among them. */
    private static ImageDataset dataset(int relabel) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = String.format("c%d/%02d.png", i % 2, i);
            byte[] bytes = png(i * 8);
            ByteSource source = () -> bytes;
            if (i == 4) {
                source = () -> new byte[0];
            } else if (i == 9) {
                source = () -> Arrays.copyOf(bytes, bytes.length / 2);
            } else if (i == 17) {
                source = () -> {
                    throw new IOException("disk on fire");
                };
            }
            samples.add(new Sample(id, i == relabel ? 1 - i % 2 : i % 2, source));
        }
        return new ImageDataset(List.of("c0", "c1"), samples);
    }

    @Test
    void decodesInOrderAndSkipsBrokenImages() {
        AtomicInteger maxProgress = new AtomicInteger();
        DecodedImages d = ImageLoader.decodeAll(dataset(-1), SPEC, 3, done -> maxProgress.accumulateAndGet(done, Math::max));
        assertEquals(27, d.size());
        assertEquals(30, maxProgress.get());
        assertEquals(List.of("c0", "c1"), d.classes());
        assertEquals(List.of("c0/04.png", "c1/09.png", "c1/17.png"), d.skipped().stream().map(SkippedFile::id).toList());
        assertEquals("empty file (0 bytes)", d.skipped().get(0).reason());
        assertTrue(d.skipped().get(1).reason().startsWith("truncated or corrupt"), d.skipped().get(1).reason());
        assertEquals("could not be read (disk on fire)", d.skipped().get(2).reason());
        // Kept in data set order, each with its own label and pixels.
        assertEquals("c0/00.png", d.ids().get(0));
        assertEquals("c0/10.png", d.ids().get(8));
        assertEquals(0, d.labels()[8]);
        assertEquals(80 / 255f, d.tensors()[8][0], 1e-6f);
        assertEquals(64, d.tensors()[8].length);
    }

    @Test
    void fingerprintCoversIdsLabelsAndBytesButNotThreads() throws Exception {
        DecodedImages one = ImageLoader.decodeAll(dataset(-1), SPEC, 1, done -> {});
        DecodedImages four = ImageLoader.decodeAll(dataset(-1), SPEC, 4, done -> {});
        assertEquals(one.fingerprint(), four.fingerprint());
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.tensors()[i], four.tensors()[i]);
        }
        assertNotEquals(one.fingerprint(), ImageLoader.decodeAll(dataset(3), SPEC, 2, done -> {}).fingerprint());

        // The documented formula, recomputed by hand.
        MessageDigest all = MessageDigest.getInstance("SHA-256");
        HexFormat hex = HexFormat.of();
        for (Sample s : dataset(-1).samples()) {
            if (one.ids().contains(s.id())) {
                String fileHash = hex.formatHex(MessageDigest.getInstance("SHA-256").digest(s.source().read()));
                all.update((s.id() + "\n" + s.label() + "\n" + fileHash + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals(hex.formatHex(all.digest()), one.fingerprint());
    }

    @Test
    void tensorsMatchThePreprocessor() throws Exception {
        DecodedImages d = ImageLoader.decodeAll(dataset(-1), SPEC);
        assertArrayEquals(ImagePreprocessor.toTensor(png(8 * 5), SPEC), d.tensors()[4]);
    }

    @Test
    void selectsBySubscript() {
        DecodedImages d = ImageLoader.decodeAll(dataset(-1), SPEC, 2, done -> {});
        DecodedImages s = d.select(new int[] {5, 0});
        assertEquals(List.of(d.ids().get(5), d.ids().get(0)), s.ids());
        assertArrayEquals(new int[] {d.labels()[5], d.labels()[0]}, s.labels());
        assertEquals(d.tensors()[5], s.tensors()[0]);
        assertEquals(List.of(), s.skipped());
        assertEquals(s.fingerprint(), d.select(new int[] {5, 0}).fingerprint());
        assertNotEquals(s.fingerprint(), d.select(new int[] {0, 5}).fingerprint());
    }

    @Test
    void emptyDataSet() {
        DecodedImages d = ImageLoader.decodeAll(new ImageDataset(List.of("a", "b"), List.of()), SPEC, 2, done -> {});
        assertEquals(0, d.size());
        assertEquals(64, d.fingerprint().length());
    }
}
