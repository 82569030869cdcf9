package dev.citra.model.weights;

import dev.citra.CitraException;
import dev.citra.model.ArchitectureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * {@code --weights imagenet}, as Keras's {@code weights='imagenet'}: the Keras Applications file
 * of the architecture from the local cache that {@code citra weights fetch} fills. Never
 * downloads: training runs offline, and a missing file gets the command that fetches it.
 */
public final class ImageNetWeights {
    /** The value of {@code --weights} that asks for the cached ImageNet file. */
    public static final String KEYWORD = "imagenet";

    private ImageNetWeights() {}

    /**
     * The file a {@code --weights} value names: the cached ImageNet file of {@code spec} for
     * {@value #KEYWORD}, else the path as given (checked when it is read).
     */
    public static Path file(String weights, ArchitectureSpec spec, int imageSize) {
        return requested(weights) ? resolve(spec, imageSize, WeightFetcher.defaultCacheDir(System.getenv()))
                : Path.of(weights);
    }

    /** True when {@code weights} asks for the cached ImageNet file rather than naming a file. */
    public static boolean requested(String weights) {
        return weights != null && weights.trim().equalsIgnoreCase(KEYWORD);
    }

    /**
     * The cached file for {@code spec}: the {@code _notop} file (a new head trains anyway; the
     * full file's classifier only fits 1000 classes), for mobilenet_v2 the one of its width and
     * of the published input size nearest to {@code imageSize}.
     */
    public static Path resolve(ArchitectureSpec spec, int imageSize, Path cacheDir) {
        Double alpha = null;
        Integer size = null;
        if (spec.name().equals("mobilenet_v2")) {
            alpha = spec.width() == null ? 1.0 : spec.width();
            size = KerasApplications.MOBILENET_V2_SIZES.stream()
                    .min(Comparator.comparingInt(s -> Math.abs(s - imageSize))).orElse(224);
        }
        KerasApplicationsFile file = KerasApplications.find(spec.name(), false, alpha, size);
        Path path = cacheDir.resolve(file.fileName());
        if (!Files.isRegularFile(path)) {
            throw new CitraException("The ImageNet weights of " + spec.name() + " (" + file.fileName() + ") are not in "
                    + cacheDir + ": fetch them once with 'citra weights fetch " + spec.name() + " --notop"
                    + (alpha != null ? " --alpha " + alpha + " --size " + size : "")
                    + "' (needs the internet), or pass --weights <file>.");
        }
        return path;
    }
}
