package dev.citra.caption;

import dev.citra.data.CaptionSample;
import dev.citra.data.DecodedImages;
import dev.citra.data.ImageDataset;
import dev.citra.data.ImageLoader;
import dev.citra.data.Sample;
import dev.citra.data.SkippedFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Images as the decoder sees them: their cached encoder features, and their captions as token ids.
 *
 * @param ids the images' ids in the data set
 * @param features per image, the pooled vector or the grid, flattened
 * @param references per image, its cleaned captions as words (what BLEU compares with)
 * @param captions every (image, caption) pair to learn from: the image's index and the caption's ids
 *     ({@code <start>} ... {@code <end>})
 */
public record CaptionSet(List<String> ids, float[][] features, List<List<List<String>>> references,
        List<Pair> captions) {
    /** One training example: an image (its index) and one of its captions as ids. */
    public record Pair(int image, int[] tokens) {}

    private static final int CHUNK = 256;
    private static final int ENCODE_BATCH = 32;

    public int images() {
        return ids.size();
    }

    /**
     * Decodes images in chunks (bounded memory), runs the encoder on them and pairs each image with
     * its cleaned captions as ids, cut at {@code maxLength} words; unreadable images go to {@code skipped}.
     */
    public static CaptionSet encode(CaptionEncoder encoder, List<CaptionSample> samples, boolean grid,
            TextCleaning cleaning, Vocabulary vocabulary, int maxLength, int workers, List<SkippedFile> skipped) {
        List<String> ids = new ArrayList<>();
        List<float[]> features = new ArrayList<>();
        List<List<List<String>>> references = new ArrayList<>();
        List<CaptionSet.Pair> pairs = new ArrayList<>();
        Map<String, CaptionSample> byId = samples.stream()
                .collect(Collectors.toMap(CaptionSample::id, s -> s, (a, b) -> a, LinkedHashMap::new));
        for (int from = 0; from < samples.size(); from += CHUNK) {
            List<Sample> chunk = new ArrayList<>();
            for (CaptionSample s : samples.subList(from, Math.min(samples.size(), from + CHUNK))) {
                chunk.add(new Sample(s.id(), 0, s.source()));
            }
            DecodedImages decoded = ImageLoader.decodeAll(new ImageDataset(List.of("image"), chunk),
                    encoder.input(), workers, done -> {});
            skipped.addAll(decoded.skipped());
            for (int b = 0; b < decoded.size(); b += ENCODE_BATCH) {
                int end = Math.min(decoded.size(), b + ENCODE_BATCH);
                List<float[]> tensors = Arrays.asList(decoded.tensors()).subList(b, end);
                features.addAll(List.of(encoder.features(tensors, grid)));
            }
            for (String id : decoded.ids()) {
                CaptionSample s = byId.get(id);
                List<List<String>> cleaned = s.captions().stream().map(cleaning::tokens).toList();
                int image = ids.size();
                ids.add(id);
                references.add(cleaned);
                for (List<String> words : cleaned) {
                    List<String> kept = words.size() > maxLength ? words.subList(0, maxLength) : words;
                    pairs.add(new CaptionSet.Pair(image, vocabulary.encode(kept)));
                }
            }
        }
        return new CaptionSet(ids, features.toArray(new float[0][]), references, pairs);
    }
}
