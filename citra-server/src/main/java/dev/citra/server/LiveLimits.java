package dev.citra.server;

import dev.citra.CitraException;

/**
 * What the live page's WebSocket connections may send, so a camera page can never cost the server
 * more than a few frames' worth of memory and time.
 *
 * @param maxFrameBytes largest frame message (a 640×480 JPEG is 30 to 80 KB)
 * @param maxFramePixels largest frame width × height, read from the JPEG header before decoding
 * @param maxFps frames a second one connection may send; faster frames are answered with an error, not processed
 * @param maxConnections live connections at once; more are closed with "try again later"
 */
public record LiveLimits(int maxFrameBytes, long maxFramePixels, double maxFps, int maxConnections) {
    /** 2 MB, 1920×1080, 15 frames a second, 8 connections. */
    public static final LiveLimits DEFAULT = new LiveLimits(2 << 20, 1920L * 1080, 15, 8);

    public LiveLimits {
        if (maxFrameBytes < 1024 || maxFrameBytes > (64 << 20)) {
            throw new CitraException("--live-max-frame-kb must be 1 to 65536, not " + maxFrameBytes / 1024.0 + ".");
        }
        if (maxFramePixels < 1) {
            throw new CitraException("--live-max-pixels must be positive, not " + maxFramePixels + ".");
        }
        if (!(maxFps > 0 && maxFps <= 120)) {
            throw new CitraException("--live-max-fps must be above 0 and at most 120, not " + maxFps + ".");
        }
        if (maxConnections < 1 || maxConnections > 1000) {
            throw new CitraException("--live-connections must be 1 to 1000, not " + maxConnections + ".");
        }
    }
}
