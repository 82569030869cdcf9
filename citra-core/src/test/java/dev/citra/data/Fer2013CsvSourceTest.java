package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.image.ImageDecoder;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fer2013CsvSourceTest {
    @TempDir
    Path tmp;

    /** 2,304 pixels (or {@code count}) of a pattern that depends on {@code seed}. */
    static String pixels(int seed, int count) {
        StringJoiner j = new StringJoiner(" ");
        for (int i = 0; i < count; i++) {
            j.add(Integer.toString((i * 7 + seed * 31) % 256));
        }
        return j.toString();
    }

    private Path csv(String name, String... rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("emotion,pixels,Usage");
        lines.addAll(List.of(rows));
        Path p = tmp.resolve(name);
        Files.write(p, lines);
        return p;
    }

    @Test
    void rowsBecomeLabelledSamplesInTheirUsagePart() throws Exception {
        Path p = csv("fer2013.csv", "0," + pixels(1, 2304) + ",Training", "3," + pixels(2, 2304) + ",Training",
                "6," + pixels(3, 2304) + ",PublicTest", "", "4," + pixels(4, 2304) + ",PrivateTest");
        LoadedData loaded = DataSource.open(p);
        assertEquals("fer2013-csv", loaded.format());
        ImageDataset ds = loaded.dataset();
        assertEquals(List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"), ds.classes());
        assertEquals(List.of("fer2013.csv#2", "fer2013.csv#3", "fer2013.csv#4", "fer2013.csv#6"),
                ds.samples().stream().map(Sample::id).toList());
        assertEquals(List.of(0, 3, 6, 4), ds.samples().stream().map(Sample::label).toList());
        DatasetSplit split = loaded.predefined().orElseThrow();
        assertEquals(List.of("fer2013.csv#2", "fer2013.csv#3"), split.train().samples().stream().map(Sample::id).toList());
        assertEquals(List.of("fer2013.csv#4"), split.val().samples().stream().map(Sample::id).toList());
        assertEquals(List.of("fer2013.csv#6"), split.test().samples().stream().map(Sample::id).toList());
        assertEquals(ds.classes(), split.test().classes());

        // The PNG the source encodes decodes to the row's pixels.
        Sample first = ds.samples().get(0);
        BufferedImage img = new ImageDecoder().decode(first.source().read());
        assertEquals(48, img.getWidth());
        assertEquals(48, img.getHeight());
        int[] expected = new int[2304];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (i * 7 + 31) % 256;
        }
        assertArrayEquals(expected, img.getRaster().getPixels(0, 0, 48, 48, (int[]) null));

        // The loader takes the pixels directly: unit-normalised tensor = pixels / 255.
        DecodedImages decoded = ImageLoader.decodeAll(ds, new ImageSpec(48, 1, Normalization.UNIT));
        assertEquals(4, decoded.size());
        float[] t = decoded.tensors()[0];
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i] / 255f, t[i], 1e-6f);
        }
        assertEquals(decoded.fingerprint(), ImageLoader.decodeAll(ds, new ImageSpec(48, 1, Normalization.UNIT)).fingerprint());
    }

    @Test
    void withoutAUsageColumnThereIsNoPredefinedSplit() throws IOException {
        Path p = tmp.resolve("train.csv");
        Files.write(p, List.of("emotion,pixels", "1," + pixels(1, 2304), "2," + pixels(2, 2304)));
        LoadedData loaded = DataSource.open(p);
        assertEquals(2, loaded.dataset().size());
        assertTrue(loaded.predefined().isEmpty());
    }

    @Test
    void detectedByItsHeaderWithoutTheCsvExtension() throws IOException {
        Path p = tmp.resolve("fer.data");
        Files.write(p, List.of("emotion,pixels,Usage", "5," + pixels(1, 2304) + ",Training"));
        assertEquals("fer2013-csv", DataSource.open(p).format());
    }

    @Test
    void aBadRowFailsWithTheFileTheLineAndTheProblem() throws IOException {
        Path p = csv("fer2013.csv", "0," + pixels(1, 2304) + ",Training", "2," + pixels(2, 2303) + ",Training");
        CitraException e = assertThrows(CitraException.class, () -> DataSource.open(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("line 3 has 2303 pixels, needs 2304"), e.getMessage());

        assertProblem(csv("a.csv", "7," + pixels(1, 2304) + ",Training"), "line 2 has emotion '7', needs 0 to 6");
        assertProblem(csv("b.csv", "1," + pixels(1, 2304) + ",Validation"),
                "line 2 has Usage 'Validation', needs Training, PublicTest or PrivateTest");
        assertProblem(csv("c.csv", "1," + pixels(1, 2303) + " 256,Training"), "line 2 has pixel 2304 '256'");
        assertProblem(csv("d.csv", "1," + pixels(1, 2303) + " x,Training"), "line 2 has pixel 2304 'x'");
        assertProblem(csv("e.csv", "1,Training"), "line 2 has 2 fields, needs 3");
        assertProblem(csv("f.csv", "1," + pixels(1, 2305) + ",Training"), "line 2 has 2305 pixels, needs 2304");
        Path notFer = tmp.resolve("other.csv");
        Files.write(notFer, List.of("image,caption", "a.jpg,a dog"));
        assertProblem(notFer, "does not start with the FER-2013 header");
    }

    private static void assertProblem(Path p, String expected) {
        CitraException e = assertThrows(CitraException.class, () -> DataSource.open(p));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
