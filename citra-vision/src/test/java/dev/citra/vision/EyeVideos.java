package dev.citra.vision;

import dev.citra.train.ConfigIO;
import dev.citra.classify.RunResult;
import dev.citra.classify.TrainingJob;
import dev.citra.vision.detect.Box;
import dev.citra.vision.detect.DetectionParams;
import dev.citra.vision.detect.HaarEyeFinder;
import dev.citra.vision.detect.HaarFaceFinder;
import dev.citra.vision.monitor.CropClassifier;
import dev.citra.vision.video.Mats;
import dev.citra.vision.video.VideoFileSink;
import dev.citra.vision.video.VideoFrame;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A driver filmed for the drowsiness tests: Grace Hopper's portrait with real eye crops from the
 * eye-state set pasted over her eyes, open or closed as a script says, and a small eye-state
 * model trained on that set.
 */
final class EyeVideos {
    /** How much the monitor grows an eye box before cropping; the pasted crops fill that box. */
    static final double MARGIN = 0.15;

    private EyeVideos() {}

    /**
     * Trains simple-cnn at 24 px for 6 epochs on the first {@code perClass} images of each
     * class of the eye-state set (copied to {@code out}/eyes) and returns its best bundle.
     */
    static Path trainEyeModel(Path zip, Path out, int perClass) {
        Path data = out.resolve("eyes");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Map<String, Integer> taken = new LinkedHashMap<>();
            Enumeration<? extends ZipEntry> entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                int slash = name.indexOf('/');
                if (e.isDirectory() || slash < 0 || !name.endsWith(".jpg")
                        || taken.merge(name.substring(0, slash), 1, Integer::sum) > perClass) {
                    continue;
                }
                Path target = data.resolve(name);
                java.nio.file.Files.createDirectories(target.getParent());
                try (InputStream in = z.getInputStream(e)) {
                    java.nio.file.Files.copy(in, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("out", out.toString());
        m.put("name", "eyes");
        m.put("model", "simple-cnn");
        m.put("img_size", 24);
        m.put("epochs", 6);
        m.put("batch", 8);
        m.put("seed", 7);
        m.put("early_stopping.patience", 0);
        m.put("reduce_lr.patience", 0);
        RunResult r = new TrainingJob(ConfigIO.fromMap(m), new PrintStream(OutputStream.nullOutputStream())).run();
        return r.bestBundle();
    }

    /**
     * The first {@code n} images of a class folder of the training data that {@code classifier} gives its
     * class confidently and that, pasted over the eyes of {@code scene}, leave its face findable
     * (a few crops are bright enough to hide an eye from the face cascade).
     */
    static List<BufferedImage> crops(Path data, String folder, CropClassifier classifier, Scene scene, int n) {
        int cls = classifier.labels().indexOf(folder);
        List<BufferedImage> out = new ArrayList<>();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(data.resolve(folder))) {
            for (Path file : files.sorted().toList()) {
                BufferedImage img = TestData.read(file);
                if (classifier.probabilities(List.of(img))[0][cls] > 0.9f && faceFound(frame(scene, img))) {
                    out.add(img);
                    if (out.size() == n) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static boolean faceFound(BufferedImage image) {
        try (HaarFaceFinder faces = HaarFaceFinder.frontal(TestData.cascades(), DetectionParams.faces(), 320);
                Mat bgr = Mats.fromImage(image);
                Mat grey = Mats.grey(bgr)) {
            return faces.faces(grey).size() == 1;
        }
    }

    /** The portrait scene and where its eye crops go (eye boxes grown by {@link #MARGIN}). */
    record Scene(BufferedImage image, List<Box> eyeSlots) {}

    static Scene scene() {
        BufferedImage base = TestData.scene(640, 480, TestData.graceHopper(), 150, 40, 340, 11);
        try (HaarFaceFinder faces = HaarFaceFinder.frontal(TestData.cascades(), DetectionParams.faces(), 320);
                HaarEyeFinder eyes = HaarEyeFinder.of(TestData.cascades(), DetectionParams.eyes(), false, true);
                Mat bgr = Mats.fromImage(base);
                Mat grey = Mats.grey(bgr)) {
            Box face = faces.faces(grey).get(0);
            List<Box> slots = eyes.eyes(grey, face).stream().map(b -> b.grow(MARGIN, 640, 480)).toList();
            return new Scene(base, slots);
        }
    }

    /** The scene with {@code eye} pasted into every eye slot. */
    static BufferedImage frame(Scene scene, BufferedImage eye) {
        BufferedImage out = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.drawImage(scene.image(), 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        for (Box b : scene.eyeSlots()) {
            g.drawImage(eye, b.x(), b.y(), b.width(), b.height(), null);
        }
        g.dispose();
        return out;
    }

    /**
     * Writes a video at {@code fps}: for each {@code (seconds, closed)} step of the script, frames
     * with open or closed eyes (cycling through the crops).
     */
    static void write(Path file, Scene scene, double fps, List<BufferedImage> open, List<BufferedImage> closed,
            double[][] script) {
        VideoFileSink sink = new VideoFileSink(file, fps);
        long index = 0;
        for (double[] step : script) {
            List<BufferedImage> eyes = step[1] > 0 ? closed : open;
            for (int i = 0; i < Math.round(step[0] * fps); i++, index++) {
                try (VideoFrame f = new VideoFrame(Mats.fromImage(frame(scene, eyes.get((int) (index % eyes.size())))),
                        index, index / fps, System.nanoTime())) {
                    sink.write(f);
                }
            }
        }
        sink.close();
    }
}
