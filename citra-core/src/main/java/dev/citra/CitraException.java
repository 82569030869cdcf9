package dev.citra;

/**
 * An error the user can cause and fix: a missing folder, a corrupt file, an unknown model name,
 * a flag out of range. The message is one sentence that names the thing and says what to do;
 * the command line prints it without a stack trace.
 */
public class CitraException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CitraException(String message) {
        super(message);
    }

    public CitraException(String message, Throwable cause) {
        super(message, cause);
    }
}
