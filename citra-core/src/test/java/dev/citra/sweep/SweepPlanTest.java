package dev.citra.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.train.ConfigIO;
import dev.citra.train.TrainConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sweep files: the trials they give, their names, and one clear sentence for each mistake. */
class SweepPlanTest {
    private static final TrainConfig BASE = ConfigIO.fromMap(Map.of("data", "shapes", "epochs", 50, "batch", 32));

    private static SweepPlan plan(String yaml) {
        return SweepPlan.of(BASE, ConfigIO.parse(yaml, "sweep.yaml", SweepSpec.class), "sweep.yaml", yaml);
    }

    private static String error(String yaml) {
        return assertThrows(CitraException.class, () -> plan(yaml)).getMessage();
    }

    @Test
    void gridIsEveryCombinationFirstKeySlowest() {
        SweepPlan p = plan("params:\n  batch: [16, 64]\n  lr: [0.001, 0.01]\n");
        assertEquals(List.of(Map.of("batch", 16, "lr", 0.001), Map.of("batch", 16, "lr", 0.01),
                Map.of("batch", 64, "lr", 0.001), Map.of("batch", 64, "lr", 0.01)), p.trials(0, Map.of()));
        assertEquals("val_accuracy", p.spec().metric());
    }

    @Test
    void randomSearchDrawsDistinctSeededTrialsFromListsAndRanges() {
        String yaml = "method: random\ntrials: 6\nseed: 7\nparams:\n  lr: {min: 0.0001, max: 0.1, log: true}\n"
                + "  batch: [16, 32, 64]\n  epochs: {min: 5, max: 9}\n";
        List<Map<String, Object>> trials = plan(yaml).trials(0, Map.of());
        assertEquals(6, trials.size());
        assertEquals(trials, plan(yaml).trials(0, Map.of()), "seeded");
        assertEquals(6, new java.util.HashSet<>(trials).size());
        for (Map<String, Object> t : trials) {
            double lr = (Double) t.get("lr");
            assertTrue(lr >= 1e-4 && lr <= 0.1, "lr " + lr);
            assertTrue(List.of(16, 32, 64).contains(t.get("batch")));
            int epochs = (Integer) t.get("epochs");
            assertTrue(epochs >= 5 && epochs <= 9);
        }
        assertEquals(2, plan("method: random\ntrials: 10\nparams:\n  batch: [16, 32]\n").trials(0, Map.of()).size(),
                "no more trials than combinations");
    }

    @Test
    void stagesFixTheBestOfTheStageBefore() {
        SweepPlan p = plan("method: staged\nstages:\n  - batch: [16, 32]\n  - epochs: [30, 50]\n");
        assertEquals(2, p.stages().size());
        assertEquals(List.of(Map.of("batch", 16, "epochs", 30), Map.of("batch", 16, "epochs", 50)),
                p.trials(1, Map.of("batch", 16)));
    }

    @Test
    void trialNamesShowTheOverridesAndTheSameRunIsKnownAsSuch() {
        SweepPlan p = plan("params:\n  batch: [16]\n");
        // epochs 50 is the base's: the same run as leaving it out, so the same folder.
        assertEquals(Map.of("batch", 16), p.effective(new java.util.LinkedHashMap<>(Map.of("batch", 16, "epochs", 50))));
        Map<String, Object> ordered = new java.util.LinkedHashMap<>();
        ordered.put("batch", 16);
        ordered.put("lr", 0.001);
        assertEquals("batch-16_lr-0.001", SweepPlan.trialName(ordered));
        assertEquals("base", SweepPlan.trialName(Map.of()));
        assertEquals("head.hidden-256x64", SweepPlan.trialName(Map.of("head.hidden", List.of(256, 64))));
    }

    @Test
    void badSweepFilesGetTheConfigReadersMessages() {
        assertTrue(error("params:\n  bach: [16, 32]\n").startsWith("Unknown key 'bach' in sweep.yaml (line 2): known"
                + " keys are augment, backbone_file, balance, batch,"));
        assertEquals("Key 'batch' in sweep.yaml (line 2) has value 'big', which is not a whole number.",
                error("params:\n  batch: [16, big]\n"));
        assertEquals("Key 'batch' in sweep.yaml (line 2) has an empty list: give it at least one value.",
                error("params:\n  batch: []\n"));
        assertEquals("--batch must be between 1 and 4096, not 0.", error("params:\n  batch: [0, 16]\n"));
        assertEquals("Unknown key 'param' in sweep.yaml (line 1): known keys are method, metric, name, params, seed,"
                + " stages, trials.", error("param:\n  batch: [16]\n"));
        assertEquals("Key 'method' in sweep.yaml (line 1) has value 'bayes', which is not one of grid, random, staged.",
                error("method: bayes\nparams:\n  batch: [16]\n"));
        assertEquals("Key 'lr' in sweep.yaml (line 2) is a range {min, max}: ranges are for method random; list the"
                + " values to try instead.", error("params:\n  lr: {min: 0.001, max: 0.1}\n"));
        assertEquals("Method staged in sweep.yaml needs stages: a list with one mapping of keys to values per stage (-"
                + " batch: [16, 32]).", error("method: staged\n"));
        assertEquals("Method random in sweep.yaml needs trials: N, how many combinations to draw (1 or more).",
                error("method: random\nparams:\n  batch: [16]\n"));
        assertEquals("Unknown metric 'f1' in sweep.yaml: use one of " + SweepPlan.METRICS + ".",
                error("metric: f1\nparams:\n  batch: [16]\n"));
        assertEquals("No params in sweep.yaml: list at least one key with its values (params: {batch: [16, 32]}).",
                error("metric: val_loss\n"));
    }
}
