package dev.citra.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * A 200×100 image, red on the left half, blue on the right, inside a 4-pixel green border, lands
 * where each resize mode says in a 50×50 input.
 */
class ResizeModeTest {
    private static final int SIZE = 50;
    private static final int RED = 0xFF0000;
    private static final int GREEN = 0x00FF00;
    private static final int BLUE = 0x0000FF;
    private static final int BLACK = 0x000000;

    /** Left half red, right half blue, a 4-pixel green border; {@code w} × {@code h}. */
    static BufferedImage halves(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean border = x < 4 || y < 4 || x >= w - 4 || y >= h - 4;
                img.setRGB(x, y, border ? GREEN : x < w / 2 ? RED : BLUE);
            }
        }
        return img;
    }

    private static float[] tensor(BufferedImage img, ResizeMode mode) {
        return ImagePreprocessor.toTensor(img, new ImageSpec(SIZE, 3, Normalization.UNIT, mode, false));
    }

    private static int rgb(float[] t, int row, int col) {
        int plane = SIZE * SIZE;
        int i = row * SIZE + col;
        return (Math.round(t[i] * 255) << 16) | (Math.round(t[plane + i] * 255) << 8) | Math.round(t[2 * plane + i] * 255);
    }

    private static void assertPixel(int expected, float[] t, int row, int col) {
        assertEquals(String.format("%06x", expected), String.format("%06x", rgb(t, row, col)), "at row " + row + ", col " + col);
    }

    @Test
    void stretchSquashesBothSidesToTheSize() {
        float[] t = tensor(halves(200, 100), ResizeMode.STRETCH);
        assertPixel(GREEN, t, 0, 25);
        assertPixel(GREEN, t, SIZE - 1, 25);
        assertPixel(RED, t, 25, 12);
        assertPixel(BLUE, t, 25, 37);
        // The split stays in the middle column pair: the halves are squashed, not cut.
        assertPixel(RED, t, 25, 23);
        assertPixel(BLUE, t, 25, 26);
    }

    @Test
    void padKeepsTheAspectRatioCentredOnBlack() {
        float[] t = tensor(halves(200, 100), ResizeMode.PAD);
        // 200×100 becomes 50×25, placed at rows 12 to 36.
        for (int col : new int[] {0, 25, SIZE - 1}) {
            assertPixel(BLACK, t, 0, col);
            assertPixel(BLACK, t, 11, col);
            assertPixel(BLACK, t, 37, col);
            assertPixel(BLACK, t, SIZE - 1, col);
        }
        assertTrue((rgb(t, 12, 25) >> 8 & 0xFF) > 128, "row 12 is the top border: " + Integer.toHexString(rgb(t, 12, 25)));
        assertTrue((rgb(t, 36, 25) >> 8 & 0xFF) > 128, "row 36 is the bottom border");
        assertPixel(RED, t, 24, 12);
        assertPixel(BLUE, t, 24, 37);
    }

    @Test
    void padOfATallImageFillsLeftAndRight() {
        float[] t = tensor(halves(100, 200), ResizeMode.PAD);
        // 100×200 becomes 25×50, placed at columns 12 to 36.
        assertPixel(BLACK, t, 25, 11);
        assertPixel(BLACK, t, 25, 37);
        assertPixel(RED, t, 25, 18);
        assertPixel(BLUE, t, 25, 31);
        assertTrue((rgb(t, 25, 12) >> 8 & 0xFF) > 128, "column 12 is the left border");
    }

    @Test
    void cropKeepsTheCentreSquareOfTheShortSide() {
        float[] t = tensor(halves(200, 100), ResizeMode.CROP);
        // The box is x 50..149: the side borders are cut off, the top and bottom ones stay (halved).
        assertPixel(RED, t, 25, 0);
        assertPixel(BLUE, t, 25, SIZE - 1);
        assertPixel(GREEN, t, 0, 25);
        assertTrue((rgb(t, 1, 25) >> 8 & 0xFF) > 128, "row 1 is mostly border");
        assertPixel(RED, t, 3, 12);
        assertPixel(RED, t, 25, 12);
        assertPixel(BLUE, t, 25, 37);
        assertPixel(GREEN, t, SIZE - 1, 25);
    }

    @Test
    void squareImagesLookTheSameInEveryMode() {
        BufferedImage square = halves(100, 100);
        float[] stretch = tensor(square, ResizeMode.STRETCH);
        assertEquals(java.util.Arrays.toString(stretch), java.util.Arrays.toString(tensor(square, ResizeMode.PAD)));
        assertEquals(java.util.Arrays.toString(stretch), java.util.Arrays.toString(tensor(square, ResizeMode.CROP)));
    }

    @Test
    void unknownModesNameTheChoices() {
        assertEquals(ResizeMode.PAD, ResizeMode.parse(" Pad "));
        assertEquals(ResizeMode.STRETCH, ResizeMode.parse(null));
        CitraException e = assertThrows(CitraException.class, () -> ResizeMode.parse("letterbox"));
        assertEquals("Unknown resize mode 'letterbox': use one of [stretch, pad, crop].", e.getMessage());
    }
}
