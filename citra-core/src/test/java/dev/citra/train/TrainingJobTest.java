package dev.citra.train;

import dev.citra.classify.TrainingJob;
import dev.citra.classify.RunResult;
import dev.citra.run.RunDirectory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citra.CitraException;
import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.data.DataOptions;
import dev.citra.data.SplitList;
import dev.citra.data.DemoDataset;
import dev.citra.eval.DatasetEvaluation;
import dev.citra.eval.EpochRecord;
import dev.citra.infer.Classifier;
import dev.citra.infer.Prediction;
import dev.citra.model.Network;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains simple-cnn for real on the generated shapes and checks that it learned. */
class TrainingJobTest {
    @TempDir
    static Path shared;

    static Path data;

    @BeforeAll
    static void drawData() throws Exception {
        data = shared.resolve("shapes");
        DemoDataset.write(data, 200, 64, 7);
    }

    private static Map<String, Object> config(Path out, String name, int epochs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("out", out.toString());
        m.put("name", name);
        m.put("img_size", 32);
        m.put("epochs", epochs);
        m.put("batch", 32);
        m.put("lr", 0.003);
        m.put("val_split", 0.15);
        m.put("test_split", 0.15);
        m.put("seed", 3);
        m.put("early_stopping.patience", 0);
        m.put("reduce_lr.patience", 3);
        return m;
    }

    private static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

    @Test
    void trainsToHighHeldOutAccuracyAndWritesTheWholeRunFolder(@TempDir Path out) throws Exception {
        RunResult r = new TrainingJob(ConfigIO.fromMap(config(out, "e2e", 20)), QUIET).run();
        double accuracy = r.metrics().get("test_accuracy");
        // 4 classes: chance is 0.25.
        assertTrue(accuracy >= 0.9, "test accuracy " + accuracy + " history " + r.history());
        Path run = r.runDir();
        for (String f : List.of("config.yaml", "history.csv", "log.txt", "report.json", "report.html", "metrics.csv",
                "curves.png", "confusion_matrix.png", "best/citra.json", "best/weights.params", "last/citra.json",
                "last/optimizer.state", "last/training_state.json", "splits/train.txt", "splits/test.txt")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), "missing " + f);
        }
        assertEquals(21, Files.readAllLines(run.resolve("history.csv")).size());
        JsonNode report = ModelBundle.json().readTree(run.resolve("report.json").toFile());
        assertEquals(accuracy, report.get("metrics").get("accuracy").asDouble(), 1e-9);

        BundleMetadata meta = ModelBundle.readMetadata(run.resolve("best"));
        assertEquals(List.of("circle", "cross", "square", "triangle"), meta.labels().subList(0, 4));
        assertEquals(32, meta.inputSize());
        assertNotNull(meta.dataFingerprint());
        // best/ is written once, by the checkpointer: its epoch's figures, not the held-out split's.
        assertEquals(r.metrics().get("best_epoch").intValue(), meta.epoch());
        assertTrue(meta.metrics().containsKey("val_accuracy") && !meta.metrics().containsKey("test_accuracy"),
                meta.metrics().toString());

        // The bundle alone predicts: a test image gets its own class on top.
        String first = Files.readAllLines(run.resolve("splits/test.txt")).get(0);
        String[] idAndLabel = first.split("\t");
        try (Classifier c = Classifier.load(run)) {
            List<Prediction> top = c.predict(data.resolve(idAndLabel[0]), 3);
            assertEquals(3, top.size());
            assertTrue(top.get(0).probability() >= top.get(1).probability());
        }
    }

    /** restore_best false ends the run with the last epoch's weights: its report and suggested model are last/'s. */
    @Test
    void withoutRestoreBestTheRunEndsWithTheLastEpoch(@TempDir Path out) throws Exception {
        Map<String, Object> m = config(out, "last", 3);
        m.put("early_stopping.restore_best", false);
        RunResult r = new TrainingJob(ConfigIO.fromMap(m), QUIET).run();
        Path run = r.runDir();
        assertEquals(run.resolve("last"), r.bestBundle());
        assertEquals(3, r.metrics().get("reported_epoch").intValue());
        assertEquals(ModelBundle.readMetadata(run.resolve("best")).epoch(), r.metrics().get("best_epoch").intValue());
        try (Classifier c = Classifier.load(run.resolve("last"))) {
            DatasetEvaluation again = DatasetEvaluation.run(c, data, DataOptions.defaults(),
                    SplitList.read(run.resolve("splits"), SplitList.Part.TEST), 32, 1, 1);
            assertEquals(r.metrics().get("test_accuracy"), again.metrics().accuracy(), 1e-9);
        }
        assertTrue(Files.readString(run.resolve("log.txt")).contains("Last checkpoint (epoch 3)"));
    }

    /** bn_train false holds for the blocks a frozen backbone lets train, too: their moving statistics stay. */
    @Test
    void bnTrainFalseKeepsTheMovingStatisticsOfTheBlocksThatTrain(@TempDir Path out) throws Exception {
        Map<String, Object> m = config(out, "bn", 1);
        m.put("model", "mobilenet_v2");
        m.put("freeze", "backbone");
        m.put("trainable_blocks", 2);
        m.put("bn_train", false);
        m.put("reduce_lr.patience", 0);
        RunResult r = new TrainingJob(ConfigIO.fromMap(m), QUIET).run();
        assertTrue(Files.readString(r.runDir().resolve("log.txt")).contains("backbone layers normalise with their"
                + " moving statistics"));
        try (Network net = ModelBundle.load(r.bestBundle())) {
            int checked = 0;
            for (Pair<String, Parameter> p : net.block().getParameters()) {
                String name = p.getKey();
                if (name.contains("runningMean") || name.contains("running_mean")) {
                    float[] values = p.getValue().getArray().toFloatArray();
                    for (float v : values) {
                        assertEquals(0f, v, 0f, name + " moved");
                    }
                    checked++;
                }
            }
            assertTrue(checked > 10, "moving means found: " + checked);
        }
    }

    /** A run resumes from its own config.yaml: one written by the flat config record of before still does. */
    @Test
    void aRunWhoseConfigYamlIsTheOldFlatRecordResumes(@TempDir Path out) throws Exception {
        Path run = new TrainingJob(ConfigIO.fromMap(config(out, "old", 2)), QUIET).run().runDir();
        // As that record wrote it for config(out, "old", 2): its key order, choices as Java names.
        Files.writeString(run.resolve("config.yaml"), """
                data: %s
                format: auto
                model: simple-cnn
                weights_strict: true
                trainable_blocks: 0
                fine_tune_epochs: 0
                cache_features: true
                cache_views: 0
                img_size: 32
                channels: 3
                normalize: auto
                resize: stretch
                grey: false
                epochs: 2
                batch: 32
                lr: 0.003
                optimizer: adam
                momentum: 0.9
                weight_decay: 0.0
                val_split: 0.15
                test_split: 0.15
                seed: 3
                name: old
                out: %s
                workers: 2
                top_k: 3
                balance: none
                label_smoothing: 0.0
                mixup: 0.0
                cutmix: 0.0
                early_stopping:
                  patience: 0
                  monitor: val_loss
                  mode: auto
                  min_delta: 0.0
                  restore_best: true
                reduce_lr:
                  patience: 3
                  monitor: val_loss
                  mode: auto
                  factor: 0.1
                  min_lr: 1.0E-6
                  min_delta: 1.0E-4
                schedule: CONSTANT
                """.formatted(data, out));
        RunResult resumed = TrainingJob.resume(run, Map.of("epochs", 3), QUIET);
        assertEquals(List.of(1, 2, 3), resumed.history().stream().map(EpochRecord::epoch).toList());
        String yaml = Files.readString(run.resolve("config.yaml"));
        for (String line : List.of("epochs: 3\n", "img_size: 32\n", "seed: 3\n", "schedule: constant\n",
                "reduce_lr:\n  patience: 3\n")) {
            assertTrue(yaml.contains(line), line + " in the rewritten config.yaml:\n" + yaml);
        }
    }

    @Test
    void aRunKilledMidEpochResumesFromLastWithItsEpochCounterAndOptimizerState(@TempDir Path out) throws Exception {
        TrainConfig config = ConfigIO.fromMap(config(out, "killed", 4));
        TrainingListener killer = new TrainingListener() {
            @Override
            public void onBatchEnd(TrainingContext ctx, int batch, int batches, double loss, double acc) {
                if (ctx.epoch() == 3 && batch == 2) {
                    throw new IllegalStateException("simulated kill");
                }
            }
        };
        assertThrows(IllegalStateException.class,
                () -> new TrainingJob(config, QUIET).withListeners(List.of(killer)).run());
        Path run = out.resolve("classify/killed");
        TrainingState saved = ModelBundle.json().readValue(run.resolve("last/training_state.json").toFile(),
                TrainingState.class);
        assertEquals(2, saved.epoch());
        assertEquals(3, Files.readAllLines(run.resolve("history.csv")).size());
        // last/ is loadable as it is after the kill.
        try (Classifier c = Classifier.load(run.resolve("last"))) {
            assertEquals(4, c.labels().size());
        }

        RunResult resumed = TrainingJob.resume(run, Map.of(), QUIET);
        assertEquals(List.of(1, 2, 3, 4), resumed.history().stream().map(EpochRecord::epoch).toList());
        TrainingState end = ModelBundle.json().readValue(run.resolve("last/training_state.json").toFile(),
                TrainingState.class);
        assertEquals(4, end.epoch());
        String log = Files.readString(run.resolve("log.txt"));
        assertTrue(log.contains("Resuming after epoch 2"), log);
        // It went on learning from where it stopped, not from scratch.
        assertTrue(resumed.history().get(3).loss() < resumed.history().get(0).loss(), resumed.history().toString());

        CitraException other = assertThrows(CitraException.class,
                () -> TrainingJob.resume(run, Map.of("model", "fer-cnn", "epochs", 6), QUIET));
        assertTrue(other.getMessage().contains("belongs to architecture 'simple-cnn'"), other.getMessage());

        CitraException done = assertThrows(CitraException.class, () -> TrainingJob.resume(run, Map.of(), QUIET));
        assertTrue(done.getMessage().contains("has already trained 4 epochs: pass --epochs"), done.getMessage());
    }

    @Test
    void resumeRefusesAnotherArchitectureAndMissingRuns(@TempDir Path out) {
        CitraException missing = assertThrows(CitraException.class,
                () -> TrainingJob.resume(out.resolve("classify/nothing"), Map.of(), QUIET));
        assertTrue(missing.getMessage().contains("is not a run folder"), missing.getMessage());
    }

    @Test
    void aPredefinedTrainTestSplitIsKeptAndValIsCarvedFromTrain(@TempDir Path out) throws Exception {
        Path split = out.resolve("split-data");
        DemoDataset.write(split.resolve("train"), 10, 32, 5);
        DemoDataset.write(split.resolve("test"), 3, 32, 6);
        Map<String, Object> m = config(out, "split", 1);
        m.put("data", split.toString());
        m.put("val_split", 0.2);
        m.put("test_split", 0.3);
        RunResult r = new TrainingJob(ConfigIO.fromMap(m), QUIET).run();
        List<String> test = Files.readAllLines(r.runDir().resolve("splits/test.txt"));
        List<String> val = Files.readAllLines(r.runDir().resolve("splits/val.txt"));
        List<String> train = Files.readAllLines(r.runDir().resolve("splits/train.txt"));
        int classes = DemoDataset.CLASSES.size();
        // The test part as given (not the 30% test_split), val = 20% of each train class.
        assertEquals(3 * classes, test.size());
        assertTrue(test.stream().allMatch(l -> l.startsWith("test/")), test.toString());
        assertEquals(2 * classes, val.size());
        assertEquals(8 * classes, train.size());
        assertTrue(val.stream().allMatch(l -> l.startsWith("train/")), val.toString());
        String log = Files.readString(r.runDir().resolve("log.txt"));
        assertTrue(log.contains("Using the predefined split of " + split), log);
        assertTrue(log.contains("val is 20% of train"), log);

        // Evaluating on the split layout takes its test part only.
        try (Classifier c = Classifier.load(r.runDir().resolve("best"))) {
            DatasetEvaluation e = DatasetEvaluation.run(c, split, 8, 1, 1);
            assertEquals(3 * classes, e.imageCount());
            assertTrue(e.ids().stream().allMatch(id -> id.startsWith("test/")), e.ids().toString());
            // Decoded a few images at a time (as a data set larger than memory is), the same result.
            DatasetEvaluation chunked = DatasetEvaluation.runInChunks(c, split, DataOptions.defaults(), null, 8, 1, 1, 2);
            assertEquals(e.ids(), chunked.ids());
            assertArrayEquals(e.predictions().predicted(), chunked.predictions().predicted());
            assertArrayEquals(e.predictions().probabilities(), chunked.predictions().probabilities());
            assertEquals(e.metrics().accuracy(), chunked.metrics().accuracy());
        }
    }

    @Test
    void labelsCanComeFromMrlEyeFileNames(@TempDir Path dir) throws Exception {
        // Eye state is in the file name; the folder names say nothing about it.
        Path mrl = dir.resolve("mrl");
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 24; i++) {
            int state = i % 2;
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(20, 20, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 400; p++) {
                img.getRaster().setSample(p % 20, p / 20, 0, state * 120 + random.nextInt(100));
            }
            Path file = mrl.resolve(i < 12 ? "batch1" : "batch2")
                    .resolve(String.format("s0001_%05d_0_0_%d_0_1_01.png", i, state));
            Files.createDirectories(file.getParent());
            javax.imageio.ImageIO.write(img, "png", file.toFile());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", mrl.toString());
        m.put("label", "eye_state");
        m.put("out", dir.resolve("runs").toString());
        m.put("img_size", 16);
        m.put("channels", 1);
        m.put("epochs", 1);
        m.put("batch", 8);
        RunResult r = new TrainingJob(ConfigIO.fromMap(m), QUIET).run();
        assertEquals(List.of("closed", "open"), ModelBundle.readMetadata(r.bestBundle()).labels());
        assertTrue(Files.readString(r.runDir().resolve("log.txt"))
                .contains("Data format mrl-eye; labels from the MRL Eye file names: field eye_state"));

        CitraException bad = assertThrows(CitraException.class,
                () -> ConfigIO.fromMap(Map.of("label", "eyes", "format", "mrl-eye")).validate());
        assertEquals("Unknown --label 'eyes' for mrl-eye data: use one of [eye_state, gender, glasses, reflections, "
                + "lighting, sensor].", bad.getMessage());
        CitraException format = assertThrows(CitraException.class,
                () -> ConfigIO.fromMap(Map.of("format", "celeba")).validate());
        assertEquals("Unknown --format 'celeba': use one of auto, folder, fer2013-csv, mrl-eye, celeba-eyes, flickr8k.",
                format.getMessage());
    }

    @Test
    void newRunsNeverReuseAFolder(@TempDir Path out) {
        RunDirectory a = RunDirectory.create(out, "classify", "exp");
        RunDirectory b = RunDirectory.create(out, "classify", "exp");
        assertEquals(out.resolve("classify/exp"), a.path());
        assertEquals(out.resolve("classify/exp2"), b.path());
    }

    @Test
    void aRunThatFailsBeforeItsFirstEpochLeavesNoFolder(@TempDir Path out) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", out.resolve("no-such-folder").toString());
        m.put("out", out.toString());
        CitraException e = assertThrows(CitraException.class,
                () -> new TrainingJob(ConfigIO.fromMap(m), new PrintStream(java.io.OutputStream.nullOutputStream())).run());
        assertTrue(e.getMessage().contains("no-such-folder"), e.getMessage());
        assertTrue(!Files.exists(out.resolve("classify/exp")), "the failed run's folder is gone");
        // So the next run takes the name the failed one had.
        assertEquals(out.resolve("classify/exp"), RunDirectory.create(out, "classify", null).path());
    }
}
