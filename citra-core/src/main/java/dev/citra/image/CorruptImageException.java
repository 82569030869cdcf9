package dev.citra.image;

/**
 * An image file that cannot be decoded: empty, not an image, truncated, corrupt or too large.
 * The message is a short reason (for example {@code "empty file (0 bytes)"}) meant to be shown
 * next to the file name; it is checked so that callers decide between skipping and failing.
 */
public class CorruptImageException extends Exception {
    private static final long serialVersionUID = 1L;

    public CorruptImageException(String reason) {
        super(reason);
    }

    public CorruptImageException(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** The short reason, as listed with skipped files. */
    public String reason() {
        return getMessage();
    }
}
