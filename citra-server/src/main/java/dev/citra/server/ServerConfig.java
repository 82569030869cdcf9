package dev.citra.server;

import dev.citra.CitraException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a server listens and what it accepts; build one with {@link #builder()}.
 *
 * @param host the interface to listen on ({@code 127.0.0.1} keeps it on this machine)
 * @param port the TCP port; 0 picks a free one
 * @param maxUploadBytes largest accepted upload (413 beyond)
 * @param maxPixels largest accepted width × height, read from the header before decoding (413 beyond)
 * @param apiKey the key that requests other than GET must carry, or null for none
 * @param runsDir the folder of training runs the runs page lists
 * @param requestTimeout how long a prediction waits for its model's answer before it gets 503
 * @param shutdownTimeout how long a stop waits for requests in flight
 * @param cascades the folder of OpenCV's Haar cascades for the live page, or null to look in OpenCV's usual folders
 * @param live what the live page's connections may send
 */
public record ServerConfig(String host, int port, long maxUploadBytes, long maxPixels, String apiKey, Path runsDir,
        Duration requestTimeout, Duration shutdownTimeout, Path cascades, LiveLimits live) {
    private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofHours(1);

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new CitraException("Port " + port + " is out of range: use 1 to 65535 (or 0 for any free port).");
        }
        if (maxUploadBytes < 1024) {
            throw new CitraException("The upload limit must be at least 1 KB, not " + maxUploadBytes + " bytes.");
        }
        if (maxPixels < 1) {
            throw new CitraException("The pixel limit must be positive, not " + maxPixels + ".");
        }
        if (apiKey != null && apiKey.isBlank()) {
            throw new CitraException("The API key is empty: pass a non-empty --api-key, or none to leave the API open.");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()
                || requestTimeout.compareTo(MAX_REQUEST_TIMEOUT) > 0) {
            throw new CitraException("The request timeout must be above 0 and at most 3600 s, not "
                    + requestTimeout.toMillis() + " ms.");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ServerConfig}; every part has a default. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private long maxUploadBytes = 10L << 20;
        private long maxPixels = 40_000_000L;
        private String apiKey;
        private Path runsDir = Path.of("runs");
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Path cascades;
        private LiveLimits live = LiveLimits.DEFAULT;

        /** Default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Default 8080. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Default 10 MB. */
        public Builder maxUploadBytes(long bytes) {
            this.maxUploadBytes = bytes;
            return this;
        }

        /** Default 40 megapixels. */
        public Builder maxPixels(long pixels) {
            this.maxPixels = pixels;
            return this;
        }

        /** Default none. */
        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        /** Default {@code runs}. */
        public Builder runsDir(Path dir) {
            this.runsDir = dir;
            return this;
        }

        /** Default 30 s; above 0 and at most an hour. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** Default 30 s. */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        /** Default none: OpenCV's usual folders. */
        public Builder cascades(Path dir) {
            this.cascades = dir;
            return this;
        }

        /** Default {@link LiveLimits#DEFAULT}. */
        public Builder live(LiveLimits limits) {
            this.live = limits;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(host, port, maxUploadBytes, maxPixels, apiKey, runsDir, requestTimeout,
                    shutdownTimeout, cascades, live);
        }
    }
}
