package dev.citra.model.weights;

import java.net.URI;

/**
 * One ImageNet weight file of Keras Applications, where Keras's own {@code get_file} downloads it
 * from and the hash it checks.
 *
 * @param architecture the Keras Applications / citra name, e.g. {@code resnet50}
 * @param variant what else picks the file ({@code 1.0_224}: mobilenet_v2's alpha and input size),
 *     or empty
 * @param top true for the file with the 1000-class classifier, false for {@code _notop}
 * @param path the file's path below Keras's base URL, e.g. {@code resnet/resnet50_weights_...h5}
 * @param hash the MD5 (32 hex digits) or SHA-256 (64) Keras checks, or null where Keras checks
 *     none (mobilenet_v2)
 */
public record KerasApplicationsFile(String architecture, String variant, boolean top, String path, String hash) {
    /** The file name, as Keras caches it. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The download address below {@code baseUrl} (which ends in a slash). */
    public URI url(URI baseUrl) {
        return baseUrl.resolve(path);
    }

    /** {@code MD5} or {@code SHA-256}, as Keras picks by the hash's length; null without a hash. */
    public String hashAlgorithm() {
        if (hash == null) {
            return null;
        }
        return hash.length() == 64 ? "SHA-256" : "MD5";
    }
}
