package dev.citra.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A live-page client for the tests: the JDK's WebSocket over the loopback interface, one frame at a time. */
final class LiveClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the server closed the connection. */
    record Closed(int code, String reason) {}

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private LiveClient(URI uri) {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        messages.add(JSON.readTree(text.toString()));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                closed.complete(new Closed(code, reason));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        }).join();
    }

    /** Connects to the live socket of {@code server} with the query {@code query} (such as {@code model=m&mode=classify}). */
    static LiveClient open(CitraServer server, String query) {
        URI http = server.uri();
        return new LiveClient(URI.create("ws://" + http.getHost() + ":" + http.getPort() + LiveEndpoint.PATH + "?" + query));
    }

    /** The next message from the server; fails after 60 s. */
    JsonNode next() throws InterruptedException {
        JsonNode m = messages.poll(60, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("No message from the server in 60 s (closed: " + closed.getNow(null) + ")");
        }
        return m;
    }

    /** Sends one frame without waiting for its answer. */
    void send(byte[] frame) {
        socket.sendBinary(ByteBuffer.wrap(frame), true).join();
    }

    /**
     * Sends {@code total} bytes as one binary message in fragments of {@code fragment} bytes, each written
     * before the next is sent.
     */
    void sendFragmented(int total, int fragment) {
        for (int sent = 0; sent < total; sent += fragment) {
            int n = Math.min(fragment, total - sent);
            socket.sendBinary(ByteBuffer.wrap(new byte[n]), sent + n == total).join();
        }
    }

    /** Sends one frame and gives the server's answer to it. */
    JsonNode frame(byte[] frame) throws InterruptedException {
        send(frame);
        return next();
    }

    void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** How the server closed the connection; fails after 30 s. */
    Closed closed() throws Exception {
        return closed.get(30, TimeUnit.SECONDS);
    }

    boolean isOpen() {
        return !socket.isInputClosed() && !closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        socket.abort();
    }
}
