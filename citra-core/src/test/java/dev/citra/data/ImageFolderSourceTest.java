package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {
    @TempDir
    Path tmp;

    /** Fake image bytes: listing never decodes, it only looks at names. */
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
        Files.createDirectories(root);
        return root;
    }

    private Path zip(String name, String... entries) throws IOException {
        Path zip = tmp.resolve(name);
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

    private static Map<String, Integer> labelsById(ImageDataset ds) {
        Map<String, Integer> m = new LinkedHashMap<>();
        ds.samples().forEach(s -> m.put(s.id(), s.label()));
        return m;
    }

    private static String error(Path path) {
        return assertThrows(CitraException.class, () -> ImageFolderSource.open(path)).getMessage();
    }

    @Test
    void listsAFolderWithSortedClassesAndIds() throws Exception {
        Path root = folder("dog/b.PNG", "dog/a.jpeg", "cat/002.jpg", "cat/001.png", "cat/sub/003.gif", "cat/.DS_Store",
                "cat/notes.txt", "cat/Thumbs.db", ".hidden/x.png", "bird/x.BMP", "README.md");
        ImageDataset ds = ImageFolderSource.open(root);
        assertEquals(List.of("bird", "cat", "dog"), ds.classes());
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("bird/x.BMP", 0);
        expected.put("cat/001.png", 1);
        expected.put("cat/002.jpg", 1);
        expected.put("cat/sub/003.gif", 1);
        expected.put("dog/a.jpeg", 2);
        expected.put("dog/b.PNG", 2);
        assertEquals(expected, labelsById(ds));
        assertEquals(List.of(new SkippedFile("cat/notes.txt", "not an image file (extension .txt)")), ds.skipped());
        assertArrayEquals(bytes("cat/001.png"), ds.samples().get(1).source().read());
    }

    @Test
    void listsAFlatZip() throws Exception {
        Path zip = zip("flat.zip", "cat/", "cat/1.jpg", "dog/", "dog/1.png", "dog/2.png", "readme.txt");
        ImageDataset ds = ImageFolderSource.open(zip);
        assertEquals(List.of("cat", "dog"), ds.classes());
        assertEquals(List.of("cat/1.jpg", "dog/1.png", "dog/2.png"), ds.samples().stream().map(Sample::id).toList());
        assertArrayEquals(bytes("dog/2.png"), ds.samples().get(2).source().read());
    }

    @Test
    void aFolderHoldingOnlyTheDownloadedZipOpensTheZip() throws Exception {
        Path zip = zip("flat.zip", "cat/", "cat/1.jpg", "dog/", "dog/1.png");
        Path download = Files.createDirectories(tmp.resolve("download"));
        Files.move(zip, download.resolve("flat.zip"));
        Files.createFile(download.resolve(".DS_Store"));
        LoadedData loaded = DataSource.open(download);
        assertEquals(List.of("cat", "dog"), loaded.dataset().classes());
        assertEquals(2, loaded.dataset().size());
        // With anything else beside it, the folder is the data set (and here has no classes).
        Files.createFile(download.resolve("notes.txt"));
        assertThrows(dev.citra.CitraException.class, () -> DataSource.open(download));
    }

    @Test
    void unwrapsOneTopFolderAndIgnoresMacJunkInAZip() throws Exception {
        Path zip = zip("kaggle.zip", "dataset/", "dataset/cat/1.jpg", "dataset/cat/2.JPG", "dataset/cat/.DS_Store",
                "dataset/dog/1.png", "dataset/dog/info.csv", "__MACOSX/dataset/cat/._1.jpg", "dataset/LICENSE");
        ImageDataset ds = ImageFolderSource.open(zip);
        assertEquals(List.of("cat", "dog"), ds.classes());
        assertEquals(Map.of("cat/1.jpg", 0, "cat/2.JPG", 0, "dog/1.png", 1), labelsById(ds));
        assertEquals(List.of(new SkippedFile("dog/info.csv", "not an image file (extension .csv)")), ds.skipped());
        assertArrayEquals(bytes("dataset/cat/2.JPG"), ds.samples().get(1).source().read());
    }

    @Test
    void readsZipEntriesFromManyThreads() throws Exception {
        String[] entries = new String[40];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = (i % 2 == 0 ? "a/" : "b/") + i + ".png";
        }
        ImageDataset ds = ImageFolderSource.open(zip("many.zip", entries));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (Sample s : ds.samples()) {
                    checks.add(pool.submit(() -> new String(s.source().read(), StandardCharsets.UTF_8)
                            .equals("content of " + s.id())));
                }
            }
            for (Future<Boolean> f : checks) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void missingPath() {
        Path missing = tmp.resolve("nope");
        assertEquals("Data path " + missing + " does not exist: pass a folder or .zip with one sub-folder per class.",
                error(missing));
    }

    @Test
    void fileThatIsNotAZip() throws Exception {
        Path csv = Files.writeString(tmp.resolve("data.csv"), "a,b\n");
        assertTrue(error(csv).contains("is a file, not a folder or .zip"), error(csv));
        Path fake = Files.writeString(tmp.resolve("fake.zip"), "not a zip at all");
        assertTrue(error(fake).contains("is not a zip archive"), error(fake));
        Path empty = Files.write(tmp.resolve("empty.zip"), new byte[0]);
        assertTrue(error(empty).contains("is not a zip archive"), error(empty));
    }

    @Test
    void corruptZip() throws Exception {
        // The right signature, then garbage: only the zip reader can tell.
        byte[] data = new byte[200];
        data[0] = 'P';
        data[1] = 'K';
        data[2] = 3;
        data[3] = 4;
        Path broken = Files.write(tmp.resolve("broken.zip"), data);
        String message = error(broken);
        assertTrue(message.startsWith("Zip file " + broken + " is corrupt"), message);
    }

    @Test
    void folderWithoutClassFolders() throws Exception {
        Path empty = folder();
        assertTrue(error(empty).contains("has no class sub-folders"), error(empty));
        Path loose = folder("a.jpg", "b.jpg");
        assertTrue(error(loose).contains("has no class sub-folders"), error(loose));
        Path emptyZip = tmp.resolve("empty-archive.zip");
        try (OutputStream out = Files.newOutputStream(emptyZip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.finish();
        }
        assertTrue(error(emptyZip).contains("has no class sub-folders"), error(emptyZip));
    }

    @Test
    void needsTwoClasses() throws Exception {
        Path one = folder("cat/1.jpg", "cat/2.jpg");
        assertTrue(error(one).contains("needs at least two classes"), error(one));
    }

    @Test
    void suggestsTheInnerFolderWhenAFolderWrapsTheClasses() throws Exception {
        Path wrapped = folder("dataset/cat/1.jpg", "dataset/dog/1.jpg");
        assertTrue(error(wrapped).contains("pass " + wrapped.resolve("dataset") + " instead"), error(wrapped));
    }

    @Test
    void namesAClassFolderWithoutImages() throws Exception {
        Path root = folder("cat/1.jpg", "dog/readme.txt");
        assertTrue(error(root).startsWith("Class folder 'dog' in " + root + " has no image files"), error(root));
        Files.createDirectories(root.resolve("eel"));
        Files.delete(root.resolve("dog/readme.txt"));
        Files.delete(root.resolve("dog"));
        assertTrue(error(root).startsWith("Class folder 'eel'"), error(root));
        Path zip = zip("hole.zip", "cat/1.jpg", "dog/1.jpg", "eel/");
        assertTrue(error(zip).startsWith("Class folder 'eel'"), error(zip));
    }
}
