package dev.citra.caption;

import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.bundle.ModelTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A caption model on disk: {@code citra.json} ({@link CaptionMetadata}), the decoder's
 * {@code weights.params} and the encoder's {@value #ENCODER_WEIGHTS}; written atomically as every
 * bundle is, and loadable by itself ({@link Captioner#load}).
 */
public final class CaptionBundle {
    /** The encoder backbone's parameters. */
    public static final String ENCODER_WEIGHTS = "encoder.params";
    public static final int FORMAT = 1;

    private CaptionBundle() {}

    /**
     * Writes a bundle to {@code dir}, replacing what was there only once the new one is complete.
     *
     * @param encoderWeights a file with the encoder's parameters, copied in (the encoder never changes,
     *     so a run writes it once and copies it into every checkpoint)
     * @param extras more files (a checkpoint's optimizer and loop state)
     */
    public static void save(Path dir, CaptionModel decoder, Path encoderWeights, CaptionMetadata metadata,
            ModelBundle.ExtraFile... extras) {
        List<ModelBundle.ExtraFile> files = new ArrayList<>();
        files.add(ModelBundle.weightsOf(decoder));
        files.add(staged -> Files.copy(encoderWeights, staged.resolve(ENCODER_WEIGHTS)));
        files.addAll(Arrays.asList(extras));
        files.add(staged -> ModelBundle.json().writeValue(staged.resolve(ModelBundle.METADATA).toFile(), metadata));
        ModelBundle.writeFolder(dir, files);
    }

    /** Reads and checks a caption bundle's {@code citra.json} (a bundle folder, or a run folder's best/). */
    public static CaptionMetadata readMetadata(Path path) {
        ModelBundle.requireTask(path, ModelTask.CAPTION);
        Path file = ModelBundle.resolve(path).resolve(ModelBundle.METADATA);
        CaptionMetadata meta;
        try {
            meta = ModelBundle.json().readValue(file.toFile(), CaptionMetadata.class);
        } catch (IOException e) {
            throw new CitraException("Model file " + file + " is not a valid caption citra.json (" + e.getMessage()
                    + "): point to another bundle, or retrain.");
        }
        if (meta.format() > FORMAT) {
            throw new CitraException("Caption model " + path + " has bundle format " + meta.format() + ", newer than the "
                    + FORMAT + " this citra reads: upgrade citra to load it.");
        }
        if (meta.encoder() == null || meta.decoder() == null || meta.vocabulary() == null || meta.cleaning() == null) {
            throw new CitraException("Model file " + file + " lacks the encoder, decoder, vocabulary or cleaning rules:"
                    + " it is not a complete caption bundle.");
        }
        return meta;
    }

    /** Reads a bundle's decoder weights into {@code decoder}. */
    static void loadDecoder(CaptionModel decoder, Path dir) {
        ModelBundle.readParameters(decoder, dir.resolve(ModelBundle.WEIGHTS));
    }

    /** Rebuilds a bundle's encoder. */
    static CaptionEncoder loadEncoder(EncoderSpec spec, Path dir) {
        return CaptionEncoder.load(spec, dir.resolve(ENCODER_WEIGHTS));
    }
}
