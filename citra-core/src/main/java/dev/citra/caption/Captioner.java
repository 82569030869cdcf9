package dev.citra.caption;

import dev.citra.bundle.ModelBundle;
import dev.citra.image.ImageDecoder;
import dev.citra.image.ImagePreprocessor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained captioner loaded from a bundle: image in, sentence out. Pre-processes as the encoder
 * was fed in training, encodes, and decodes greedily or by beam search. Calls are serialised, so
 * one instance may serve several threads.
 */
public final class Captioner implements AutoCloseable {
    private final CaptionMetadata metadata;
    private final CaptionEncoder encoder;
    private final CaptionModel decoder;
    private final CaptionDecoder decoding;
    private final ImageDecoder imageDecoder = new ImageDecoder();

    private Captioner(CaptionMetadata metadata, CaptionEncoder encoder, CaptionModel decoder) {
        this.metadata = metadata;
        this.encoder = encoder;
        this.decoder = decoder;
        this.decoding = new CaptionDecoder(decoder, Vocabulary.of(metadata.vocabulary()),
                metadata.encoder().featureShape(metadata.decoder().kind()), metadata.maxLength());
    }

    /** Loads a caption bundle folder, or the best checkpoint of a caption run folder. */
    public static Captioner load(Path path) {
        CaptionMetadata meta = CaptionBundle.readMetadata(path);
        Path dir = ModelBundle.resolve(path);
        CaptionModel decoder = CaptionModel.create(meta.decoder(), 0);
        try {
            CaptionBundle.loadDecoder(decoder, dir);
            return new Captioner(meta, CaptionBundle.loadEncoder(meta.encoder(), dir), decoder);
        } catch (RuntimeException e) {
            decoder.close();
            throw e;
        }
    }

    public CaptionMetadata metadata() {
        return metadata;
    }

    CaptionEncoder encoder() {
        return encoder;
    }

    CaptionModel decoder() {
        return decoder;
    }

    /** The caption of an image file; {@code beam} 1 is greedy. */
    public CaptionDecoder.Caption caption(Path image, int beam) {
        return caption(decode(image), beam);
    }

    /** The caption of an image; {@code beam} 1 is greedy. */
    public synchronized CaptionDecoder.Caption caption(BufferedImage image, int beam) {
        return captionAll(List.of(image), beam).get(0);
    }

    /** Captions of several images; {@code beam} 1 decodes them greedily together. */
    public synchronized List<CaptionDecoder.Caption> captionAll(List<BufferedImage> images, int beam) {
        List<float[]> tensors = new ArrayList<>();
        for (BufferedImage image : images) {
            tensors.add(ImagePreprocessor.toTensor(image, encoder.input()));
        }
        float[][] features = encoder.features(tensors, metadata.decoder().kind().usesGrid());
        if (beam <= 1) {
            return decoding.greedy(features, features.length);
        }
        List<CaptionDecoder.Caption> out = new ArrayList<>();
        for (float[] f : features) {
            out.add(decoding.beam(f, beam, metadata.lengthPenalty()));
        }
        return out;
    }

    /** Decodes an image file with the decoder's size limits; errors name the file. */
    public BufferedImage decode(Path image) {
        return imageDecoder.decodeFile(image);
    }

    @Override
    public void close() {
        decoder.close();
        encoder.close();
    }
}
