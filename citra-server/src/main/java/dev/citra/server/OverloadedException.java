package dev.citra.server;

/** The queue of images waiting for the model is full; the client should retry shortly. */
public final class OverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OverloadedException(String message) {
        super(message);
    }
}
