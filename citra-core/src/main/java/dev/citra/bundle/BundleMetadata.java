package dev.citra.bundle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.image.ResizeMode;
import dev.citra.model.ArchitectureSpec;
import java.util.List;
import java.util.Map;

/**
 * What {@code citra.json} says about a model: enough to rebuild the network, feed it the same
 * pre-processing, and know where it came from.
 *
 * @param format bundle format version; a reader refuses newer formats
 * @param architecture the network to rebuild
 * @param labels class names, index = network output
 * @param inputSize square input side in pixels
 * @param channels 1 or 3
 * @param normalization the {@link dev.citra.image.Normalization} id
 * @param resize the {@link ResizeMode} id; absent (null) in bundles from before it existed, which stretched
 * @param grey whether colour images are turned grey before they are fed (absent: only when 1 channel)
 * @param blur the Gaussian blur of the input, in its pixels (absent: none); a bundle with one is format
 *     {@value #BLUR_FORMAT}, so a citra from before it refuses the bundle instead of feeding it sharp images
 * @param trainConfig the training config, as a map (null for imported models)
 * @param metrics final metrics (e.g. {@code val_accuracy}, {@code test_accuracy})
 * @param dataFingerprint SHA-256 of the training data (ids, labels and bytes)
 * @param epoch the epoch these weights are from
 * @param parameters number of parameter values
 * @param citraVersion the citra version that wrote it
 * @param created ISO-8601 time of writing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleMetadata(
        int format,
        ArchitectureSpec architecture,
        List<String> labels,
        int inputSize,
        int channels,
        String normalization,
        String resize,
        Boolean grey,
        Double blur,
        Map<String, Object> trainConfig,
        Map<String, Double> metrics,
        String dataFingerprint,
        Integer epoch,
        Long parameters,
        String citraVersion,
        String created) {

    /** The format this code writes for a bundle that needs nothing newer. */
    public static final int CURRENT_FORMAT = 1;
    /** The format of a bundle whose input is blurred. */
    public static final int BLUR_FORMAT = 2;
    /** The newest format this code reads. */
    public static final int NEWEST_FORMAT = BLUR_FORMAT;

    public BundleMetadata {
        labels = List.copyOf(labels);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /**
     * Metadata whose input fields (size, channels, normalisation, resize, grey, blur) are those of
     * {@code input}; {@code format} is raised to {@link #BLUR_FORMAT} when the input is blurred.
     */
    public static BundleMetadata of(int format, ArchitectureSpec architecture, List<String> labels, ImageSpec input,
            Map<String, Object> trainConfig, Map<String, Double> metrics, String dataFingerprint, Integer epoch,
            Long parameters, String citraVersion, String created) {
        boolean blurred = input.blur() > 0;
        return new BundleMetadata(blurred ? Math.max(format, BLUR_FORMAT) : format, architecture, labels,
                input.size(), input.channels(), input.normalization().id(), input.resize().id(), input.grey(),
                blurred ? input.blur() : null, trainConfig, metrics, dataFingerprint, epoch, parameters, citraVersion,
                created);
    }

    /** The network input these weights were trained for. */
    @JsonIgnore
    public ImageSpec input() {
        return new ImageSpec(inputSize, channels, Normalization.parse(normalization), ResizeMode.parse(resize),
                grey != null && grey, blur == null ? 0 : blur);
    }
}
