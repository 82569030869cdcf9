package dev.citra.server;

import java.util.Map;

/** A request the server refuses, with the status and the sentence its problem details carry. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final transient Map<String, String> headers;

    public ApiException(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    /** With response headers (such as {@code Retry-After}). */
    public ApiException(int status, String title, String detail, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, String> headers() {
        return headers;
    }

    static ApiException notFound(String detail) {
        return new ApiException(404, "Not Found", detail);
    }

    static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad Request", detail);
    }

    /**
     * A 413, which closes the connection: the rest of the upload is left unread, so the connection
     * cannot carry another request, and a client that pooled it would find it dead on its next one.
     */
    static ApiException tooLarge(String detail) {
        return new ApiException(413, "Content Too Large", detail, Map.of("Connection", "close"));
    }

    static ApiException unavailable(String detail, int retryAfterSeconds) {
        return new ApiException(503, "Service Unavailable", detail, Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }
}
