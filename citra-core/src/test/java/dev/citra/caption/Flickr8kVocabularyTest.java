package dev.citra.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.data.CaptionSample;
import dev.citra.data.DataFiles;
import dev.citra.data.Flickr8kSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Cleaning and vocabulary on the real captions of {@code <citra.shared>/data/flickr8k-mini.zip}
 * (skipped when absent). The figures were counted once, independently, by the common Python
 * recipe (split, lower, {@code string.punctuation} removed, {@code len > 1}, {@code isalpha()})
 * over the zip's {@code captions.txt} read with the {@code csv} module.
 */
class Flickr8kVocabularyTest {
    @Test
    void miniFlickr8kCaptions() {
        String shared = System.getProperty("citra.shared");
        Path zip = shared == null ? null : Path.of(shared, "data", "flickr8k-mini.zip");
        Assumptions.assumeTrue(zip != null && Files.isRegularFile(zip),
                "Skipped: flickr8k-mini.zip is not at <citra.shared>/data/ (citra.shared=" + shared + ")");

        List<String> captions = Flickr8kSource.load(DataFiles.open(zip)).samples().stream()
                .flatMap((CaptionSample s) -> s.captions().stream()).toList();
        List<List<String>> tokens = TextCleaning.flickr8k().tokensOfAll(captions);
        assertEquals(4_000, tokens.size());
        assertEquals(37_555, tokens.stream().mapToInt(List::size).sum());
        assertEquals(29, tokens.stream().mapToInt(List::size).max().orElseThrow(), "longest caption, in words");
        assertEquals(2, tokens.stream().mapToInt(List::size).min().orElseThrow(), "shortest caption, in words");
        Map<String, Integer> counts = Vocabulary.counts(tokens);
        assertEquals(2_911, counts.size());
        assertEquals(1_820, counts.get("in"));
        assertEquals(894, counts.get("dog"));

        // S0's 5,000 holds every word of this small set.
        Vocabulary all = Vocabulary.build(tokens, 5_000, 1);
        assertEquals(2_915, all.size());
        assertEquals(1.0, all.coverage(tokens));
        assertEquals(List.of("in", "the", "on", "is", "dog", "and", "with", "man", "of", "two", "boy", "girl"),
                all.tokens().subList(4, 16));

        Vocabulary top = Vocabulary.build(tokens, 1_000, 1);
        assertEquals(34_881 / 37_555.0, top.coverage(tokens), 1e-12);
        assertEquals("digging", top.token(999));
        assertEquals(794, Vocabulary.build(tokens, 5_000, 5).size(), "790 words seen 5 times or more");
        assertTrue(top.encode(tokens.get(0)).length <= 31);
    }
}
