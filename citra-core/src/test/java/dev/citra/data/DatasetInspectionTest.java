package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.image.ImageEncoding;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DatasetInspection} on small generated folders. */
class DatasetInspectionTest {
    @TempDir
    Path tmp;

    /** A PNG of {@code w}x{@code h}, grey or colour, whose pixels depend on {@code seed}. */
    static byte[] png(int w, int h, boolean grey, int seed) {
        BufferedImage img = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (seed * 7919 + x * 31 + y * 17) * 2654435 & 0xFFFFFF);
            }
        }
        return ImageEncoding.png(img);
    }

    static void write(Path root, String id, byte[] bytes) throws IOException {
        Path p = root.resolve(id);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    /**
     * train: cat 4 (one corrupt, one duplicated into test/cat), dog 1, bird 1; test: cat 1, dog 1, bird 1;
     * and an in-train duplicate pair (bird/dog) with different labels.
     */
    static Path splitFolder(Path tmp) throws IOException {
        Path root = tmp.resolve("data");
        byte[] shared = png(10, 12, false, 1);
        write(root, "train/cat/a.png", shared);
        write(root, "train/cat/b.png", png(20, 8, false, 2));
        write(root, "train/cat/c.png", png(30, 16, true, 3));
        write(root, "train/cat/broken.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        write(root, "train/dog/d.png", png(16, 16, false, 4));
        write(root, "train/bird/e.png", png(16, 16, false, 4)); // same bytes as train/dog/d.png
        write(root, "train/bird/notes.txt", "not an image".getBytes());
        write(root, "test/cat/a_copy.png", shared);
        write(root, "test/dog/f.png", png(16, 16, false, 6));
        write(root, "test/bird/g.png", png(16, 16, false, 7));
        return root;
    }

    @Test
    void inspectsASplitFolder() throws IOException {
        DatasetInspection r = DatasetInspection.inspect(DataSource.open(splitFolder(tmp)), 500);
        assertEquals("image-folder-split", r.format());
        assertEquals(List.of("bird", "cat", "dog"), r.classes());
        assertEquals(9, r.images());
        assertTrue(r.predefinedSplit());
        assertEquals(List.of(new DatasetInspection.PartCounts("train", List.of(1, 4, 1)),
                new DatasetInspection.PartCounts("test", List.of(1, 1, 1))), r.parts());

        assertEquals(List.of("train/bird/notes.txt", "train/cat/broken.png"),
                r.problems().stream().map(SkippedFile::id).toList());

        DatasetInspection.SizeStats s = r.sizes();
        assertEquals(9, s.sampled());
        assertEquals(8, s.decoded());
        assertEquals(10, s.minWidth());
        assertEquals(16, s.medianWidth());
        assertEquals(30, s.maxWidth());
        assertEquals(8, s.minHeight());
        assertEquals(16, s.medianHeight());
        assertEquals(16, s.maxHeight());
        assertEquals(List.of(1, 3), s.channels());

        assertEquals(2, r.duplicates().size());
        DatasetInspection.DuplicateGroup leak = r.duplicates().get(0);
        assertEquals(List.of("test/cat/a_copy.png", "train/cat/a.png"), leak.ids());
        assertEquals(List.of("train", "test"), leak.parts());
        assertTrue(leak.crossesSplits());
        assertFalse(leak.conflictingLabels());
        DatasetInspection.DuplicateGroup inTrain = r.duplicates().get(1);
        assertEquals(List.of("train/bird/e.png", "train/dog/d.png"), inTrain.ids());
        assertFalse(inTrain.crossesSplits());
        assertTrue(inTrain.conflictingLabels());
        assertEquals(List.of(leak), r.leaks());

        assertEquals(new DatasetInspection.Imbalance(2.5, "cat", 5, "bird", 2), r.imbalance());
    }

    @Test
    void sampleLimitCapsDecodingButHashesEverything() throws IOException {
        DatasetInspection r = DatasetInspection.inspect(DataSource.open(splitFolder(tmp)), 3);
        assertEquals(3, r.sizes().sampled());
        assertEquals(2, r.duplicates().size());
    }

    @Test
    void plainFolderIsOnePartAll() throws IOException {
        Path root = tmp.resolve("plain");
        write(root, "a/1.png", png(8, 8, true, 1));
        write(root, "a/2.png", png(8, 8, true, 2));
        write(root, "b/3.png", png(8, 8, true, 3));
        DatasetInspection r = DatasetInspection.inspect(DataSource.open(root), 500);
        assertEquals("image-folder", r.format());
        assertFalse(r.predefinedSplit());
        assertEquals(List.of(new DatasetInspection.PartCounts("all", List.of(2, 1))), r.parts());
        assertTrue(r.duplicates().isEmpty());
        assertTrue(r.problems().isEmpty());
        assertEquals(2.0, r.imbalance().ratio());
    }
}
