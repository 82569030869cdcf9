package dev.citra.infer;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a classifier said about one image file, or why it could not: exactly one of
 * {@code predictions} (most probable first) and {@code error} is set.
 *
 * @param image the file, as it was given
 * @param predictions the top classes; empty when the file could not be read
 * @param error one sentence naming the file and the problem, or null
 */
public record ImagePrediction(
        String image,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Prediction> predictions,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
    public ImagePrediction {
        predictions = predictions == null ? List.of() : List.copyOf(predictions);
    }

    /** An image the classifier labelled. */
    public static ImagePrediction of(String image, List<Prediction> predictions) {
        return new ImagePrediction(image, predictions, null);
    }

    /** An image that could not be read. */
    public static ImagePrediction failed(String image, String error) {
        return new ImagePrediction(image, List.of(), error);
    }

    public boolean ok() {
        return error == null;
    }
}
