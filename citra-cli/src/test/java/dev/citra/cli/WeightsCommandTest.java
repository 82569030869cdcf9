package dev.citra.cli;

import static dev.citra.cli.Outcome.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code citra weights fetch|list} against an HTTP server on 127.0.0.1, and predict's --weights errors. */
class WeightsCommandTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private String base;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (body != null) {
                    out.write(body);
                }
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/ka/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private long cachedFiles() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            return s.count();
        }
    }

    @Test
    void fetchDownloadsOnceAndPrintsThePath() throws Exception {
        Path h5 = tmp.resolve("w.h5");
        try (WritableHdfFile f = HdfFile.write(h5)) {
            f.putAttribute("layer_names", new String[] {"Conv1"});
        }
        String name = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.5_128_no_top.h5";
        files.put("/ka/mobilenet_v2/" + name, Files.readAllBytes(h5));
        String cache = tmp.resolve("cache").toString();
        Outcome first = run("weights", "fetch", "mobilenet_v2", "--notop", "--alpha", "0.5", "--size", "128", "--cache", cache,
                "--base-url", base);
        assertEquals(0, first.code(), first.err());
        assertEquals(tmp.resolve("cache").resolve(name).toString(), first.out().strip());
        assertTrue(first.err().contains("Downloading " + base + "mobilenet_v2/" + name), first.err());
        assertTrue(first.err().contains("Downloaded and verified (Keras HDF5 weights"), first.err());

        Outcome again = run("weights", "fetch", "mobilenet_v2", "--notop", "--width", "0.5", "--size", "128", "--cache", cache,
                "--base-url", base);
        assertEquals(0, again.code(), again.err());
        assertEquals(first.out(), again.out());
        assertTrue(again.err().startsWith("Already in the cache, verified"), again.err());

        Outcome list = run("weights", "list", "mobilenet_v2", "--cache", cache);
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("mobilenet_v2  0.5_128   notop  none   " + tmp.resolve("cache").resolve(name)), list.out());
        assertTrue(list.out().contains("mobilenet_v2  1.0_224   top    none   -"), list.out());
        assertTrue(list.out().contains("60 files, 1 cached in " + cache), list.out());
        Outcome all = run("weights", "list", "--cache", cache);
        assertEquals(0, all.code(), all.err());
        assertTrue(all.out().contains("resnet50      -         notop  MD5    -"), all.out());
        assertTrue(all.out().contains("70 files, 1 cached"), all.out());
    }

    @Test
    void fetchErrorsAreOneLineAndLeaveNothingBehind() throws Exception {
        files.put("/ka/resnet/resnet50_weights_tf_dim_ordering_tf_kernels.h5", new byte[] {1, 2, 3});
        String cache = tmp.resolve("cache").toString();
        Outcome mismatch = run("weights", "fetch", "resnet50", "--cache", cache, "--base-url", base);
        assertEquals(Main.USER_ERROR, mismatch.code());
        assertTrue(mismatch.err().contains("citra: The download of " + base
                + "resnet/resnet50_weights_tf_dim_ordering_tf_kernels.h5 has MD5 5289df737df57326fcdd22597afb1fac but Keras"
                + " expects 2cb95161c43110f7111970584f804107"), mismatch.err());
        assertEquals(0, cachedFiles());

        Outcome missing = run("weights", "fetch", "densenet201", "--notop", "--cache", cache, "--base-url", base);
        assertEquals(Main.USER_ERROR, missing.code());
        assertTrue(missing.err().contains("citra: The server answered HTTP 404 for " + base + "densenet/"), missing.err());

        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Outcome offline = run("weights", "fetch", "inception_v3", "--cache", cache, "--base-url", "http://127.0.0.1:" + port + "/");
        assertEquals(Main.USER_ERROR, offline.code());
        assertTrue(offline.err().contains("citra: Cannot reach 127.0.0.1 to download inception_v3_weights_tf_dim_ordering_tf_kernels.h5"
                + " (connection refused): if this machine is offline, download http://127.0.0.1:" + port
                + "/inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels.h5 by hand and pass --weights <that file>."),
                offline.err());
        assertEquals(0, cachedFiles());
        assertFalse(offline.err().contains("\tat "), offline.err());

        Outcome unknown = run("weights", "fetch", "vgg16");
        assertEquals(Main.USER_ERROR, unknown.code());
        assertTrue(unknown.err().startsWith("citra: Keras Applications has no weights for 'vgg16' that citra knows"), unknown.err());
    }

    @Test
    void predictNamesAnUnreadableWeightsFile() throws Exception {
        Path junk = tmp.resolve("model.pth");
        Files.write(junk, new byte[] {'P', 'K', 3, 4, 9, 9, 9, 9});
        Path image = tmp.resolve("x.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                image.toFile());
        Outcome o = run("predict", "--model", "mobilenet_v2", "--weights", junk.toString(), image.toString());
        assertEquals(Main.USER_ERROR, o.code());
        assertEquals("citra: Weights file " + junk + " is not Keras HDF5 weights (.h5) or PyTorch safetensors (.safetensors):"
                + " PyTorch pickles are not read (they can run code); save the state dict with"
                + " safetensors.torch.save_file(model.state_dict(), 'w.safetensors').", o.err().strip());
    }
}
