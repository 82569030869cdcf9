package dev.citra.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    /** The darkest and lightest shades of the blue scale, as drawn for a full and an empty cell. */
    private static final int DARKEST = 0x08306B;
    private static final int LIGHTEST = 0xF7FBFF;

    private static BufferedImage read(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img, "a decodable PNG");
        return img;
    }

    private static EpochRecord epoch(int e, double loss, double acc, double valLoss, double valAcc) {
        return new EpochRecord(e, loss, acc, valLoss, valAcc, 1e-3, 1.0);
    }

    @Test
    void curvesAreA1000By400PngWrittenToTheFile(@TempDir Path dir) throws Exception {
        List<EpochRecord> history = new ArrayList<>();
        for (int e = 1; e <= 30; e++) {
            history.add(epoch(e, 2.0 / e, 1 - 0.5 / e, e == 4 ? Double.NaN : 2.2 / e, 0.9 - 0.5 / e));
        }
        Charts.curves(history, dir.resolve("curves.png"));
        byte[] bytes = Files.readAllBytes(dir.resolve("curves.png"));
        assertArrayEquals(Charts.curvesPng(history), bytes, "file and bytes agree (rendering is deterministic)");
        BufferedImage img = read(bytes);
        assertEquals(1000, img.getWidth());
        assertEquals(400, img.getHeight());
    }

    @Test
    void curvesHandleOneEpochNoValidationAndNoHistory() throws Exception {
        assertEquals(1000, read(Charts.curvesPng(List.of(epoch(1, 0.7, 0.6, Double.NaN, Double.NaN)))).getWidth());
        assertEquals(1000, read(Charts.curvesPng(List.of(epoch(3, Double.NaN, Double.NaN, Double.NaN, Double.NaN))))
                .getWidth());
        assertEquals(1000, read(Charts.curvesPng(List.of())).getWidth());
        assertEquals(1000, read(Charts.curvesPng(List.of(epoch(1, 5, 0, 5, 0), epoch(2, 5, 0, 5, 0)))).getWidth(),
                "flat curves");
    }

    @Test
    void confusionMatrixCellsAreAnnotatedInContrastingText(@TempDir Path dir) throws Exception {
        ConfusionMatrix cm = new ConfusionMatrix(List.of("<b>&", "plain"), new int[][] {{1, 1}, {0, 2}});
        Charts.confusionMatrix(cm, dir.resolve("cm.png"));
        BufferedImage img = read(Files.readAllBytes(dir.resolve("cm.png")));
        assertTrue(img.getWidth() > img.getHeight(), "two panels side by side");
        // The count 2 is the scale's top, so its cell is the darkest shade and its text is light.
        Rectangle dark = firstCell(img, DARKEST);
        assertTrue(countPixels(img, dark, rgb -> luminance(rgb) > 200) > 5, "light text on the dark cell " + dark);
        Rectangle light = firstCell(img, LIGHTEST);
        assertTrue(countPixels(img, light, rgb -> luminance(rgb) < 80) > 5, "dark text on the light cell " + light);
    }

    @Test
    void confusionMatrixCopesWithLongLabelsManyClassesAndNoSamples() throws Exception {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            labels.add("a rather long class name number " + i);
        }
        int[][] counts = new int[25][25];
        for (int i = 0; i < 25; i++) {
            counts[i][i] = 100 + i;
            counts[i][(i + 1) % 25] = 3;
        }
        BufferedImage many = read(Charts.confusionMatrixPng(new ConfusionMatrix(labels, counts)));
        assertTrue(many.getWidth() < 3000, "long labels are shortened, not drawn in full: " + many.getWidth());
        BufferedImage empty = read(Charts.confusionMatrixPng(new ConfusionMatrix(List.of("x"), new int[][] {{0}})));
        assertTrue(empty.getWidth() > 0);
        assertThrows(IllegalArgumentException.class,
                () -> Charts.confusionMatrixPng(new ConfusionMatrix(List.of(), new int[0][])));
    }

    @Test
    void ticksAreRoundNumbers() {
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2, 2.5}, Charts.niceTicks(0.03, 2.17, 5, false), 1e-12);
        assertArrayEquals(new double[] {0, 5, 10, 15, 20, 25}, Charts.niceTicks(1, 25, 10, true), 1e-12);
        assertArrayEquals(new double[] {0, 1, 2}, Charts.niceTicks(0, 2, 5, true), 1e-12);
        assertArrayEquals(new double[] {0, 25, 50, 75, 100, 125}, Charts.niceTicks(0, 109, 5, true), 1e-12);
    }

    /** The first run of at least 20 pixels of {@code rgb} in a row, grown downwards into a rectangle. */
    private static Rectangle firstCell(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            int run = 0;
            for (int x = 0; x < img.getWidth(); x++) {
                run = (img.getRGB(x, y) & 0xFFFFFF) == rgb ? run + 1 : 0;
                if (run == 20) {
                    int x0 = x - 19;
                    int x1 = x0;
                    while (x1 + 1 < img.getWidth() && (img.getRGB(x1 + 1, y) & 0xFFFFFF) == rgb) {
                        x1++;
                    }
                    int y1 = y;
                    // Follow the cell's left edge down; text sits in the middle, never on the edge.
                    while (y1 + 1 < img.getHeight() && (img.getRGB(x0 + 1, y1 + 1) & 0xFFFFFF) == rgb) {
                        y1++;
                    }
                    return new Rectangle(x0, y, x1 - x0 + 1, y1 - y + 1);
                }
            }
        }
        throw new AssertionError("no cell of colour " + Integer.toHexString(rgb));
    }

    private static int countPixels(BufferedImage img, Rectangle r, java.util.function.IntPredicate test) {
        int n = 0;
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                if (test.test(img.getRGB(x, y) & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static double luminance(int rgb) {
        return 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
    }
}
