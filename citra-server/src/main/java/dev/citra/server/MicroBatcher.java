package dev.citra.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gathers the tensors of concurrent requests into one forward pass: the first waiting image
 * opens a batch, which closes when it is full or its wait is over. On a CPU one pass over n images
 * costs far less than n passes over one. The queue is bounded: when it is full, {@link #submit}
 * refuses at once instead of letting a burst fill the heap.
 */
public final class MicroBatcher implements AutoCloseable {
    private record Job(float[] tensor, CompletableFuture<float[]> result) {}

    private final String model;
    private final BatchFunction function;
    private final BatchSettings settings;
    private final BatchListener listener;
    private final BlockingQueue<Job> queue;
    private final Thread worker;
    private volatile boolean closed;

    /**
     * Starts the batching thread.
     *
     * @param model names the model in messages and metrics
     */
    public MicroBatcher(String model, BatchFunction function, BatchSettings settings, BatchListener listener) {
        this.model = model;
        this.function = function;
        this.settings = settings;
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.worker = new Thread(this::loop, "citra-batcher-" + model);
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Queues one pre-processed image.
     *
     * @return its scores, once its batch has run
     * @throws OverloadedException when the queue is full or the batcher is closing
     */
    public CompletableFuture<float[]> submit(float[] tensor) {
        Job job = new Job(tensor, new CompletableFuture<>());
        if (closed || !queue.offer(job)) {
            throw new OverloadedException(closed ? "The server is shutting down: retry on another instance or later."
                    : "Model " + model + " has " + settings.queueCapacity() + " images waiting, its limit: retry in a"
                            + " second, or start the server with a larger --queue.");
        }
        return job.result();
    }

    /** Images waiting for a forward pass. */
    public int queueLength() {
        return queue.size();
    }

    public BatchSettings settings() {
        return settings;
    }

    private void loop() {
        List<Job> batch = new ArrayList<>(settings.maxBatch());
        while (true) {
            Job first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(new IllegalStateException("The batching thread was interrupted."));
                return;
            }
            if (first == null) {
                if (closed) {
                    return;
                }
                continue;
            }
            batch.clear();
            batch.add(first);
            gather(batch);
            run(batch);
        }
    }

    /** Adds waiting jobs to {@code batch} until it is full or the first job's wait is over. */
    private void gather(List<Job> batch) {
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        while (batch.size() < settings.maxBatch()) {
            // Whatever is queued already joins without waiting.
            queue.drainTo(batch, settings.maxBatch() - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= settings.maxBatch() || left <= 0) {
                return;
            }
            try {
                Job next = queue.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    return;
                }
                batch.add(next);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run(List<Job> batch) {
        float[][] tensors = new float[batch.size()][];
        for (int i = 0; i < tensors.length; i++) {
            tensors[i] = batch.get(i).tensor();
        }
        long start = System.nanoTime();
        try {
            float[][] scores = function.apply(tensors);
            listener.onBatch(model, tensors.length, System.nanoTime() - start);
            for (int i = 0; i < tensors.length; i++) {
                batch.get(i).result().complete(scores[i]);
            }
        } catch (RuntimeException | Error e) {
            for (Job job : batch) {
                job.result().completeExceptionally(e);
            }
        }
    }

    private void failAll(Throwable cause) {
        Job job;
        while ((job = queue.poll()) != null) {
            job.result().completeExceptionally(cause);
        }
    }

    /** Refuses new images, runs the ones already queued, then stops the thread. */
    @Override
    public void close() {
        closed = true;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(new IllegalStateException("The server stopped before this image was run."));
    }
}
