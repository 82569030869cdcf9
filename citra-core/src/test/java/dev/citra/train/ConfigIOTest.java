package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.image.ResizeMode;
import dev.citra.model.ArchitectureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigIOTest {
    @Test
    void defaultsAreKerasLike() {
        TrainConfig c = TrainConfig.defaults();
        assertEquals("simple-cnn", c.model().name());
        assertEquals(32, c.optimisation().batch());
        assertEquals(1e-3, c.optimisation().lr());
        assertEquals(dev.citra.train.optim.OptimizerKind.ADAM, c.optimisation().optimizer());
        assertEquals("val_loss", c.callbacks().earlyStopping().monitor());
        assertEquals(0.1, c.callbacks().reduceLr().factor());
        assertNull(c.data().path());
    }

    @Test
    void yamlWithLayersAndNestedCallbacksIsRead() {
        TrainConfig c = ConfigIO.parse("""
                data: shapes/
                img_size: 48
                channels: 1
                normalize: symmetric
                early_stopping: {patience: 8, monitor: val_accuracy}
                layers:
                  - {type: conv, filters: 16, kernel: 3}
                  - {type: relu}
                  - {type: globalmaxpool}
                """, "run.yaml");
        assertEquals(48, c.input().imgSize());
        assertEquals(8, c.callbacks().earlyStopping().patience());
        assertEquals("val_accuracy", c.callbacks().earlyStopping().monitor());
        assertTrue(c.callbacks().earlyStopping().restoreBest());
        ArchitectureSpec arch = c.model().architecture();
        assertEquals("custom", arch.name());
        assertEquals(3, arch.layers().size());
    }

    @Test
    void preprocessingKeysMakeTheImageSpec() {
        ImageSpec spec = ConfigIO.parse("""
                model: mobilenet_v2
                img_size: 96
                resize: pad
                grey: true
                predict_blur: 2.5
                """, "run.yaml").imageSpec();
        assertEquals(ResizeMode.PAD, spec.resize());
        assertEquals(0.0, spec.blur(), "training images are not blurred");
        assertEquals(spec.withBlur(2.5), ConfigIO.parse("""
                model: mobilenet_v2
                img_size: 96
                resize: pad
                grey: true
                predict_blur: 2.5
                """, "run.yaml").predictionSpec(), "the trained model's inputs are");
        assertTrue(spec.grey());
        assertEquals(3, spec.channels());
        assertEquals(Normalization.SYMMETRIC, spec.normalization(), "auto is mobilenet_v2's preprocess_input");
        ImageSpec defaults = TrainConfig.defaults().imageSpec();
        assertEquals(Normalization.UNIT, defaults.normalization(), "simple-cnn keeps unit");
        assertEquals(ResizeMode.STRETCH, defaults.resize());
        assertEquals(false, defaults.grey());
        assertEquals(0.0, defaults.blur());
        assertEquals(Normalization.UNIT, ConfigIO.fromMap(Map.of("model", "fer-cnn")).imageSpec().normalization());
    }

    @Test
    void augmentationIsReadWithKerasNames() {
        TrainConfig c = ConfigIO.parse("""
                augment:
                  rotation_range: 90
                  width_shift_range: 10
                  height_shift_range: 10
                  zoom_range: [0.7, 1.3]
                  horizontal_flip: true
                  brightness_range: [0.8, 1.2]
                """, "run.yaml").validate();
        assertEquals(90.0, c.augment().rotationRange());
        assertEquals(java.util.List.of(0.8, 1.2), c.augment().brightnessRange());
        assertEquals(java.util.List.of(0.7, 1.3), c.augment().zoomRange());
        assertTrue(c.augment().horizontalFlip());
        assertEquals("nearest", c.augment().fillMode());
        CitraException e = assertThrows(CitraException.class,
                () -> ConfigIO.parse("augment: {rotation: 90}\n", "run.yaml"));
        assertTrue(e.getMessage().startsWith("Unknown key 'rotation' in run.yaml (line 1)"), e.getMessage());
    }

    @Test
    void flagsWinOverTheFile(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("run.yaml");
        Files.writeString(yaml, "epochs: 5\nbatch: 16\nreduce_lr: {factor: 0.5}\n");
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("epochs", 9);
        flags.put("reduce_lr.patience", 2);
        TrainConfig c = ConfigIO.merge(ConfigIO.read(yaml), flags);
        assertEquals(9, c.optimisation().epochs());
        assertEquals(16, c.optimisation().batch());
        assertEquals(0.5, c.callbacks().reduceLr().factor());
        assertEquals(2, c.callbacks().reduceLr().patience());
    }

    @Test
    void configRoundTripsThroughYaml() {
        TrainConfig c = ConfigIO.merge(TrainConfig.defaults(), Map.of("data", "x", "epochs", 3, "dropout", 0.4));
        assertEquals(c, ConfigIO.parse(ConfigIO.toYaml(c), "config.yaml"));
    }

    @Test
    void unknownKeyNamesTheKeyTheFileAndTheKnownKeys() {
        CitraException e = assertThrows(CitraException.class, () -> ConfigIO.parse("epoch: 5\n", "run.yaml"));
        assertTrue(e.getMessage().startsWith("Unknown key 'epoch' in run.yaml (line 1): known keys are "), e.getMessage());
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheKeyAndTheTypeNeeded() {
        CitraException e = assertThrows(CitraException.class, () -> ConfigIO.parse("epochs: ten\n", "run.yaml"));
        assertEquals("Key 'epochs' in run.yaml (line 1) has value 'ten', which is not a whole number.", e.getMessage());
        CitraException nested = assertThrows(CitraException.class,
                () -> ConfigIO.parse("early_stopping: {patience: soon}\n", "run.yaml"));
        assertTrue(nested.getMessage().startsWith("Key 'early_stopping.patience' in run.yaml"), nested.getMessage());
    }

    @Test
    void missingConfigFileIsNamed(@TempDir Path dir) {
        CitraException e = assertThrows(CitraException.class, () -> ConfigIO.read(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().contains("nope.yaml does not exist"), e.getMessage());
    }

    @Test
    void outOfRangeValuesNameTheFlag() {
        assertEquals("--epochs must be between 1 and 100000, not 0.", invalid(Map.of("epochs", 0)));
        assertEquals("--lr must be greater than 0 and at most 10, not -0.1.", invalid(Map.of("lr", -0.1)));
        assertEquals("--channels must be 1 or 3, not 2.", invalid(Map.of("channels", 2)));
        assertEquals("--predict-blur must be between 0.0 and 10.0, not 11.0.", invalid(Map.of("predict_blur", 11.0)));
        assertEquals("--patience must be between 0 and 100000, not 100001.",
                invalid(Map.of("early_stopping.patience", 100_001)));
        assertEquals("--lr-patience must be between 0 and 100000, not -1.", invalid(Map.of("reduce_lr.patience", -1)));
        assertEquals("--val-split must be a fraction in [0, 1), not 1.5.", invalid(Map.of("val_split", 1.5)));
        assertTrue(invalid(Map.of("val_split", 0.6, "test_split", 0.5)).startsWith("--val-split + --test-split is 1.1"));
        assertEquals("Unknown optimizer 'adagrad' in the command line: use one of adam, adamw, sgd, rmsprop.",
                invalid(Map.of("optimizer", "adagrad")));
        assertEquals("Unknown normalize 'zscore' in the command line: use one of auto, unit, symmetric, torch, caffe.",
                invalid(Map.of("normalize", "zscore")));
        assertEquals("Unknown resize 'fit' in the command line: use one of stretch, pad, crop.",
                invalid(Map.of("resize", "fit")));
        assertTrue(invalid(Map.of("augment", Map.of("brightness_range", java.util.List.of(1.5, 0.5))))
                .startsWith("augment.brightness_range must be [low, high] with 0 <= low <= high"));
        assertEquals("Unknown monitor 'val_acc': use one of [val_loss, val_accuracy, loss, accuracy].",
                invalid(Map.of("early_stopping.monitor", "val_acc")));
    }

    private static String invalid(Map<String, Object> values) {
        return assertThrows(CitraException.class, () -> ConfigIO.fromMap(values).validate()).getMessage();
    }

    @Test
    void theS1HeadAndTheFineTuneStageAreRead() {
        TrainConfig c = ConfigIO.parse("""
                model: densenet201
                freeze: backbone
                trainable_blocks: 2
                fine_tune_epochs: 5
                head: {batchnorm: true, pooling: avg, hidden: [128]}
                dropout: 0.5
                """, "s1.yaml");
        assertEquals(new dev.citra.model.HeadSpec(true, "avg", java.util.List.of(128)), c.model().architecture().head());
        assertEquals(0.5, c.model().architecture().dropout());
        assertEquals(2, c.transfer().trainableBlocks());
        assertEquals(c.optimisation().epochs() + 5, c.totalEpochs());
        assertEquals(c.optimisation().lr() / 10, c.fineTuneLrOrDefault(), 1e-12);
        assertEquals(c, ConfigIO.parse(ConfigIO.toYaml(c), "config.yaml"));
        CitraException pooling = assertThrows(CitraException.class,
                () -> ConfigIO.parse("head: {pooling: mean}\n", "run.yaml"));
        assertTrue(pooling.getMessage().contains("use avg, max or flatten"), pooling.getMessage());
    }

    @Test
    void anUnknownChoiceNamesTheFileTheLineAndTheChoices() {
        CitraException e = assertThrows(CitraException.class,
                () -> ConfigIO.parse("epochs: 5\noptimizer: adma\n", "run.yaml"));
        assertEquals("Unknown optimizer 'adma' in run.yaml (line 2): use one of adam, adamw, sgd, rmsprop.",
                e.getMessage());
        e = assertThrows(CitraException.class, () -> ConfigIO.parse("resize:\n  - pad\n", "run.yaml"));
        assertEquals("Key 'resize' in run.yaml (line 1) has the wrong type: it needs one of stretch, pad, crop.",
                e.getMessage());
        e = assertThrows(CitraException.class, () -> ConfigIO.merge(TrainConfig.defaults(), Map.of("normalize", "z")));
        assertEquals("Unknown normalize 'z' in the command line: use one of auto, unit, symmetric, torch, caffe.",
                e.getMessage());
    }

    @Test
    void groupsTakeOnlyTheirOwnKeys() {
        CitraException e = assertThrows(CitraException.class,
                () -> ConfigIO.parse("epochs: 3\nearly_stopping: {patinece: 3}\n", "run.yaml"));
        assertEquals("Unknown key 'patinece' in run.yaml (line 2): known keys are min_delta, mode, monitor, patience,"
                + " restore_best.", e.getMessage());
        e = assertThrows(CitraException.class, () -> ConfigIO.parse("reduce_lr: 5\n", "run.yaml"));
        assertTrue(e.getMessage().startsWith("Key 'reduce_lr' in run.yaml (line 1) has the wrong type: it needs a"
                + " mapping of keys (factor, "), e.getMessage());
        e = assertThrows(CitraException.class, () -> ConfigIO.parse("- epochs\n", "run.yaml"));
        assertEquals("Could not read run.yaml: it needs a mapping of keys, such as 'epochs: 5'.", e.getMessage());
    }

    @Test
    void aRecipeBlockAndCommentsAreNotOptions() {
        TrainConfig c = ConfigIO.parse("# S2\nrecipe: {task: classify}\nepochs: 3\n", "s2.yaml");
        assertEquals(3, c.optimisation().epochs());
        assertEquals(TrainConfig.defaults(), ConfigIO.parse("# nothing set yet\n", "run.yaml"));
    }

    /** config.yaml as citra wrote it before the config was nested (choices upper-case, the old key order). */
    @Test
    void aConfigYamlOfTheFlatRecordStillReads() {
        TrainConfig c = ConfigIO.parse("""
                data: shapes
                model: simple-cnn
                img_size: 32
                normalize: auto
                epochs: 4
                optimizer: adam
                seed: 3
                workers: 2
                early_stopping:
                  patience: 0
                  restore_best: true
                schedule: CONSTANT
                """, "config.yaml");
        assertEquals("shapes", c.data().path());
        assertEquals(32, c.input().imgSize());
        assertEquals(0, c.callbacks().earlyStopping().patience());
        assertEquals(dev.citra.train.optim.OptimizerKind.ADAM, c.optimisation().optimizer());
        assertEquals(Schedule.CONSTANT, c.optimisation().schedule());
        assertEquals(3L, c.seed());
    }
}
