package dev.citra.infer;

import dev.citra.CitraException;
import dev.citra.Version;
import dev.citra.bundle.BundleMetadata;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import dev.citra.model.weights.ImageNetLabels;
import dev.citra.model.weights.ImportReport;
import dev.citra.model.weights.WeightFiles;
import java.io.File;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A classifier made from a registry architecture and a weight file (Keras {@code .h5}, such as
 * the Keras Applications ImageNet files, or safetensors), fed as Keras Applications feeds it:
 * 224×224 RGB, stretched, with the backbone's own {@code preprocess_input}.
 *
 * @param classifier the classifier; the caller closes it
 * @param report what the import loaded, and what it left out when not strict
 */
public record PretrainedClassifier(Classifier classifier, ImportReport report) {
    /** Input side of the Keras Applications models. */
    public static final int INPUT_SIZE = 224;

    /**
     * Builds {@code architecture} for {@code labels} and loads {@code weights} into it.
     *
     * @param labels class names, one per output; null names the 1000 ImageNet outputs class_0..class_999
     * @param strict fail on any missing, unexpected or mis-shaped weight; false loads what matches
     */
    public static PretrainedClassifier load(String architecture, Path weights, List<String> labels, boolean strict) {
        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        // The registry's own spelling; an unknown name gets its message before any work.
        String name = registry.get(architecture).name();
        List<String> names = labels != null ? List.copyOf(labels)
                : IntStream.range(0, ImageNetLabels.IMAGENET_CLASSES).mapToObj(i -> "class_" + i).toList();
        ImageSpec spec = new ImageSpec(INPUT_SIZE, 3, Normalization.forBackbone(name));
        ArchitectureSpec archSpec = ArchitectureSpec.named(name);
        Network net = Network.create(registry, archSpec, spec, names, 1);
        ImportReport report;
        try {
            report = WeightFiles.load(registry, net, weights, strict);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        BundleMetadata meta = BundleMetadata.of(BundleMetadata.CURRENT_FORMAT, archSpec, names, spec, null, Map.of(),
                null, null, net.parameterCount(), Version.get(), OffsetDateTime.now().toString());
        return new PretrainedClassifier(Classifier.of(net, meta), report);
    }

    /**
     * Whether {@code model} names a registry architecture rather than a bundle: a plain name
     * (no path separator) the registry knows.
     */
    public static boolean isArchitecture(String model) {
        if (model.contains("/") || model.contains(File.separator)) {
            return false;
        }
        try {
            ArchitectureRegistry.defaults().get(model);
            return true;
        } catch (CitraException e) {
            return false;
        }
    }
}
