package dev.citra.model.weights;

import dev.citra.CitraException;
import dev.citra.util.AtomicFiles;
import io.jhdf.HdfFile;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * Downloads Keras Applications weight files into a cache folder ({@code ~/.citra/weights} by
 * default), checks each against the hash Keras publishes (or, where Keras has none, that it is
 * Keras HDF5 weights) and puts it in place only then, by renaming a finished temporary file. A
 * cached file that still checks out is not downloaded again.
 */
public final class WeightFetcher {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final Path cacheDir;
    private final URI baseUrl;
    private final HttpClient client;

    /** Progress of one download: bytes so far and the total, or -1 when the server gives none. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> {};

        void update(long done, long total);
    }

    /**
     * The outcome of {@link #fetch}.
     *
     * @param path the verified file in the cache
     * @param downloaded false when the cached copy was used
     * @param check how it was verified, e.g. {@code MD5 2cb95161...}
     */
    public record Result(Path path, boolean downloaded, String check) {}

    /**
     * @param cacheDir where files are kept
     * @param baseUrl where to download from ({@link KerasApplications#BASE_URL}, or a mirror or
     *     test server); a trailing slash is added when missing
     */
    public WeightFetcher(Path cacheDir, URI baseUrl) {
        this.cacheDir = cacheDir;
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .proxy(ProxySelector.getDefault())
                .build();
    }

    /** {@code $CITRA_HOME/weights} when that variable is set, otherwise {@code ~/.citra/weights}. */
    public static Path defaultCacheDir(Map<String, String> environment) {
        String home = environment.get("CITRA_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "weights");
        }
        return Path.of(System.getProperty("user.home"), ".citra", "weights");
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** Where {@code file} is (or would be) cached. */
    public Path cachedPath(KerasApplicationsFile file) {
        return cacheDir.resolve(file.fileName());
    }

    /** The download address of {@code file}. */
    public URI url(KerasApplicationsFile file) {
        return file.url(baseUrl);
    }

    /** The cached, verified file: the one already there if it checks out, else a fresh download. */
    public Result fetch(KerasApplicationsFile file, Progress progress) {
        Path target = cachedPath(file);
        if (Files.isRegularFile(target)) {
            String check = verify(file, target);
            if (check.startsWith("ok ")) {
                return new Result(target, false, check.substring(3));
            }
        }
        return new Result(target, true, download(file, target, progress));
    }

    /** "ok &lt;how&gt;" when {@code path} is the file Keras publishes, else why not. */
    private String verify(KerasApplicationsFile file, Path path) {
        if (file.hash() != null) {
            String actual;
            try (InputStream in = Files.newInputStream(path)) {
                MessageDigest digest = digest(file);
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0;) {
                    digest.update(buf, 0, n);
                }
                actual = HexFormat.of().formatHex(digest.digest());
            } catch (IOException e) {
                return "unreadable: " + e.getMessage();
            }
            return actual.equalsIgnoreCase(file.hash()) ? "ok " + file.hashAlgorithm() + " " + file.hash()
                    : file.hashAlgorithm() + " " + actual;
        }
        String why = notKerasWeights(path);
        return why == null ? "ok Keras HDF5 weights (Keras publishes no hash for this file)" : why;
    }

    private String download(KerasApplicationsFile file, Path target, Progress progress) {
        URI url = url(file);
        Path tmp = null;
        try {
            Files.createDirectories(cacheDir);
            tmp = Files.createTempFile(cacheDir, "." + file.fileName() + ".", ".part");
            HttpRequest request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            long done = 0;
            MessageDigest digest = file.hash() == null ? null : digest(file);
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new CitraException("The server answered HTTP " + response.statusCode() + " for " + url
                            + ": the file is not there (or not any more); download it by hand if you can find it, and"
                            + " pass --weights <that file>.");
                }
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0;) {
                        out.write(buf, 0, n);
                        if (digest != null) {
                            digest.update(buf, 0, n);
                        }
                        done += n;
                        progress.update(done, total);
                    }
                }
            } catch (IOException e) {
                throw brokeOff(url, done, total, e);
            }
            if (total >= 0 && done != total) {
                throw brokeOff(url, done, total, null);
            }
            String check;
            if (digest != null) {
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equalsIgnoreCase(file.hash())) {
                    throw new CitraException("The download of " + url + " has " + file.hashAlgorithm() + " " + actual
                            + " but Keras expects " + file.hash() + ", so it was damaged on the way or the file has"
                            + " changed; it was deleted: run the command again, or download it by hand and pass"
                            + " --weights <that file>.");
                }
                check = file.hashAlgorithm() + " " + file.hash();
            } else {
                String why = notKerasWeights(tmp);
                if (why != null) {
                    throw new CitraException("The download of " + url + " is not Keras HDF5 weights (" + why
                            + "); it was deleted: run the command again, or download it by hand and pass --weights"
                            + " <that file>.");
                }
                check = "Keras HDF5 weights (Keras publishes no hash for this file)";
            }
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            AtomicFiles.move(tmp, target);
            return check;
        } catch (ConnectException | UnknownHostException | NoRouteToHostException | HttpConnectTimeoutException e) {
            throw new CitraException("Cannot reach " + url.getHost() + " to download " + file.fileName() + " ("
                    + reason(e) + "): if this machine is offline, download " + url + " by hand and pass --weights"
                    + " <that file>.", e);
        } catch (IOException e) {
            if (tmp == null || !Files.exists(tmp)) {
                throw new UncheckedIOException("Could not write to the weights cache " + cacheDir + ": " + e.getMessage(), e);
            }
            throw brokeOff(url, 0, -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CitraException("The download of " + url + " was interrupted; nothing was saved.", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // Only a leftover ".part" file; the target was not touched.
                }
            }
        }
    }

    private static CitraException brokeOff(URI url, long done, long total, IOException cause) {
        return new CitraException("The download of " + url + " broke off after " + done
                + (total >= 0 ? " of " + total : "") + " bytes" + (cause == null ? "" : " (" + reason(cause) + ")")
                + "; nothing was saved: run the command again, or download the file by hand and pass --weights"
                + " <that file>.", cause);
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        if (m != null && !m.isBlank()) {
            return m;
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "host not found";
        }
        return e.getClass().getSimpleName();
    }

    private static MessageDigest digest(KerasApplicationsFile file) {
        try {
            return MessageDigest.getInstance(file.hashAlgorithm());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null when {@code path} is HDF5 with Keras's {@code layer_names}, else why not. */
    private static String notKerasWeights(Path path) {
        if (WeightFiles.detectOrNull(path) != WeightFiles.Format.KERAS_H5) {
            return "no HDF5 signature";
        }
        try (HdfFile hdf = new HdfFile(path)) {
            Node weights = hdf.getChild("model_weights");
            boolean named = hdf.getAttribute("layer_names") != null
                    || weights != null && weights.getAttribute("layer_names") != null;
            return named ? null : "HDF5 without Keras's layer_names";
        } catch (HdfException e) {
            return "unreadable HDF5: " + e.getMessage();
        }
    }
}
