package dev.citra.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Images with captions (Flickr8k), as a source read them.
 *
 * @param format the detected format: {@code flickr8k} (the original text files) or
 *     {@code flickr8k-kaggle} (one {@code captions.txt} CSV)
 * @param samples the images found, with their captions, sorted by id
 * @param predefined the train/val/test parts the data set's split files give, when it has them
 * @param missing images the caption file lists but the image folder lacks, with the reason
 */
public record CaptionDataset(String format, List<CaptionSample> samples, Optional<Parts> predefined,
        List<SkippedFile> missing) {
    public CaptionDataset {
        samples = List.copyOf(samples);
        missing = List.copyOf(missing);
    }

    /** Train, validation and test images; any part may be empty. */
    public record Parts(List<CaptionSample> train, List<CaptionSample> val, List<CaptionSample> test) {
        public Parts {
            train = List.copyOf(train);
            val = List.copyOf(val);
            test = List.copyOf(test);
        }
    }

    public int size() {
        return samples.size();
    }

    /**
     * The predefined split when there is one; otherwise a seeded random split into train and
     * validation (S0 uses 80:20), by the same rule as {@link Splits#stratified} uses for one class,
     * so the same seed always gives the same parts.
     */
    public Parts split(double valFraction, long seed) {
        if (predefined.isPresent()) {
            return predefined.get();
        }
        Map<String, CaptionSample> byId = new HashMap<>();
        List<Sample> unlabelled = new ArrayList<>(samples.size());
        for (CaptionSample s : samples) {
            byId.put(s.id(), s);
            unlabelled.add(new Sample(s.id(), 0, s.source()));
        }
        DatasetSplit split = Splits.stratified(new ImageDataset(List.of("image"), unlabelled), valFraction, 0, seed);
        return new Parts(captioned(split.train(), byId), captioned(split.val(), byId), List.of());
    }

    private static List<CaptionSample> captioned(ImageDataset part, Map<String, CaptionSample> byId) {
        return part.samples().stream().map(s -> byId.get(s.id())).toList();
    }
}
