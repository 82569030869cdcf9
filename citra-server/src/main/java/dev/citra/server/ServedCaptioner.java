package dev.citra.server;

import dev.citra.bundle.ModelTask;
import dev.citra.caption.CaptionDecoder;
import dev.citra.caption.CaptionMetadata;
import dev.citra.caption.Captioner;
import dev.citra.image.ImageSpec;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A captioner served one image at a time: beam search decodes each image on its own, so gathering
 * requests into batches would gain little. Requests wait their turn in the calling thread, and
 * past the queue capacity are refused (503) so a burst cannot pile up threads.
 */
public final class ServedCaptioner implements ServedModel {
    /** The widest beam a request may ask for: beam search's cost grows with it. */
    public static final int MAX_BEAM = 100;

    private final ModelInfo info;
    private final Captioner captioner;
    private final int queueCapacity;
    private final AtomicInteger waiting = new AtomicInteger();
    private boolean closed;

    private ServedCaptioner(ModelInfo info, Captioner captioner, int queueCapacity) {
        this.info = info;
        this.captioner = captioner;
        this.queueCapacity = queueCapacity;
    }

    /** Serves {@code captioner} (which it closes) under {@code name}. */
    public static ServedCaptioner of(String name, Captioner captioner, String notice, BatchSettings settings) {
        CaptionMetadata meta = captioner.metadata();
        ImageSpec in = meta.encoder().input();
        ModelInfo info = new ModelInfo(name, ModelTask.CAPTION.id(), meta.encoder().architecture() + "+"
                + meta.decoder().kind().id(), List.of(),
                new ModelInfo.Input(in.size(), in.channels(), in.normalization().id(), in.resize().id()), notice, 1);
        return new ServedCaptioner(info, captioner, settings.queueCapacity());
    }

    @Override
    public String name() {
        return info.name();
    }

    @Override
    public ModelTask task() {
        return ModelTask.CAPTION;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public int queueLength() {
        return waiting.get();
    }

    /** The beam width the model was evaluated with, used when a request names none. */
    public int defaultBeam() {
        return captioner.metadata().beam();
    }

    /**
     * Captions a decoded image, waiting for the requests before it.
     *
     * @param beam 1 (greedy) to {@link #MAX_BEAM}
     * @throws OverloadedException when too many requests are already waiting
     */
    public CaptionDecoder.Caption caption(BufferedImage image, int beam) {
        if (waiting.incrementAndGet() > queueCapacity) {
            waiting.decrementAndGet();
            throw new OverloadedException("Model " + name() + " has " + queueCapacity + " images waiting already:"
                    + " retry in a moment.");
        }
        try {
            return captionInTurn(image, beam);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private synchronized CaptionDecoder.Caption captionInTurn(BufferedImage image, int beam) {
        if (closed) {
            throw new OverloadedException("Model " + name() + " is stopping: retry in a few seconds.");
        }
        return captioner.caption(image, beam);
    }

    /** Waits for the caption being made, then frees the model. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            captioner.close();
        }
    }
}
