package dev.citra.caption;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.citra.bundle.ModelTask;
import java.util.List;
import java.util.Map;

/**
 * A caption bundle's {@code citra.json}: everything needed to caption an image from the bundle
 * alone (encoder, decoder, vocabulary, cleaning, lengths) and where the model came from.
 *
 * @param format the bundle format
 * @param task always {@link ModelTask#CAPTION}
 * @param encoder the frozen encoder (its weights are in {@value CaptionBundle#ENCODER_WEIGHTS})
 * @param decoder the decoder's shape (its weights are in {@code weights.params})
 * @param vocabulary the tokens in id order, the four specials first
 * @param cleaning how captions were cleaned before they were counted and learnt
 * @param maxLength the most words a generated caption gets
 * @param beam the beam width the run evaluated with (the default of {@code caption predict})
 * @param lengthPenalty beam search's length-normalisation exponent
 * @param trainConfig the training config, as a map
 * @param metrics the epoch's metrics
 * @param epoch the epoch these weights are from
 * @param citraVersion the citra version that wrote it
 * @param created ISO-8601 time of writing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaptionMetadata(int format, ModelTask task, EncoderSpec encoder, DecoderSpec decoder,
        List<String> vocabulary, TextCleaning cleaning, int maxLength, int beam, double lengthPenalty,
        Map<String, Object> trainConfig, Map<String, Double> metrics, Integer epoch, String citraVersion,
        String created) {}
