package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.image.CorruptImageException;
import dev.citra.image.ImageDecoder;
import dev.citra.image.ImageEncoding;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.image.ResizeMode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three ways of keeping decoded images give the same images, ids, labels, fingerprint and
 * skipped files; a file that only fails once it is decoded is skipped while streaming.
 */
class StreamedImagesTest {
    private static final ImageSpec SPEC = new ImageSpec(12, 3, Normalization.TORCH, ResizeMode.CROP, false);

    static BufferedImage noise(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(0xFFFFFF));
            }
        }
        return img;
    }

    /** 24 files in two class folders (PNG and JPEG, odd sizes), with an empty and a truncated one. */
    private static Path folder(Path root) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 24; i++) {
            BufferedImage img = noise(20 + i % 5, 14 + i % 3, i);
            byte[] bytes = i % 3 == 0 ? ImageEncoding.jpeg(img) : ImageEncoding.png(img);
            if (i == 5) {
                bytes = new byte[0];
            } else if (i == 10) {
                bytes = Arrays.copyOf(bytes, bytes.length / 2);
            }
            files.put(String.format("c%d/%02d.%s", i % 2, i, i % 3 == 0 ? "jpg" : "png"), bytes);
        }
        return TestFiles.folder(root, files);
    }

    private static ImageDataset dataset(Path data) {
        return DataSource.open(data, DataOptions.defaults()).dataset();
    }

    @Test
    void ramDiskAndNoCacheGiveTheSameImages(@TempDir Path dir) throws Exception {
        ImageDataset ds = dataset(folder(dir.resolve("data")));
        DecodedImages ram = ImageLoader.decodeAll(ds, SPEC, 3, done -> {});
        List<SkippedFile> met = new ArrayList<>();
        Path file = dir.resolve("cache/train.pixels");
        try (StreamedImages disk = StreamedImages.onDisk(ds, SPEC, file, 3, done -> {});
                StreamedImages none = StreamedImages.decoding(ds, SPEC, 3, done -> {}, met::add)) {
            assertTrue(Files.isRegularFile(file));
            assertEquals(22, ram.size());
            for (ImageStore other : List.of(disk, none)) {
                assertEquals(ram.ids(), other.ids());
                assertArrayEquals(ram.labels(), other.labels());
                assertEquals(ram.fingerprint(), other.fingerprint());
                // The cheap check words a cut file's reason its own way; the files are the same.
                assertEquals(ram.skipped().stream().map(SkippedFile::id).toList(),
                        other.skipped().stream().map(SkippedFile::id).toList());
                for (int i = 0; i < ram.size(); i++) {
                    assertArrayEquals(ram.tensor(i), other.tensor(i), "image " + i + " of " + other);
                }
            }
            assertEquals(List.of("c0/10.png", "c1/05.png"), ram.skipped().stream().map(SkippedFile::id).toList());
            assertEquals(ram.skipped(), disk.skipped());
            assertTrue(none.skipped().get(0).reason().startsWith("truncated or corrupt"), none.skipped().toString());
            assertTrue(disk.cached());
            assertFalse(none.cached());
        }
        assertEquals(List.of(), met);
        assertFalse(Files.exists(file), "the disk cache is deleted on close");
        assertFalse(Files.exists(file.getParent()), "and its folder with it");
    }

    @Test
    void aFileThatFailsOnlyWhenDecodedIsSkippedWhileStreamingAndItsClassStandsIn(@TempDir Path dir) throws Exception {
        byte[] good = ImageEncoding.png(noise(16, 16, 1));
        byte[] bad = DamagedImages.damagedInside(ImageEncoding.png(noise(16, 16, 2)));
        new ImageDecoder().check(bad); // passes the cheap check...
        try {
            new ImageDecoder().decode(bad);
            throw new AssertionError("the damaged PNG decoded");
        } catch (CorruptImageException expected) {
            // ...and fails to decode.
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a/0.png", good);
        files.put("a/1.png", bad);
        files.put("a/2.png", ImageEncoding.png(noise(16, 16, 3)));
        files.put("b/0.png", ImageEncoding.png(noise(16, 16, 4)));
        ImageDataset ds = dataset(TestFiles.folder(dir.resolve("data"), files));
        List<SkippedFile> met = new ArrayList<>();
        try (StreamedImages none = StreamedImages.decoding(ds, SPEC, 2, done -> {}, met::add)) {
            assertEquals(4, none.size());
            assertEquals(List.of(), none.skipped());
            int bad1 = none.ids().indexOf("a/1.png");
            int next = none.ids().indexOf("a/2.png");
            // Twice: reported once, and the same stand-in each time.
            assertArrayEquals(none.tensor(next), none.tensor(bad1));
            assertArrayEquals(none.tensor(next), none.tensor(bad1));
            assertEquals(1, met.size());
            assertEquals("a/1.png", met.get(0).id());
            assertTrue(met.get(0).reason().startsWith("truncated or corrupt"), met.get(0).reason());
            assertEquals(met, none.skipped());
        }
    }

    @Test
    void theCheapCheckRefusesCutFilesAndAcceptsWholeOnes() throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        byte[] jpeg = ImageEncoding.jpeg(noise(30, 20, 5));
        byte[] png = ImageEncoding.png(noise(30, 20, 6));
        decoder.check(jpeg);
        decoder.check(png);
        for (byte[] cut : List.of(Arrays.copyOf(jpeg, jpeg.length - 300), Arrays.copyOf(png, png.length - 20),
                new byte[0], "not an image".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            try {
                decoder.check(cut);
                throw new AssertionError("a cut file passed the check");
            } catch (CorruptImageException expected) {
                assertFalse(expected.reason().isBlank());
            }
        }
    }
}
