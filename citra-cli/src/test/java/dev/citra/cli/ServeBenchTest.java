package dev.citra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.citra.CitraException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** {@code citra bench --serve URL} reaches a server behind a path prefix, such as a reverse proxy's. */
class ServeBenchTest {
    @Test
    void theBaseKeepsThePathPrefixAndEndsInASlash() {
        assertEquals(URI.create("http://127.0.0.1:8080/"), ServeBench.base(URI.create("http://127.0.0.1:8080/")));
        assertEquals(URI.create("http://127.0.0.1:8080/"), ServeBench.base(URI.create("http://127.0.0.1:8080")));
        assertEquals(URI.create("https://host/citra/"), ServeBench.base(URI.create("https://host/citra/")));
        assertEquals(URI.create("http://host/citra/"), ServeBench.base(URI.create("http://host/citra")));
        assertEquals(URI.create("http://host:81/a/b/"), ServeBench.base(URI.create("http://host:81/a/b?x=1#top")));
        assertEquals(URI.create("http://host/citra/api/models"),
                ServeBench.base(URI.create("http://host/citra")).resolve("api/models"));
    }

    @Test
    void anAddressThatIsNotHttpIsOneSentence() {
        for (String url : List.of("localhost:8080", "ftp://host/", "/citra/")) {
            CitraException e = assertThrows(CitraException.class, () -> ServeBench.base(URI.create(url)));
            assertEquals("--serve takes the server's http:// address, such as http://127.0.0.1:8080/, not " + url + ".",
                    e.getMessage());
        }
    }

    @Test
    void everyRequestGoesBelowThePrefix() throws Exception {
        Set<String> paths = ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            paths.add(path);
            exchange.getRequestBody().readAllBytes();
            switch (path) {
                case "/citra/metrics" -> answer(exchange, 200, "process_resident_memory_bytes 5000000\n");
                case "/citra/api/models" -> answer(exchange, 200, "[{\"name\":\"fake\"}]");
                case "/citra/api/models/fake/predict" -> answer(exchange, 200, "{}");
                default -> answer(exchange, 404, "not here");
            }
        });
        server.start();
        PrintStream saved = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Outcome o;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            o = Outcome.run("bench", "--serve", "http://127.0.0.1:" + server.getAddress().getPort() + "/citra",
                    "--seconds", "0.2", "--concurrency", "1");
        } finally {
            System.setOut(saved);
            server.stop(0);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, o.code(), o.err() + out);
        assertEquals(Set.of("/citra/metrics", "/citra/api/models", "/citra/api/models/fake/predict"), paths);
        assertTrue(out.contains("/citra/ model=fake image_bytes="), out);
        assertTrue(out.matches("(?s).*serve concurrency=1 requests=[1-9]\\d* refused=0 .* rss_mb=5\n.*"), out);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
