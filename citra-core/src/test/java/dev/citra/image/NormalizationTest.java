package dev.citra.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The presets give Keras's preprocess_input numbers, worked out by hand for one pixel. */
class NormalizationTest {
    private static final float EPS = 1e-4f;
    /** R 200, G 100, B 50. */
    private static final int PIXEL = 0xC86432;

    private static float[] channels(Normalization n, int channels, boolean grey, int rgb) {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        float[] t = ImagePreprocessor.toTensor(img, new ImageSpec(8, channels, n, ResizeMode.STRETCH, grey));
        float[] first = new float[channels];
        for (int c = 0; c < channels; c++) {
            first[c] = t[c * 64 + 3 * 8 + 5];
        }
        return first;
    }

    private static void assertValues(float[] expected, float[] actual) {
        for (int c = 0; c < expected.length; c++) {
            assertEquals(expected[c], actual[c], EPS, "channel " + c);
        }
    }

    @Test
    void unitAndSymmetricScaleEachChannel() {
        assertValues(new float[] {200 / 255f, 100 / 255f, 50 / 255f}, channels(Normalization.UNIT, 3, false, PIXEL));
        // Keras "tf": x / 127.5 - 1.
        assertValues(new float[] {0.568627f, -0.215686f, -0.607843f}, channels(Normalization.SYMMETRIC, 3, false, PIXEL));
    }

    @Test
    void torchDividesThenTakesTheImageNetMeanAndStd() {
        // (200/255 - 0.485) / 0.229, (100/255 - 0.456) / 0.224, (50/255 - 0.406) / 0.225
        assertValues(new float[] {1.307046f, -0.285014f, -0.932985f}, channels(Normalization.TORCH, 3, false, PIXEL));
    }

    @Test
    void caffeFeedsBgrMinusTheMeanPixelUnscaled() {
        // B 50 - 103.939, G 100 - 116.779, R 200 - 123.68
        assertValues(new float[] {-53.939f, -16.779f, 76.32f}, channels(Normalization.CAFFE, 3, false, PIXEL));
    }

    @Test
    void greyOnThreeChannelsRepeatsTheLumaInEach() {
        // Luma of (200, 100, 50): 0.299·200 + 0.587·100 + 0.114·50 = 124.2 → 124.
        assertValues(new float[] {124 / 255f, 124 / 255f, 124 / 255f}, channels(Normalization.UNIT, 3, true, PIXEL));
        assertValues(new float[] {124 - 103.939f, 124 - 116.779f, 124 - 123.68f},
                channels(Normalization.CAFFE, 3, true, PIXEL));
        assertValues(new float[] {124 / 255f}, channels(Normalization.UNIT, 1, false, PIXEL));
        assertTrue(new ImageSpec(8, 1, Normalization.UNIT, null, false).grey(), "one channel is always grey");
    }

    @Test
    void everyPresetInvertsToThePixelValue() {
        for (Normalization n : Normalization.values()) {
            for (int channels : new int[] {1, 3}) {
                for (int c = 0; c < channels; c++) {
                    for (int v : new int[] {0, 1, 128, 254, 255}) {
                        assertEquals(v, n.pixel(n.apply(v, c, channels), c, channels), 1e-3, n + " channel " + c);
                    }
                }
            }
        }
    }

    @Test
    void backbonesGetTheirKerasPresetAndCustomNetsUnit() {
        assertEquals(Normalization.SYMMETRIC, Normalization.forBackbone("mobilenet_v2"));
        assertEquals(Normalization.SYMMETRIC, Normalization.forBackbone("inception_v3"));
        assertEquals(Normalization.CAFFE, Normalization.forBackbone("resnet50"));
        assertEquals(Normalization.TORCH, Normalization.forBackbone("densenet121"));
        assertEquals(Normalization.TORCH, Normalization.forBackbone("densenet201"));
        for (String custom : new String[] {"simple-cnn", "fer-cnn", "custom"}) {
            assertEquals(Normalization.UNIT, Normalization.forBackbone(custom), custom);
        }
        assertEquals(Normalization.CAFFE, Normalization.resolve("auto", "resnet50"));
        assertEquals(Normalization.UNIT, Normalization.resolve("AUTO", "fer-cnn"));
        assertEquals(Normalization.UNIT, Normalization.resolve("unit", "resnet50"), "an explicit preset wins");
    }

    @Test
    void aliasesAndUnknownNames() {
        assertEquals(Normalization.TORCH, Normalization.parse("imagenet"));
        assertEquals(Normalization.SYMMETRIC, Normalization.parse("tf"));
        assertEquals(Normalization.CAFFE, Normalization.parse(" Caffe"));
        CitraException e = assertThrows(CitraException.class, () -> Normalization.resolve("zscore", "simple-cnn"));
        assertEquals("Unknown normalisation 'zscore': use auto (the backbone's own preset), unit, symmetric (or tf),"
                + " torch (or imagenet) or caffe.", e.getMessage());
        assertThrows(CitraException.class, () -> Normalization.parse("auto"), "a bundle stores a resolved preset");
    }
}
