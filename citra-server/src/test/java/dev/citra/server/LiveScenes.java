package dev.citra.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.citra.image.ImageEncoding;
import dev.citra.vision.detect.Box;
import dev.citra.vision.detect.DetectionParams;
import dev.citra.vision.detect.HaarCascades;
import dev.citra.vision.detect.HaarEyeFinder;
import dev.citra.vision.detect.HaarFaceFinder;
import dev.citra.vision.video.Mats;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Camera frames for the live tests, from the shared data: Grace Hopper's portrait in a 640×480
 * frame, and the same frame with her eyes painted over in a marker colour that a fake eye-state
 * model reads as closed.
 */
final class LiveScenes {
    /** The colour of a "closed" eye; nothing in the portrait is this green. */
    static final Color MARKER = new Color(25, 70, 25);
    static final List<String> EYE_LABELS = List.of("Closed", "Open");

    private LiveScenes() {}

    /** A file of the shared data folder; the test is skipped when it is absent. */
    static Path shared(String relative) {
        String root = System.getProperty("citra.shared");
        assumeTrue(root != null, "citra.shared is not set");
        Path p = Path.of(root, "data", relative);
        assumeTrue(Files.exists(p), p + " is absent");
        return p;
    }

    static HaarCascades cascades() {
        return HaarCascades.locate(shared("haarcascades"));
    }

    static BufferedImage graceHopper() {
        try {
            return ImageIO.read(shared("weights/samples/grace_hopper.bmp").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The portrait, 300 px wide, on a plain 640×480 frame. */
    static BufferedImage portrait() {
        BufferedImage frame = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = frame.createGraphics();
        g.setColor(new Color(70, 90, 120));
        g.fillRect(0, 0, 640, 480);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        BufferedImage face = graceHopper();
        g.drawImage(face, 170, 20, 300, face.getHeight() * 300 / face.getWidth(), null);
        g.dispose();
        return frame;
    }

    /** The portrait with a blot of the marker colour on each eye the monitor would look at. */
    static BufferedImage eyesClosed() {
        BufferedImage frame = portrait();
        Graphics2D g = frame.createGraphics();
        g.setColor(MARKER);
        for (Box eye : eyes(frame)) {
            // An eye-sized dark blot keeps the face a face for the cascade; painting the whole box loses it.
            int w = (int) Math.round(eye.width() * 0.8);
            int h = (int) Math.round(eye.height() * 0.45);
            g.fillOval((int) Math.round(eye.centerX() - w / 2.0), (int) Math.round(eye.centerY() - h / 2.0), w, h);
        }
        g.dispose();
        return frame;
    }

    private static List<Box> eyes(BufferedImage frame) {
        HaarCascades cascades = cascades();
        try (HaarFaceFinder faces = HaarFaceFinder.frontal(cascades, DetectionParams.faces(), 320);
                HaarEyeFinder eyes = HaarEyeFinder.of(cascades, DetectionParams.eyes(), false, true);
                Mat bgr = Mats.fromImage(frame);
                Mat grey = Mats.grey(bgr)) {
            List<Box> found = faces.faces(grey);
            if (found.isEmpty()) {
                throw new AssertionError("The cascade finds no face in the portrait");
            }
            return eyes.eyes(grey, found.get(0));
        }
    }

    static byte[] jpeg(BufferedImage image) {
        return ImageEncoding.jpeg(image);
    }

    /**
     * A fake eye-state model: "Closed" when a tenth of the crop is the marker colour. Tensors are
     * 24×24 RGB in [0, 1], channel by channel.
     */
    static float[][] eyeState(float[][] tensors) {
        float[][] out = new float[tensors.length][];
        int area = Fixtures.SPEC.size() * Fixtures.SPEC.size();
        float[] marker = MARKER.getRGBColorComponents(null);
        for (int i = 0; i < tensors.length; i++) {
            int hits = 0;
            for (int p = 0; p < area; p++) {
                boolean near = true;
                for (int c = 0; c < 3; c++) {
                    near &= Math.abs(tensors[i][c * area + p] - marker[c]) < 0.12f;
                }
                hits += near ? 1 : 0;
            }
            out[i] = hits > area / 10 ? new float[] {0.95f, 0.05f} : new float[] {0.05f, 0.95f};
        }
        return out;
    }

    /** {@link #eyeState} served as a classifier named {@code name}. */
    static ServedClassifier eyeModel(String name, BatchListener listener) {
        return Fixtures.fake(name, EYE_LABELS, LiveScenes::eyeState, Fixtures.settings(8, 1, 64), listener);
    }
}
