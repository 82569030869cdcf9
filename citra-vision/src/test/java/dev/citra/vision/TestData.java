package dev.citra.vision;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.citra.vision.detect.HaarCascades;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The real data the vision tests use, from {@code ../shared/data}, and scenes drawn from it. */
public final class TestData {
    private TestData() {}

    /** A file under the shared data folder; the test is skipped when it is absent. */
    public static Path shared(String relative) {
        String root = System.getProperty("citra.shared");
        assumeTrue(root != null, "citra.shared is not set");
        Path p = Path.of(root, "data", relative);
        assumeTrue(Files.exists(p), p + " is absent");
        return p;
    }

    /** OpenCV's cascades as shipped in the shared data. */
    public static HaarCascades cascades() {
        return HaarCascades.locate(shared("haarcascades"));
    }

    /** Grace Hopper's portrait (a frontal face). */
    public static BufferedImage graceHopper() {
        return read(shared("weights/samples/grace_hopper.bmp"));
    }

    public static BufferedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IOException("not an image");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    /**
     * A {@code w}×{@code h} scene: a gradient background with {@code picture} drawn scaled to
     * {@code size} pixels wide at {@code (x, y)}.
     */
    public static BufferedImage scene(int w, int h, BufferedImage picture, int x, int y, int size, long seed) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        java.util.Random r = new java.util.Random(seed);
        g.setPaint(new GradientPaint(0, 0, new Color(40 + r.nextInt(60), 60 + r.nextInt(60), 90 + r.nextInt(60)), w, h,
                new Color(150 + r.nextInt(60), 140 + r.nextInt(60), 110 + r.nextInt(60))));
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        int ph = (int) Math.round((double) picture.getHeight() * size / picture.getWidth());
        g.drawImage(picture, x, y, size, ph, null);
        g.dispose();
        return out;
    }
}
