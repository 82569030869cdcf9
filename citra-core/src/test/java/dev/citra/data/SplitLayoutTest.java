package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Predefined {@code train|val|test/<class>/} layouts, in folders and zips. */
class SplitLayoutTest {
    @TempDir
    Path tmp;

    private static byte[] bytes(String name) {
        return ("content of " + name).getBytes(StandardCharsets.UTF_8);
    }

    private Path folder(String... files) throws IOException {
        Path root = tmp.resolve("data");
        for (String f : files) {
            Path p = root.resolve(f);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes(f));
        }
        return root;
    }

    private int zips;

    private Path zip(String... entries) throws IOException {
        Path zip = tmp.resolve("data" + (++zips) + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String e : entries) {
                out.putNextEntry(new ZipEntry(e));
                if (!e.endsWith("/")) {
                    out.write(bytes(e));
                }
                out.closeEntry();
            }
        }
        return zip;
    }

    /** id -> class name. */
    private static Map<String, String> classesById(ImageDataset ds) {
        Map<String, String> m = new TreeMap<>();
        ds.samples().forEach(s -> m.put(s.id(), ds.classes().get(s.label())));
        return m;
    }

    @Test
    void folderWithTrainValTestIsAPredefinedSplitOverTheUnionOfClasses() throws IOException {
        Path root = folder("train/cat/1.jpg", "train/cat/2.jpg", "train/dog/3.png", "validation/cat/4.jpg",
                "test/dog/5.jpg", "test/emu/6.jpg", "test/notes.txt", "README.md");
        LoadedData loaded = DataSource.open(root);
        assertEquals("image-folder-split", loaded.format());
        ImageDataset all = loaded.dataset();
        assertEquals(List.of("cat", "dog", "emu"), all.classes());
        assertEquals(6, all.size());
        DatasetSplit split = loaded.predefined().orElseThrow();
        assertEquals(Map.of("train/cat/1.jpg", "cat", "train/cat/2.jpg", "cat", "train/dog/3.png", "dog"),
                classesById(split.train()));
        assertEquals(Map.of("validation/cat/4.jpg", "cat"), classesById(split.val()));
        assertEquals(Map.of("test/dog/5.jpg", "dog", "test/emu/6.jpg", "emu"), classesById(split.test()));
        // The same class list, so the same label for a class, in every part.
        for (ImageDataset part : List.of(split.train(), split.val(), split.test())) {
            assertEquals(all.classes(), part.classes());
        }
        assertEquals(1, split.test().samples().stream().filter(s -> s.label() == 1).count());
        // Files beside the class folders, at the top or in a part, are no samples and not listed as skipped.
        assertEquals(List.of(), all.skipped());
        // The old entry point still lists everything.
        assertEquals(6, ImageFolderSource.open(root).size());
    }

    @Test
    void kaggleZipWithAWrappingFolderAndValidFolder() throws IOException {
        Path withEmpty = zip("fer/", "fer/train/", "fer/train/happy/a.jpg", "fer/train/sad/b.jpg", "fer/test/angry/",
                "__MACOSX/fer/._x");
        // The empty class folder in test counts: the error names it.
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.citra.CitraException.class,
                () -> DataSource.open(withEmpty));
        assertTrue(e.getMessage().contains("'angry'"), e.getMessage());

        Path zip = zip("fer/train/happy/a.jpg", "fer/train/sad/b.jpg", "fer/train/sad/c.jpg", "fer/valid/happy/d.jpg",
                "fer/test/sad/e.jpg", "__MACOSX/fer/._x");
        LoadedData loaded = DataSource.open(zip);
        assertEquals("image-folder-zip-split", loaded.format());
        DatasetSplit split = loaded.predefined().orElseThrow();
        assertEquals(List.of("happy", "sad"), split.train().classes());
        assertEquals(Map.of("train/happy/a.jpg", "happy", "train/sad/b.jpg", "sad", "train/sad/c.jpg", "sad"),
                classesById(split.train()));
        assertEquals(Map.of("valid/happy/d.jpg", "happy"), classesById(split.val()));
        assertEquals(Map.of("test/sad/e.jpg", "sad"), classesById(split.test()));
    }

    @Test
    void zipWithSplitFoldersAtTheTopAndALoneTrainFolder() throws IOException {
        Path zip = zip("train/a/1.png", "train/b/2.png", "test/a/3.png", "test/b/4.png", "test/readme.txt");
        DatasetSplit split = DataSource.open(zip).predefined().orElseThrow();
        assertEquals(2, split.train().size());
        assertEquals(0, split.val().size());
        assertEquals(2, split.test().size());

        // A single train folder is not a wrapper: it is a split with only a train part.
        zip = zip("train/a/1.png", "train/b/2.png");
        LoadedData loaded = DataSource.open(zip);
        assertEquals(List.of("a", "b"), loaded.dataset().classes());
        assertEquals(2, loaded.predefined().orElseThrow().train().size());
        assertEquals(0, loaded.predefined().orElseThrow().test().size());
    }

    @Test
    void classFoldersAtTheTopHaveNoPredefinedSplit() throws IOException {
        Path root = folder("cat/1.jpg", "dog/2.jpg", "train/3.jpg");
        LoadedData loaded = DataSource.open(root);
        assertEquals("image-folder", loaded.format());
        assertTrue(loaded.predefined().isEmpty());
        assertEquals(List.of("cat", "dog", "train"), loaded.dataset().classes());
    }
}
