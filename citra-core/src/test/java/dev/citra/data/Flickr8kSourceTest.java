package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flickr8k captions in the original layout and in Kaggle's, on generated files. */
class Flickr8kSourceTest {
    @TempDir
    Path tmp;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Path folder(String name, Map<String, byte[]> files) throws IOException {
        return TestFiles.folder(tmp.resolve(name), files);
    }

    private Path zip(String name, Map<String, byte[]> files) throws IOException {
        return TestFiles.zip(tmp.resolve(name), files);
    }

    /** The original download: five captions for a.jpg to e.jpg, f.jpg listed but missing, the split files. */
    private static Map<String, byte[]> original(boolean splitFiles) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        StringBuilder tokens = new StringBuilder();
        for (String image : List.of("a", "b", "c", "d", "e", "f")) {
            if (!image.equals("f")) {
                files.put("Flicker8k_Dataset/" + image + ".jpg", utf8("image " + image));
            }
            for (int n = 0; n < 5; n++) {
                tokens.append(image).append(".jpg#").append(n).append('\t').append("A dog runs , caption ").append(n)
                        .append(" of ").append(image).append(" .\n");
            }
        }
        files.put("Flickr8k_text/Flickr8k.token.txt", utf8(tokens.toString()));
        if (splitFiles) {
            files.put("Flickr8k_text/Flickr_8k.trainImages.txt", utf8("a.jpg\nb.jpg\nc.jpg\n"));
            files.put("Flickr8k_text/Flickr_8k.devImages.txt", utf8("d.jpg\n"));
            files.put("Flickr8k_text/Flickr_8k.testImages.txt", utf8("e.jpg\nf.jpg\n"));
        }
        return files;
    }

    @Test
    void originalLayoutWithItsSplitFiles() throws Exception {
        Path root = folder("flickr", original(true));
        assertEquals(DataFormat.FLICKR8K, DataSource.detect(root));
        CaptionDataset ds = DataSource.openCaptions(root);
        assertEquals("flickr8k", ds.format());
        assertEquals(List.of("Flicker8k_Dataset/a.jpg", "Flicker8k_Dataset/b.jpg", "Flicker8k_Dataset/c.jpg",
                "Flicker8k_Dataset/d.jpg", "Flicker8k_Dataset/e.jpg"), ds.samples().stream().map(CaptionSample::id).toList());
        CaptionSample b = ds.samples().get(1);
        assertEquals("b.jpg", b.image());
        assertEquals(5, b.captions().size());
        assertEquals("A dog runs , caption 0 of b .", b.captions().get(0));
        assertEquals("A dog runs , caption 4 of b .", b.captions().get(4));
        assertArrayEquals(utf8("image b"), b.source().read());

        CaptionDataset.Parts parts = ds.predefined().orElseThrow();
        assertEquals(List.of("a.jpg", "b.jpg", "c.jpg"), parts.train().stream().map(CaptionSample::image).toList());
        assertEquals(List.of("d.jpg"), parts.val().stream().map(CaptionSample::image).toList());
        assertEquals(List.of("e.jpg"), parts.test().stream().map(CaptionSample::image).toList());
        assertEquals(parts, ds.split(0.2, 7));

        assertEquals(List.of(new SkippedFile("f.jpg", "listed in Flickr8k.token.txt (line 26) but not in the image folder")),
                ds.missing());
    }

    @Test
    void withoutSplitFilesTheSplitIsSeededEightyTwenty() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        StringBuilder tokens = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            files.put("Images/" + i + ".jpg", utf8("image " + i));
            tokens.append(i).append(".jpg#0\tcaption ").append(i).append('\n');
        }
        files.put("Flickr8k.token.txt", utf8(tokens.toString()));
        CaptionDataset ds = DataSource.openCaptions(folder("noSplit", files));
        assertTrue(ds.predefined().isEmpty());
        CaptionDataset.Parts a = ds.split(0.2, 42);
        assertEquals(40, a.train().size());
        assertEquals(10, a.val().size());
        assertEquals(0, a.test().size());
        Set<String> all = new HashSet<>();
        a.train().forEach(s -> all.add(s.id()));
        a.val().forEach(s -> all.add(s.id()));
        assertEquals(50, all.size());
        assertEquals(a, ds.split(0.2, 42));
        assertTrue(!a.val().equals(ds.split(0.2, 43).val()), "another seed, another split");
    }

    @Test
    void kaggleCaptionsCsvWithQuotedCommasInAWrappedZip() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("flickr8k/Images/1000268201_693b08cb0e.jpg", utf8("one"));
        files.put("flickr8k/Images/1001773457_577c3a7d70.jpg", utf8("two"));
        files.put("flickr8k/captions.txt", utf8("\uFEFFimage,caption\n"
                + "1000268201_693b08cb0e.jpg,A child in a pink dress is climbing up a set of stairs in an entry way .\n"
                + "1000268201_693b08cb0e.jpg,\"A dog shakes its head near the shore , a red ball next to it .\"\n"
                + "1001773457_577c3a7d70.jpg,\"He said \"\"hi\"\" , twice\"\n"
                + "1001773457_577c3a7d70.jpg,Unquoted, with a comma\n"
                + "\n"
                + "9999999999_0000000000.jpg,An image that is not there\n"));
        Path zip = zip("kaggle.zip", files);
        assertEquals(DataFormat.FLICKR8K, DataSource.detect(zip));
        CaptionDataset ds = DataSource.openCaptions(zip);
        assertEquals("flickr8k-kaggle", ds.format());
        assertEquals(2, ds.size());
        assertEquals(List.of("A child in a pink dress is climbing up a set of stairs in an entry way .",
                "A dog shakes its head near the shore , a red ball next to it ."), ds.samples().get(0).captions());
        assertEquals(List.of("He said \"hi\" , twice", "Unquoted, with a comma"), ds.samples().get(1).captions());
        assertEquals("flickr8k/Images/1001773457_577c3a7d70.jpg", ds.samples().get(1).id());
        assertEquals(1, ds.missing().size());
        assertTrue(ds.missing().get(0).reason().contains("captions.txt (line 7)"), ds.missing().get(0).reason());
    }

    @Test
    void badLinesNameTheFileAndLine() throws Exception {
        Map<String, byte[]> files = original(false);
        files.put("Flickr8k_text/Flickr8k.token.txt", utf8("a.jpg#0\tfine\na.jpg#1 no tab here\n"));
        CitraException e = assertThrows(CitraException.class, () -> DataSource.openCaptions(folder("bad", files)));
        assertTrue(e.getMessage().startsWith("Caption file ") && e.getMessage().endsWith(
                "Flickr8k.token.txt: line 2 is not '<image>#<n><TAB><caption>': fix or remove that line."), e.getMessage());

        Map<String, byte[]> csv = new LinkedHashMap<>();
        csv.put("Images/a.jpg", utf8("a"));
        csv.put("captions.txt", utf8("image,caption\na.jpg,\"never closed\n"));
        CitraException q = assertThrows(CitraException.class, () -> DataSource.openCaptions(folder("badCsv", csv)));
        assertTrue(q.getMessage().contains("captions.txt: line 2 has a quote that is never closed"), q.getMessage());
    }

    @Test
    void captionDataIsNoClassifierDataAndOtherDataIsNoCaptionData() throws Exception {
        Path root = folder("flickr", original(true));
        CitraException train = assertThrows(CitraException.class, () -> DataSource.open(root));
        assertTrue(train.getMessage().contains("is a Flickr8k caption data set"), train.getMessage());

        Map<String, byte[]> classes = new LinkedHashMap<>();
        classes.put("cat/1.jpg", utf8("c"));
        classes.put("dog/1.jpg", utf8("d"));
        Path pets = folder("pets", classes);
        CitraException e = assertThrows(CitraException.class, () -> DataSource.openCaptions(pets));
        assertEquals("--format flickr8k does not fit " + pets + ": expected " + DataFormat.FLICKR8K.description()
                + ", but found " + DataFormat.FOLDER.description() + ".", e.getMessage());
    }

    @Test
    void inspectionCountsCaptionsWordsAndParts() throws Exception {
        CaptionDataset ds = DataSource.openCaptions(folder("flickr", original(true)));
        CaptionInspection r = CaptionInspection.inspect(ds, 0.2, 42, 3);
        assertEquals(5, r.images());
        assertEquals(25, r.captions());
        assertEquals(new CaptionInspection.Stats(5, 5.0, 5, 5), r.perImage());
        // "A dog runs , caption 0 of a ." has seven words: the comma and full stop are none.
        assertEquals(new CaptionInspection.Stats(7, 7.0, 7, 7), r.words());
        assertEquals(List.of(new CaptionInspection.Part("train", 3, 15), new CaptionInspection.Part("val", 1, 5),
                new CaptionInspection.Part("test", 1, 5)), r.parts());
        assertTrue(r.predefinedSplit());
        // 25 each of a/dog/runs/caption/of; ties go by word; "a" also names image a (5 more).
        assertEquals(List.of(new CaptionInspection.WordCount("a", 30), new CaptionInspection.WordCount("caption", 25),
                new CaptionInspection.WordCount("dog", 25)), r.topWords());
        assertEquals(1, r.missing().size());
        assertEquals(List.of("don't", "stop", "2", "dogs"), CaptionInspection.words("Don't STOP: 2 dogs!"));
        assertEquals(new ArrayList<>(List.of()), CaptionInspection.words(" . , "));
    }
}
