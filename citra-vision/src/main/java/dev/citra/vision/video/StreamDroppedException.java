package dev.citra.vision.video;

/** A live stream stopped delivering frames; {@link ReconnectingSource} reopens it. */
public final class StreamDroppedException extends RuntimeException {
    public StreamDroppedException(String message) {
        super(message);
    }
}
