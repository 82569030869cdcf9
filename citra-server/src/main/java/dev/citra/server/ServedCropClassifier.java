package dev.citra.server;

import dev.citra.vision.monitor.CropClassifier;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The crops of a live monitor classified through a served model's micro-batcher, so every live
 * connection and every upload share one model and its batches, and a monitor never touches the
 * model from its own thread.
 */
final class ServedCropClassifier implements CropClassifier {
    private final ServedClassifier model;
    private final Duration timeout;

    ServedCropClassifier(ServedClassifier model, Duration timeout) {
        this.model = model;
        this.timeout = timeout;
    }

    @Override
    public List<String> labels() {
        return model.info().labels();
    }

    @Override
    public float[][] probabilities(List<BufferedImage> crops) {
        List<CompletableFuture<float[]>> pending = new ArrayList<>(crops.size());
        for (BufferedImage crop : crops) {
            pending.add(model.probabilities(crop));
        }
        float[][] out = new float[crops.size()][];
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (int i = 0; i < out.length; i++) {
                out[i] = pending.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return out;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new OverloadedException("Model " + model.name() + " did not answer within " + timeout.toMillis()
                    + " ms: the server is busy, or its --request-timeout-seconds is too short.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OverloadedException("The server is stopping.");
        }
    }
}
