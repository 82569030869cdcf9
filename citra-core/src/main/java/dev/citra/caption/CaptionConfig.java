package dev.citra.caption;

import static dev.citra.caption.CaptionOptions.*;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.BackboneArchitecture;
import dev.citra.train.ConfigIO;
import dev.citra.train.TrainOption;
import java.util.Map;

/**
 * A caption training run's settings ({@link CaptionOptions} has each one's default and help). Read
 * from YAML or built with {@link #of(Map)}; a null component takes its default.
 */
// A recipe file is a config with a recipe: block that tells citra run what to do with it.
@com.fasterxml.jackson.annotation.JsonIgnoreProperties({"recipe"})
public record CaptionConfig(String data, Double valSplit, String encoder, String weights, Integer imgSize,
        String normalize, DecoderKind decoder, Integer vocab, Integer minCount, Integer maxLength, Integer embed,
        Integer hidden, Double dropout, Double attentionReg, Integer epochs, Integer batch, Double lr, Integer patience,
        Integer lrPatience, Integer beam, Double lengthPenalty, Long seed, Integer workers, String name, String out) {

    public CaptionConfig {
        valSplit = VAL_SPLIT.or(valSplit);
        encoder = ENCODER.or(encoder);
        normalize = NORMALIZE.or(normalize);
        decoder = DECODER.or(decoder);
        vocab = VOCAB.or(vocab);
        minCount = MIN_COUNT.or(minCount);
        maxLength = MAX_LENGTH.or(maxLength);
        embed = EMBED.or(embed);
        hidden = HIDDEN.or(hidden);
        dropout = DROPOUT.or(dropout);
        attentionReg = ATTENTION_REG.or(attentionReg);
        epochs = EPOCHS.or(epochs);
        batch = BATCH.or(batch);
        lr = LR.or(lr);
        patience = PATIENCE.or(patience);
        lrPatience = LR_PATIENCE.or(lrPatience);
        beam = BEAM.or(beam);
        lengthPenalty = LENGTH_PENALTY.or(lengthPenalty);
        seed = SEED.or(seed);
        workers = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        out = OUT.or(out);
    }

    /** The defaults with {@code values} (snake_case keys) on top. */
    public static CaptionConfig of(Map<String, Object> values) {
        return ConfigIO.fromMap(values, CaptionConfig.class);
    }

    /** This config with {@code overrides} (snake_case keys) on top. */
    public CaptionConfig with(Map<String, Object> overrides) {
        return ConfigIO.merge(this, overrides, CaptionConfig.class);
    }

    /**
     * Checks what the types cannot: ranges, a data path, a known backbone.
     *
     * @return this config
     */
    public CaptionConfig validate() {
        if (data == null || data.isBlank()) {
            throw new CitraException("No data given: pass --data <Flickr8k folder or .zip>, or data: in --config.");
        }
        Object[][] checks = {{VAL_SPLIT, valSplit}, {IMG_SIZE, imgSize}, {VOCAB, vocab}, {MIN_COUNT, minCount},
            {MAX_LENGTH, maxLength}, {EMBED, embed}, {HIDDEN, hidden}, {DROPOUT, dropout}, {ATTENTION_REG, attentionReg},
            {EPOCHS, epochs}, {BATCH, batch}, {LR, lr}, {PATIENCE, patience}, {LR_PATIENCE, lrPatience}, {BEAM, beam},
            {LENGTH_PENALTY, lengthPenalty}, {WORKERS, workers}};
        for (Object[] c : checks) {
            ((TrainOption<?>) c[0]).check((Number) c[1]);
        }
        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        if (!(registry.get(encoder) instanceof BackboneArchitecture)) {
            throw new CitraException("--encoder '" + encoder + "' is not a pretrained backbone: use one of "
                    + CaptionEncoder.backbones(registry) + ".");
        }
        Normalization.resolve(normalize, encoder);
        return this;
    }

    /** The encoder's input: its size (the backbone's ImageNet size by default), RGB, its normalisation. */
    @JsonIgnore
    public ImageSpec imageSpec() {
        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        int size = imgSize != null ? imgSize : registry.get(encoder).designInput().size();
        return new ImageSpec(size, 3, Normalization.resolve(normalize, encoder));
    }
}
