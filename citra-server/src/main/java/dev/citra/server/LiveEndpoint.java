package dev.citra.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.CitraException;
import dev.citra.vision.detect.HaarCascades;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live page's WebSocket, {@code /api/live?model=NAME&mode=expression|drowsiness|classify}: the
 * browser sends camera frames as binary messages (JPEG, one at a time), the server answers each
 * with a JSON text message. A refused frame gets an {@code error} message and the connection
 * stays; a connection that cannot start (unknown model, wrong task, no cascades, too many
 * connections) gets an {@code error} message with {@code "fatal": true}, then is closed with a
 * reason.
 */
final class LiveEndpoint {
    static final String PATH = "/api/live";
    private static final Logger LOG = LoggerFactory.getLogger(LiveEndpoint.class);
    /** A close reason must fit a control frame: 123 bytes of UTF-8. */
    private static final int MAX_REASON_BYTES = 123;

    private final ModelRegistry models;
    private final ServerConfig config;
    private final ObjectMapper json;
    private final HaarCascades cascades;
    private final String cascadesMissing;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, WsContext> contexts = new ConcurrentHashMap<>();
    private final Map<String, LiveSession> sessions = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /**
     * @throws CitraException when {@code --cascades} names a folder that is not there (without it,
     *     missing cascades only refuse the live modes that find faces)
     */
    LiveEndpoint(ModelRegistry models, ServerConfig config, ObjectMapper json) {
        this.models = models;
        this.config = config;
        this.json = json;
        HaarCascades found = null;
        String missing = null;
        try {
            found = HaarCascades.locate(config.cascades());
        } catch (CitraException e) {
            if (config.cascades() != null) {
                throw e;
            }
            missing = e.getMessage();
        }
        this.cascades = found;
        this.cascadesMissing = missing;
    }

    /** The folder of Haar cascades in use, or null. */
    HaarCascades cascades() {
        return cascades;
    }

    /** Wires the handlers of the socket. */
    void configure(WsConfig ws) {
        ws.onConnect(this::connect);
        ws.onBinaryMessage(ctx -> answer(ctx, frameBytes(ctx.data())));
        ws.onMessage(ctx -> send(ctx, error(400, "Send camera frames as binary messages, one JPEG image each; text"
                + " messages are not understood.", false)));
        ws.onClose(ctx -> {
            contexts.remove(ctx.sessionId());
            LiveSession s = sessions.remove(ctx.sessionId());
            if (s != null) {
                s.close();
            }
            open.decrementAndGet();
        });
        ws.onError(ctx -> LOG.debug("Live connection {} failed", ctx.sessionId(), ctx.error()));
    }

    /** The transport's own limits, above the frame limit so an oversized frame is answered, not cut off. */
    void limit(org.eclipse.jetty.websocket.api.Configurable factory) {
        factory.setMaxBinaryMessageSize(2L * config.live().maxFrameBytes() + 64 * 1024);
        factory.setMaxTextMessageSize(64 * 1024);
        factory.setIdleTimeout(Duration.ofMinutes(2));
    }

    private void connect(WsContext ctx) {
        contexts.put(ctx.sessionId(), ctx);
        int n = open.incrementAndGet();
        if (stopping) {
            fatal(ctx, WsCloseStatus.GOING_AWAY, "The server is shutting down: reconnect in a few seconds.");
            return;
        }
        if (n > config.live().maxConnections()) {
            fatal(ctx, WsCloseStatus.TRY_AGAIN_LATER, "The server already has " + config.live().maxConnections()
                    + " live cameras connected, its limit: try again later.");
            return;
        }
        try {
            requireKey(ctx.queryParam("api_key"));
            LiveMode mode = LiveMode.parse(ctx.queryParam("mode"));
            ServedClassifier model = classifier(ctx.queryParam("model"));
            LiveMonitors.Options options = options(ctx);
            LiveSession session = new LiveSession(LiveMonitors.open(mode, model.name(),
                    new ServedCropClassifier(model, config.requestTimeout()), cascades, cascadesMissing, options),
                    model.info().labels(), config.live());
            sessions.put(ctx.sessionId(), session);
            Map<String, Object> ready = new LinkedHashMap<>();
            ready.put("type", "ready");
            ready.put("model", model.name());
            ready.put("mode", mode.id());
            ready.put("labels", model.info().labels());
            ready.put("max_fps", config.live().maxFps());
            ready.put("max_frame_bytes", config.live().maxFrameBytes());
            ready.put("max_frame_pixels", config.live().maxFramePixels());
            if (mode == LiveMode.DROWSINESS) {
                ready.put("alarm_seconds", options.alarmSeconds());
            }
            send(ctx, ready);
        } catch (ApiException | CitraException e) {
            fatal(ctx, WsCloseStatus.POLICY_VIOLATION, e.getMessage());
        }
    }

    private void requireKey(String given) {
        if (config.apiKey() == null) {
            return;
        }
        if (!CitraServer.keyMatches(given, config.apiKey())) {
            throw new ApiException(401, "Unauthorized", given == null
                    ? "This server needs an API key for the live camera: pass it as the api_key query parameter."
                    : "The API key is wrong: pass the key the server was started with (--api-key) as api_key.");
        }
    }

    private ServedClassifier classifier(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("The live connection names no model: add model=NAME (GET /api/models lists them).");
        }
        ServedModel model = models.get(name).orElseThrow(() -> ApiException.notFound("No model named '" + name
                + "' is served: GET /api/models lists the ones that are."));
        if (!(model instanceof ServedClassifier classifier)) {
            throw ApiException.badRequest("Model " + name + " does task '" + model.task().id() + "'; the live camera"
                    + " needs a classifier (task classify): pick one of those.");
        }
        return classifier;
    }

    private static LiveMonitors.Options options(WsContext ctx) {
        String alarm = ctx.queryParam("alarm_seconds");
        double seconds = LiveMonitors.Options.DEFAULT.alarmSeconds();
        if (alarm != null && !alarm.isBlank()) {
            try {
                seconds = Double.parseDouble(alarm.trim());
            } catch (NumberFormatException e) {
                seconds = Double.NaN;
            }
            if (!(seconds >= 0.5 && seconds <= 600)) {
                throw ApiException.badRequest("alarm_seconds must be a number of seconds from 0.5 to 600, not '" + alarm
                        + "'.");
            }
        }
        String closed = ctx.queryParam("closed_label");
        return new LiveMonitors.Options(seconds, closed == null || closed.isBlank() ? null : closed.trim());
    }

    private void answer(WsContext ctx, byte[] frame) {
        LiveSession session = sessions.get(ctx.sessionId());
        if (session == null) {
            return; // refused at connect: the close is on its way
        }
        try {
            send(ctx, session.frame(frame));
        } catch (ApiException e) {
            send(ctx, error(e.status(), e.getMessage(), false));
        } catch (OverloadedException e) {
            send(ctx, error(503, e.getMessage() + " This frame was skipped.", false));
        } catch (CitraException e) {
            send(ctx, error(422, e.getMessage(), false));
        } catch (RuntimeException e) {
            LOG.error("Live frame on connection {} failed", ctx.sessionId(), e);
            send(ctx, error(500, "The server failed on this frame (" + e + "): the server log has the details.", false));
        }
    }

    private static byte[] frameBytes(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return bytes;
    }

    private static Map<String, Object> error(int status, String message, boolean fatal) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "error");
        m.put("status", status);
        m.put("message", message);
        m.put("fatal", fatal);
        return m;
    }

    /** Says why in a message (a close reason is too short for a full sentence), then closes. */
    private void fatal(WsContext ctx, WsCloseStatus status, String message) {
        send(ctx, error(status.getCode(), message, true));
        ctx.closeSession(status, reason(message));
    }

    static String reason(String message) {
        byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_REASON_BYTES) {
            return message;
        }
        StringBuilder out = new StringBuilder();
        int used = 3; // the ellipsis
        for (int i = 0; i < message.length(); ) {
            int cp = message.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > MAX_REASON_BYTES) {
                break;
            }
            out.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return out.append('\u2026').toString();
    }

    private void send(WsContext ctx, Map<String, Object> message) {
        try {
            ctx.send(json.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            LOG.debug("Live connection {} is gone: {}", ctx.sessionId(), e.toString());
        }
    }

    /** Closes every live connection with "going away", after the frame each is on; waits up to 2 s for them. */
    void close() {
        stopping = true;
        for (WsContext ctx : contexts.values()) {
            try {
                ctx.closeSession(WsCloseStatus.GOING_AWAY, "The server is shutting down.");
            } catch (RuntimeException e) {
                LOG.debug("Live connection {} did not close cleanly: {}", ctx.sessionId(), e.toString());
            }
        }
        // The close handshake needs the connector: wait for the browsers' replies before it stops.
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (open.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sessions.values().forEach(LiveSession::close);
    }
}
