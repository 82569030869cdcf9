package dev.citra.caption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.bundle.ModelTask;
import dev.citra.infer.Classifier;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole caption pipeline on a small generated Flickr8k (Kaggle layout): coloured squares and
 * circles whose captions name colour and shape. A captioner that looks at the image beats the
 * baseline that always says the most frequent caption; the run folder tells the story; the bundle
 * captions by itself; resuming continues; bad input gets clear messages.
 */
class CaptionJobTest {
    private static final String[] COLOURS = {"red", "green", "blue", "yellow"};
    private static final Color[] RGB = {Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW};
    private static final String[] SHAPES = {"square", "circle"};
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void drawData() throws Exception {
        data = dir.resolve("flickr");
        Files.createDirectories(data.resolve("Images"));
        StringBuilder csv = new StringBuilder("image,caption\n");
        Random random = new Random(5);
        for (int i = 0; i < 64; i++) {
            int c = i % 4;
            int s = (i / 4) % 2;
            BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(235, 235, 235));
            g.fillRect(0, 0, 40, 40);
            g.setColor(RGB[c]);
            int size = 22 + random.nextInt(10);
            int x = random.nextInt(40 - size);
            int y = random.nextInt(40 - size);
            if (s == 0) {
                g.fillRect(x, y, size, size);
            } else {
                g.fillOval(x, y, size, size);
            }
            g.dispose();
            String name = String.format("%04d_img.png", i);
            ImageIO.write(image, "png", data.resolve("Images").resolve(name).toFile());
            csv.append(name).append(",A ").append(COLOURS[c]).append(" ").append(SHAPES[s]).append(".\n");
            csv.append(name).append(",\"The ").append(SHAPES[s]).append(", it is ").append(COLOURS[c]).append("\"\n");
        }
        Files.writeString(data.resolve("captions.txt"), csv.toString());
    }

    private static CaptionConfig config(String name, int epochs) {
        return CaptionConfig.of(Map.of("data", data.toString(), "encoder", "mobilenet_v2", "img_size", 32,
                "embed", 16, "hidden", 32, "dropout", 0.0, "epochs", epochs, "batch", 16, "lr", 0.01,
                "val_split", 0.25)).with(Map.of("decoder", "merge", "out", dir.resolve("runs").toString(), "name", name, "workers", 2,
                        "patience", 0, "lr_patience", 0));
    }

    @Test
    void aCaptionerTrainsReportsBeatsTheBaselineAndLoadsByItself() throws Exception {
        CaptionJob.Result result = new CaptionJob(config("merge", 12), QUIET).run();
        Path run = result.runDir();
        for (String file : List.of("config.yaml", "log.txt", "history.csv", "curves.png", "report.html", "report.json",
                "best/citra.json", "best/weights.params", "best/encoder.params", "last/optimizer.state",
                "splits/train.txt")) {
            assertTrue(Files.exists(run.resolve(file)), file);
        }
        assertEquals(12, result.history().size());
        CaptionReport report = result.report();
        assertEquals(16, report.images());
        // The baseline says one colour and one shape for every image; the model sees them.
        assertTrue(report.greedy()[0] > report.baseline()[0] + 0.1,
                "BLEU-1 greedy " + report.greedy()[0] + " vs baseline " + report.baseline()[0]);
        assertTrue(report.greedy()[3] > report.baseline()[3], "BLEU-4 greedy " + report.greedy()[3]);
        assertEquals(ModelTask.CAPTION, ModelBundle.task(run));
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("BLEU-4") && html.contains("data:image/jpeg;base64,"), "report shows samples");

        // The bundle captions by itself, as the report did.
        try (Captioner captioner = Captioner.load(run)) {
            Path image = data.resolve("Images/0001_img.png");
            String caption = captioner.caption(image, 1).text();
            assertFalse(caption.isBlank());
            assertEquals(caption, captioner.caption(image, 1).text(), "decoding is deterministic");
            assertTrue(captioner.caption(image, 3).words().size() <= captioner.metadata().maxLength());
        }

        // caption eval on the training data evaluates the same held-out split with the same figures.
        CaptionEvaluation.Result eval = CaptionEvaluation.run(run, data, 3, dir.resolve("evals"), null, 2, QUIET);
        assertArrayEquals(report.greedy(), eval.report().greedy(), 1e-9);
        assertArrayEquals(report.beam(), eval.report().beam(), 1e-9);

        // A classifier's command refuses a caption model with what to use instead.
        CitraException e = assertThrows(CitraException.class, () -> Classifier.load(run));
        assertTrue(e.getMessage().contains("caption predict"), e.getMessage());
    }

    @Test
    void aCaptionRunResumesWhereItStopped() {
        CaptionJob.Result first = new CaptionJob(config("resume", 2), QUIET).run();
        CaptionJob.Result more = CaptionJob.resuming(first.runDir(), Map.of("epochs", 4, "lr", 0.0007), QUIET).run();
        assertEquals(4, more.history().size());
        assertEquals(first.history().get(1).loss(), more.history().get(1).loss(), 1e-12, "history kept");
        assertEquals(0.0007, more.history().get(2).lr(), 1e-12, "--lr replaces the rate the run had reached");
        CitraException done = assertThrows(CitraException.class,
                () -> CaptionJob.resuming(first.runDir(), Map.of(), QUIET).run());
        assertTrue(done.getMessage().contains("already trained 4 epochs"), done.getMessage());
    }

    @Test
    void badInputGetsOneClearMessage() throws Exception {
        CitraException e = assertThrows(CitraException.class,
                () -> new CaptionJob(config("x", 1).with(Map.of("data", dir.resolve("nowhere").toString())), QUIET).run());
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
        e = assertThrows(CitraException.class, () -> config("x", 1).with(Map.of("encoder", "simple-cnn")).validate());
        assertTrue(e.getMessage().contains("not a pretrained backbone"), e.getMessage());
        e = assertThrows(CitraException.class, () -> config("x", 1).with(Map.of("beam", 0)).validate());
        assertTrue(e.getMessage().contains("--beam must be between 1 and 100"), e.getMessage());
        e = assertThrows(CitraException.class, () -> config("x", 1).with(Map.of("decoder", "transformer")));
        assertTrue(e.getMessage().contains("merge, inject, attention"), e.getMessage());
        Path malformed = Files.createDirectories(dir.resolve("malformed/Images"));
        Files.copy(data.resolve("Images/0000_img.png"), malformed.resolve("0000_img.png"));
        Files.writeString(malformed.resolveSibling("captions.txt"), "image,caption\n0000_img.png\n");
        e = assertThrows(CitraException.class,
                () -> new CaptionJob(config("x", 1).with(Map.of("data", malformed.getParent().toString())), QUIET).run());
        assertTrue(e.getMessage().contains("captions.txt") && e.getMessage().contains("line 2"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("runs/caption/x")), "a run that failed before its first epoch leaves no folder");
    }
}
