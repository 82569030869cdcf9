package dev.citra.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.citra.infer.Classifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A classifier served from a bundle: its forward passes are as large as the batches its settings gather. */
class ServedClassifierTest {
    @Test
    void passesHoldTheWholeMaxBatchBeyondTheClassifiersDefault(@TempDir Path dir) throws Exception {
        int maxBatch = 2 * Classifier.DEFAULT_BATCH;
        Classifier classifier = Classifier.load(Fixtures.bundle(dir));
        try (ServedClassifier served = ServedClassifier.of("shapes", classifier, null,
                Fixtures.settings(maxBatch, 50, 4 * maxBatch), BatchListener.NONE)) {
            assertEquals(maxBatch, classifier.batchSize(), "a gathered batch is not split again into smaller passes");
            List<CompletableFuture<float[]>> pending = new ArrayList<>();
            for (int i = 0; i < maxBatch; i++) {
                pending.add(served.probabilities(Fixtures.picture(i)));
            }
            for (CompletableFuture<float[]> p : pending) {
                assertEquals(Fixtures.LABELS.size(), p.get(20, TimeUnit.SECONDS).length);
            }
        }
    }
}
