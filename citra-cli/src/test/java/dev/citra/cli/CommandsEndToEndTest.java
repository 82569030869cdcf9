package dev.citra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.data.DemoDataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, eval and predict through the command line, on a small generated set with bad files in it. */
class CommandsEndToEndTest {
    @TempDir
    static Path dir;

    static Path data;
    static Path runs;

    @BeforeAll
    static void trainOnce() throws Exception {
        data = dir.resolve("shapes");
        DemoDataset.write(data, 40, 48, 5);
        // A truncated PNG, an empty file and a text file among the images: skipped and counted.
        byte[] png = Files.readAllBytes(data.resolve("circle").resolve(Files.list(data.resolve("circle")).sorted()
                .filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow().getFileName()));
        Files.write(data.resolve("circle/zz_truncated.png"), java.util.Arrays.copyOf(png, png.length / 3));
        Files.write(data.resolve("square/zz_empty.jpg"), new byte[0]);
        Files.writeString(data.resolve("cross/notes.txt"), "not an image");
        runs = dir.resolve("runs");
        Path config = dir.resolve("run.yaml");
        Files.writeString(config, "epochs: 2\nimg_size: 24\nearly_stopping: {patience: 0}\n"
                + "augment: {rotation_range: 10, width_shift_range: 2, horizontal_flip: true, zoom_range: [0.9, 1.1], fill_mode: reflect}\n");
        int code = capture(() -> Main.run("train", "--data", data.toString(), "--config", config.toString(), "--out",
                runs.toString(), "--name", "cli", "--batch", "16", "--val-split", "0.2", "--test-split", "0.2")).code;
        assertEquals(0, code);
    }

    private record Captured(int code, String out) {}

    private static Captured capture(java.util.concurrent.Callable<Integer> call) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            return new Captured(call.call(), bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void trainWritesTheRunAndCountsTheBadFiles() throws Exception {
        Path run = runs.resolve("classify/cli");
        assertTrue(Files.isRegularFile(run.resolve("best/citra.json")));
        String saved = Files.readString(run.resolve("config.yaml"));
        assertTrue(saved.contains("img_size: 24"), saved);
        assertTrue(saved.contains("fill_mode: reflect"), "the augmentation is part of the run's config: " + saved);
        JsonNode report = new ObjectMapper().readTree(run.resolve("report.json").toFile());
        List<String> skipped = new java.util.ArrayList<>();
        report.get("skipped_files").forEach(n -> skipped.add(n.get("file").asText() + ": " + n.get("reason").asText()));
        assertEquals(3, skipped.size(), skipped.toString());
        assertTrue(skipped.stream().anyMatch(s -> s.startsWith("cross/notes.txt")), skipped.toString());
        assertTrue(skipped.stream().anyMatch(s -> s.startsWith("square/zz_empty.jpg")), skipped.toString());
        assertTrue(skipped.stream().anyMatch(s -> s.startsWith("circle/zz_truncated.png")), skipped.toString());
    }

    @Test
    void evalWritesAReportWhoseFiguresMatchTheTable() throws Exception {
        Captured c = capture(() -> Main.run("eval", "--model", runs.resolve("classify/cli").toString(), "--data",
                data.toString(), "--out", runs.toString(), "--top-k", "2"));
        assertEquals(0, c.code());
        assertTrue(c.out().contains("macro avg"), c.out());
        JsonNode report = new ObjectMapper().readTree(runs.resolve("eval/cli/report.json").toFile());
        assertEquals(160, report.get("images").asInt());
        double accuracy = report.get("metrics").get("accuracy").asDouble();
        assertTrue(c.out().contains(String.format(java.util.Locale.ROOT, "accuracy %.4f", accuracy)), c.out());
        assertTrue(Files.isRegularFile(runs.resolve("eval/cli/confusion_matrix.png")));
        assertTrue(Files.isRegularFile(runs.resolve("eval/cli/calibration.png")));
        double ece = report.get("calibration").get("ece").asDouble();
        assertTrue(ece >= 0 && ece <= 1, "ECE " + ece);
        assertTrue(c.out().contains(String.format(java.util.Locale.ROOT, "Expected calibration error %.4f", ece)),
                c.out());
    }

    /** The run's own test part, evaluated again from the data set it was trained on, gives training's test figure. */
    @Test
    void evalOfTheRunsTestSplitReproducesTheRunsTestFigure() throws Exception {
        Path run = runs.resolve("classify/cli");
        Captured c = capture(() -> Main.run("eval", "--model", run.toString(), "--split", "test", "--out",
                runs.toString(), "--name", "cli-test", "--batch", "7"));
        assertEquals(0, c.code(), c.out());
        ObjectMapper json = new ObjectMapper();
        JsonNode trained = json.readTree(run.resolve("report.json").toFile());
        JsonNode evaluated = json.readTree(runs.resolve("eval/cli-test/report.json").toFile());
        long listed = Files.readAllLines(run.resolve("splits/test.txt")).stream().filter(l -> !l.isBlank()).count();
        assertEquals(listed, evaluated.get("images").asInt());
        assertEquals(trained.get("images").asInt(), evaluated.get("images").asInt());
        assertEquals(trained.get("metrics").get("accuracy").asDouble(), evaluated.get("metrics").get("accuracy")
                .asDouble(), 1e-9);
        String title = evaluated.get("title").asText();
        assertTrue(title.contains("the test part of " + data), title);

        Outcome loose = Outcome.run("eval", "--model", run.resolve("best").toString(), "--split", "holdout");
        assertEquals(2, loose.code());
        assertTrue(loose.err().contains("Unknown split part 'holdout'"), loose.err());
        Outcome noData = Outcome.run("eval", "--model", run.toString());
        assertEquals(2, noData.code());
        assertTrue(noData.err().contains("--data"), noData.err());
    }

    @Test
    void predictWithTtaAveragesTheImageAndItsMirror() throws Exception {
        Path image = Files.list(data.resolve("triangle")).sorted().findFirst().orElseThrow();
        java.awt.image.BufferedImage original = javax.imageio.ImageIO.read(image.toFile());
        int w = original.getWidth();
        java.awt.image.BufferedImage flipped = new java.awt.image.BufferedImage(w, original.getHeight(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < original.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                flipped.setRGB(w - 1 - x, y, original.getRGB(x, y));
            }
        }
        Path mirror = dir.resolve("mirror.png");
        javax.imageio.ImageIO.write(flipped, "png", mirror.toFile());
        String model = runs.resolve("classify/cli").toString();
        Map<String, Double> plain = probabilities(model, image.toString());
        Map<String, Double> mirrored = probabilities(model, mirror.toString());
        Map<String, Double> tta = probabilities(model, image.toString(), "--tta", "flip");
        for (String label : plain.keySet()) {
            // Resizing a mirror image is the mirror of the resized image up to interpolation rounding.
            assertEquals((plain.get(label) + mirrored.get(label)) / 2, tta.get(label), 2e-3, label);
        }
        Outcome bad = Outcome.run("predict", "--model", model, image.toString(), "--tta", "rotate");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("Unknown test-time augmentation 'rotate'"), bad.err());
    }

    private static Map<String, Double> probabilities(String model, String image, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("predict", "--model", model, image, "--top-k", "4",
                "--json"));
        args.addAll(List.of(more));
        Captured c = capture(() -> Main.run(args.toArray(String[]::new)));
        assertEquals(0, c.code(), c.out());
        Map<String, Double> byLabel = new java.util.TreeMap<>();
        new ObjectMapper().readTree(c.out()).get("predictions")
                .forEach(p -> byLabel.put(p.get("label").asText(), p.get("probability").asDouble()));
        assertEquals(4, byLabel.size(), c.out());
        return byLabel;
    }

    @Test
    void predictPrintsJsonForAnImageAndACsvForAFolder() throws Exception {
        Path image = Files.list(data.resolve("triangle")).sorted().findFirst().orElseThrow();
        Captured one = capture(() -> Main.run("predict", "--model", runs.resolve("classify/cli/best").toString(),
                image.toString(), "--top-k", "2", "--json"));
        assertEquals(0, one.code());
        JsonNode json = new ObjectMapper().readTree(one.out());
        assertEquals(2, json.get("predictions").size());
        double p1 = json.get("predictions").get(0).get("probability").asDouble();
        double p2 = json.get("predictions").get(1).get("probability").asDouble();
        assertTrue(p1 >= p2 && p1 <= 1 && p2 >= 0, one.out());

        Path csv = dir.resolve("predictions.csv");
        Captured folder = capture(() -> Main.run("predict", "--model", runs.resolve("classify/cli").toString(),
                data.resolve("cross").toString(), "--csv", csv.toString()));
        assertEquals(0, folder.code());
        List<String> rows = Files.readAllLines(csv);
        assertEquals("image,label_1,probability_1,label_2,probability_2,label_3,probability_3,error", rows.get(0));
        assertEquals(41, rows.size(), "header + 40 images (the .txt is not an image)");

        Captured byDefault = capture(() -> Main.run("predict", "--model", runs.resolve("classify/cli/best").toString(),
                data.resolve("cross").toString(), "--out", runs.toString()));
        assertEquals(0, byDefault.code());
        Path written = runs.resolve("predict/cli/predictions.csv");
        assertEquals(41, Files.readAllLines(written).size());
        assertTrue(byDefault.out().endsWith("\nPredictions: " + written + System.lineSeparator()), byDefault.out());
        assertTrue(!Files.exists(Path.of("predictions.csv")), "nothing in the current directory");
    }
}
