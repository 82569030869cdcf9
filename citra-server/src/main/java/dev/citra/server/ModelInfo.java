package dev.citra.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A served model as {@code GET /api/models} lists it.
 *
 * @param name the name in URLs
 * @param task {@code classify} or {@code caption}
 * @param architecture the network's architecture name
 * @param labels class names, index = output (empty for models without classes)
 * @param input the image the model is fed
 * @param notice text the pages show with every result (such as "not a diagnosis"), or null
 * @param maxBatch most images in one forward pass
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelInfo(String name, String task, String architecture, List<String> labels, Input input, String notice,
        int maxBatch) {
    /** The network input: a square side, channels, normalisation and resize mode. */
    public record Input(int size, int channels, String normalization, String resize) {}
}
