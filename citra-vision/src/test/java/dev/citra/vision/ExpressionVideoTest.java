package dev.citra.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.infer.Classifier;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import dev.citra.vision.detect.DetectionParams;
import dev.citra.vision.detect.HaarFaceFinder;
import dev.citra.vision.monitor.BundleClassifier;
import dev.citra.vision.monitor.ExpressionMonitor;
import dev.citra.vision.monitor.ExpressionResult;
import dev.citra.vision.monitor.FaceLabel;
import dev.citra.vision.video.FfmpegSource;
import dev.citra.vision.video.FrameSource;
import dev.citra.vision.video.Mats;
import dev.citra.vision.video.VideoFileSink;
import dev.citra.vision.video.VideoFrame;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S2 on a video of real faces: Grace Hopper and two FER-2013 test faces (48 px, upscaled) on a
 * background, drifting; the detector finds each of them, and each face reaches the model exactly
 * as the bundle's pre-processing makes it.
 */
class ExpressionVideoTest {
    static final List<String> FER = List.of("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise");
    static final int FRAMES = 12;

    @TempDir
    static Path dir;

    static Path bundle;
    static Path video;
    /** Where each face was placed in frame 0 ({x, y, size}); each moves 3 px right a frame. */
    static final int[][] PLACES = {{30, 80, 260}, {330, 60, 150}, {470, 250, 150}};

    static BufferedImage ferFace(ZipFile zip, String entry) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            return ImageIO.read(in);
        }
    }

    @BeforeAll
    static void filmAndSave() throws IOException {
        Path fer = TestData.shared("fer2013.zip");
        BufferedImage hopper = TestData.graceHopper();
        List<BufferedImage> faces = new ArrayList<>();
        faces.add(hopper);
        try (ZipFile zip = new ZipFile(fer.toFile())) {
            faces.add(ferFace(zip, "test/happy/PublicTest_10130075.jpg"));
            faces.add(ferFace(zip, "test/happy/PublicTest_10181609.jpg"));
        }
        video = dir.resolve("faces.mp4");
        VideoFileSink sink = new VideoFileSink(video, 10);
        for (int f = 0; f < FRAMES; f++) {
            BufferedImage scene = TestData.scene(640, 480, new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), -10, -10, 1, 5);
            Graphics2D g = scene.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            for (int i = 0; i < faces.size(); i++) {
                BufferedImage face = faces.get(i);
                int size = PLACES[i][2];
                g.drawImage(face, PLACES[i][0] + 3 * f, PLACES[i][1], size, size * face.getHeight() / face.getWidth(), null);
            }
            g.dispose();
            try (VideoFrame vf = new VideoFrame(Mats.fromImage(scene), f, f / 10.0, System.nanoTime())) {
                sink.write(vf);
            }
        }
        sink.close();
        // An S2-shaped model: grey 48x48 in [-1, 1], the 7 FER classes (untrained: the test is about the pipeline).
        ImageSpec spec = new ImageSpec(48, 1, Normalization.SYMMETRIC);
        try (Network net = Network.create(ArchitectureRegistry.defaults(), ArchitectureSpec.named("simple-cnn"), spec, FER, 3)) {
            bundle = dir.resolve("fer-bundle");
            ModelBundle.save(bundle, net, BundleMetadata.of(BundleMetadata.CURRENT_FORMAT, net.architecture(), FER, spec, null,
                    Map.of(), null, 1, net.parameterCount(), "test", "now"));
        }
    }

    @Test
    void everyFaceIsFoundAndClassifiedFromItsCropAsTheBundlePreprocesses() {
        List<ExpressionResult> results = new ArrayList<>();
        List<List<BufferedImage>> crops = new ArrayList<>();
        try (BundleClassifier classifier = BundleClassifier.load(bundle);
                HaarFaceFinder faces = HaarFaceFinder.frontal(TestData.cascades(), DetectionParams.faces(), 0);
                ExpressionMonitor monitor = new ExpressionMonitor(faces, classifier, 1, 10);
                FrameSource source = FfmpegSource.file(video)) {
            for (VideoFrame next = source.next(); next != null; next = source.next()) {
                try (VideoFrame f = next) {
                    ExpressionResult r = monitor.process(f.bgr(), f.seconds(), new dev.citra.vision.stats.StageTimes());
                    results.add(r);
                    crops.add(r.faces().stream().map(l -> Mats.crop(f.bgr(), l.box().x(), l.box().y(), l.box().width(),
                            l.box().height())).toList());
                }
            }
            Classifier model = classifier.classifier();
            int[] found = new int[PLACES.length];
            for (int f = 0; f < results.size(); f++) {
                List<FaceLabel> labelled = results.get(f).faces();
                for (int i = 0; i < PLACES.length; i++) {
                    int x = PLACES[i][0] + 3 * f;
                    int y = PLACES[i][1];
                    int size = PLACES[i][2];
                    if (labelled.stream().map(FaceLabel::box).anyMatch(b -> b.centerX() > x && b.centerX() < x + size
                            && b.centerY() > y && b.centerY() < y + size)) {
                        found[i]++;
                    }
                }
                for (int k = 0; k < labelled.size(); k++) {
                    // With no smoothing, a face's probabilities are the model's on its crop.
                    float[] direct = model.probabilities(new float[][] {
                            dev.citra.image.ImagePreprocessor.toTensor(crops.get(f).get(k), model.input())})[0];
                    assertArrayEquals(direct, labelled.get(k).probabilities(), 1e-5f);
                    assertTrue(FER.contains(labelled.get(k).label()));
                }
            }
            for (int i = 0; i < PLACES.length; i++) {
                assertTrue(found[i] >= FRAMES - 1, "face " + i + " found in " + found[i] + " of " + FRAMES + " frames");
            }
            int ids = (int) results.stream().flatMap(r -> r.faces().stream()).mapToInt(FaceLabel::id).distinct().count();
            assertTrue(ids <= PLACES.length + 1, "faces keep their ids as they move: " + ids + " ids");
        }
    }

    @Test
    void aCaptionBundleOrAnEyeStateModelIsRefusedForExpressions() throws IOException {
        Path caption = dir.resolve("caption");
        Files.createDirectories(caption);
        Files.writeString(caption.resolve(ModelBundle.METADATA), "{\"format\":1,\"task\":\"caption\"}");
        CitraException e = assertThrows(CitraException.class, () -> BundleClassifier.load(caption));
        assertTrue(e.getMessage().contains("caption model"), e.getMessage());
        CitraException eyes = assertThrows(CitraException.class,
                () -> dev.citra.vision.monitor.LabelChecks.checkExpressions("eyes", List.of("Closed", "Open")));
        assertTrue(eyes.getMessage().contains("drowsiness"), eyes.getMessage());
    }
}
