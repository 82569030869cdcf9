package dev.citra.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.citra.CitraException;
import java.util.List;

/**
 * The classifier put on a backbone, in Keras terms: an optional BatchNormalization on the
 * feature map, a pooling, hidden Dense+ReLU layers, then dropout and the output Dense layer
 * ({@code predictions}). The default is Keras Applications' own top (average pooling, dense);
 * S1's head is {@code {batchnorm: true, pooling: avg, hidden: [128]}} with dropout.
 *
 * @param batchnorm BatchNormalization before pooling; null for no
 * @param pooling {@code avg}, {@code max} or {@code flatten}; null for avg
 * @param hidden sizes of the hidden Dense+ReLU layers; null or empty for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeadSpec(Boolean batchnorm, String pooling, List<Integer> hidden) {
    /** Global average pooling straight into the output layer. */
    public static final HeadSpec DEFAULT = new HeadSpec(null, null, null);

    public HeadSpec {
        hidden = hidden == null ? null : List.copyOf(hidden);
        if (pooling != null && !List.of("avg", "max", "flatten").contains(pooling)) {
            throw new CitraException("Unknown head pooling '" + pooling + "': use avg, max or flatten.");
        }
        if (hidden != null) {
            for (Integer units : hidden) {
                if (units == null || units < 1 || units > 65_536) {
                    throw new CitraException("Head hidden layer size " + units + " is out of range: use 1 to 65536.");
                }
            }
        }
    }

    public boolean hasBatchnorm() {
        return batchnorm != null && batchnorm;
    }

    public String poolingOrAvg() {
        return pooling == null ? "avg" : pooling;
    }

    public List<Integer> hiddenOrNone() {
        return hidden == null ? List.of() : hidden;
    }
}
