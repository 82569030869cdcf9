package dev.citra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.CitraException;
import dev.citra.image.ImageEncoding;
import dev.citra.server.LoadGenerator;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** {@code citra bench --serve URL}: throughput and latency of a running server at several concurrencies. */
final class ServeBench {
    private ServeBench() {}

    /**
     * @param every how often to print the server's resident memory during each run, so a long run
     *     shows whether it settles
     */
    static int run(URI url, String model, Path imageFile, List<Integer> concurrencies, double seconds, Duration every)
            throws Exception {
        if (!(seconds > 0 && seconds <= 3600)) {
            throw new CitraException("--seconds must be between 0 and 3600, not " + seconds + ".");
        }
        if (every.getSeconds() < 1) {
            throw new CitraException("--soak-interval must be at least 1 second, not " + every.getSeconds() + ".");
        }
        for (int c : concurrencies) {
            if (c < 1 || c > 1024) {
                throw new CitraException("--concurrency values must be between 1 and 1024, not " + c + ".");
            }
        }
        URI base = base(url);
        LoadGenerator load = new LoadGenerator(base);
        long rssBefore = load.residentBytes();
        String name = model != null ? model : firstModel(base);
        byte[] image = imageFile != null ? Files.readAllBytes(imageFile) : photo();
        // One short run first: the first passes of a network are slow (allocator, graph optimiser).
        load.run(name, image, concurrencies.get(0), Math.min(3, seconds));
        System.out.printf(Locale.ROOT, "serve %s model=%s image_bytes=%d rss_start_mb=%.0f%n", base, name, image.length,
                rssBefore / 1e6);
        for (int c : concurrencies) {
            LoadGenerator.Result r = load.run(name, image, c, seconds, every, s -> System.out.printf(Locale.ROOT,
                    "serve concurrency=%d t_s=%.0f requests=%d refused=%d rss_mb=%.0f%n", c, s.seconds(), s.ok(), s.refused(),
                    s.residentBytes() / 1e6));
            System.out.printf(Locale.ROOT, "serve concurrency=%d requests=%d refused=%d req_s=%.1f p50_ms=%.1f p99_ms=%.1f"
                    + " rss_mb=%.0f%n", c, r.ok(), r.refused(), r.requestsPerSecond(), r.p50Millis(), r.p99Millis(),
                    load.residentBytes() / 1e6);
        }
        return 0;
    }

    /** The base address of the server --serve names, its path prefix kept ({@link LoadGenerator#baseOf}). */
    static URI base(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new CitraException("--serve takes the server's http:// address, such as http://127.0.0.1:8080/, not "
                    + url + ".");
        }
        return LoadGenerator.baseOf(url);
    }

    private static String firstModel(URI base) throws IOException, InterruptedException {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        JsonNode models = new ObjectMapper().readTree(client.send(java.net.http.HttpRequest.newBuilder(
                base.resolve("api/models")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        if (models.isEmpty()) {
            throw new CitraException("The server at " + base + " serves no model: pass --serve-model.");
        }
        return models.get(0).get("name").asText();
    }

    /** A 640x480 JPEG with gradients and shapes, about the size of a phone photo after resizing. */
    private static byte[] photo() {
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(230, 190, 160), 640, 480, new Color(120, 80, 70)));
        g.fillRect(0, 0, 640, 480);
        g.setColor(new Color(90, 40, 40));
        g.fillOval(250, 170, 140, 110);
        g.dispose();
        return ImageEncoding.jpeg(img);
    }
}
