package dev.citra.caption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Building, storing and using a vocabulary, on generated captions. */
class VocabularyTest {
    private static final List<String> SPECIALS = List.of("<pad>", "<start>", "<end>", "<unk>");

    private static List<List<String>> captions(String... captions) {
        List<List<String>> out = new ArrayList<>();
        for (String c : captions) {
            out.add(c.isEmpty() ? List.of() : List.of(c.split(" ")));
        }
        return out;
    }

    /** dog 4, the 3, runs 2, cat 2, ball 2, red 1, park 1. */
    private static final List<List<String>> CORPUS = captions(
            "the dog runs", "dog and ball", "the red dog", "cat runs", "the cat park ball dog", "");

    @Test
    void mostFrequentFirstTiesAlphabetical() {
        Vocabulary v = Vocabulary.build(CORPUS, 100, 1);
        assertEquals(List.of("<pad>", "<start>", "<end>", "<unk>", "dog", "the", "ball", "cat", "runs", "and", "park", "red"),
                v.tokens());
        assertEquals(12, v.size());
        assertEquals(List.of(0, 1, 2, 3), List.of(v.pad(), v.start(), v.end(), v.unk()));
        for (int i = 0; i < 4; i++) {
            assertEquals(i, v.id(SPECIALS.get(i)));
            assertEquals(SPECIALS.get(i), v.token(i));
        }
        assertEquals(List.of(Vocabulary.PAD, Vocabulary.START, Vocabulary.END, Vocabulary.UNK), SPECIALS);
    }

    @Test
    void sizeCountsTheSpecialsAndCutsInsideATie() {
        assertEquals(List.of("<pad>", "<start>", "<end>", "<unk>", "dog", "the", "ball"),
                Vocabulary.build(CORPUS, 7, 1).tokens());
        assertEquals(List.of("<pad>", "<start>", "<end>", "<unk>", "dog"), Vocabulary.build(CORPUS, 5, 1).tokens());
    }

    @Test
    void rareWordsAreLeftOut() {
        assertEquals(List.of("<pad>", "<start>", "<end>", "<unk>", "dog", "the", "ball", "cat", "runs"),
                Vocabulary.build(CORPUS, 100, 2).tokens());
        assertEquals(List.of("<pad>", "<start>", "<end>", "<unk>", "dog"), Vocabulary.build(CORPUS, 100, 4).tokens());
    }

    @Test
    void sameCaptionsInAnyOrderGiveTheSameIds() {
        List<List<String>> shuffled = new ArrayList<>(CORPUS);
        Collections.shuffle(shuffled, new Random(5));
        assertEquals(Vocabulary.build(CORPUS, 9, 1), Vocabulary.build(shuffled, 9, 1));
    }

    @Test
    void specialTokensInCaptionsAreNotWords() {
        Vocabulary v = Vocabulary.build(captions("<unk> <unk> <end> dog", "<pad> dog"), 10, 1);
        assertEquals(List.of("<pad>", "<start>", "<end>", "<unk>", "dog"), v.tokens());
    }

    @Test
    void encodeAndDecode() {
        Vocabulary v = Vocabulary.build(CORPUS, 100, 2);
        assertArrayEquals(new int[] {1, 5, 4, 8, 2}, v.encode(List.of("the", "dog", "runs")));
        assertArrayEquals(new int[] {1, 2}, v.encode(List.of()));
        assertArrayEquals(new int[] {1, 7, 3, 3, 2}, v.encode(List.of("cat", "zebra", "red")), "unknown words");
        assertEquals(3, v.id("zebra"));
        assertTrue(v.contains("dog"));
        assertFalse(v.contains("zebra"));

        assertArrayEquals(new int[] {1, 5, 4, 8, 2, 0, 0}, v.encode(List.of("the", "dog", "runs"), 7), "padded");
        assertArrayEquals(new int[] {1, 5, 4, 8, 2}, v.encode(List.of("the", "dog", "runs"), 5), "exactly full");
        assertArrayEquals(new int[] {1, 5, 4}, v.encode(List.of("the", "dog", "runs"), 3), "cut");

        assertEquals(List.of("the", "dog", "runs"), v.decode(new int[] {1, 5, 4, 8, 2, 0, 0}));
        assertEquals(List.of("the", "dog"), v.decode(new int[] {5, 0, 4, 2, 8, 2}), "stops at the first end");
        assertEquals(List.of("cat", "<unk>"), v.decode(new int[] {7, 3}), "no end: everything");
        assertEquals(List.of(), v.decode(new int[] {1, 2, 5}));
        assertThrows(IllegalArgumentException.class, () -> v.decode(new int[] {1, 9}));
        assertThrows(IllegalArgumentException.class, () -> v.token(-1));
    }

    @Test
    void roundTrips() {
        Random r = new Random(11);
        List<String> words = List.of("dog", "the", "ball", "cat", "runs", "and", "park", "red");
        Vocabulary v = Vocabulary.build(CORPUS, 100, 1);
        for (int i = 0; i < 200; i++) {
            List<String> caption = new ArrayList<>();
            for (int k = r.nextInt(12); k > 0; k--) {
                caption.add(words.get(r.nextInt(words.size())));
            }
            assertEquals(caption, v.decode(v.encode(caption)));
            assertEquals(caption, v.decode(v.encode(caption, caption.size() + 2 + r.nextInt(4))));
        }
        // Stored as its token list and read back, it is the same vocabulary with the same ids.
        Vocabulary stored = Vocabulary.of(new ArrayList<>(v.tokens()));
        assertEquals(v, stored);
        assertEquals(v.hashCode(), stored.hashCode());
        assertEquals(v.id("park"), stored.id("park"));
        assertNotEquals(v, Vocabulary.build(CORPUS, 6, 1));
    }

    @Test
    void coverageIsTheShareOfWordsKnown() {
        // 16 words; with the top 3 (dog 4, the 3, ball 2) 9 are known.
        assertEquals(9 / 16.0, Vocabulary.build(CORPUS, 7, 1).coverage(CORPUS), 1e-15);
        assertEquals(1.0, Vocabulary.build(CORPUS, 100, 1).coverage(CORPUS));
        assertEquals(1.0, Vocabulary.build(CORPUS, 100, 1).coverage(List.of()));
        assertEquals(0.0, Vocabulary.build(CORPUS, 100, 1).coverage(captions("zebra <unk>")), "specials are not words");
    }

    @Test
    void badSizesAndEmptyCaptionsAreRefusedInOneSentence() {
        CitraException small = assertThrows(CitraException.class, () -> Vocabulary.build(CORPUS, 4, 1));
        assertEquals("Vocabulary size 4 leaves no room for words beside the 4 special tokens: give a size of at least 5.",
                small.getMessage());
        assertThrows(CitraException.class, () -> Vocabulary.build(CORPUS, 100, 0));
        CitraException empty = assertThrows(CitraException.class, () -> Vocabulary.build(captions("", ""), 100, 1));
        assertEquals("No word is left for the vocabulary from 2 captions (0 distinct words after cleaning, none seen 1 times"
                + " or more): check the caption file and the cleaning, or lower the minimum count.", empty.getMessage());
        assertThrows(CitraException.class, () -> Vocabulary.build(CORPUS, 100, 5));
    }

    @Test
    void aDamagedStoredListIsRefused() {
        CitraException order = assertThrows(CitraException.class,
                () -> Vocabulary.of(List.of("<start>", "<pad>", "<end>", "<unk>", "dog")));
        assertEquals("Vocabulary list starts with [<start>, <pad>, <end>, <unk>] instead of [<pad>, <start>, <end>, <unk>]:"
                + " the stored vocabulary is damaged; restore it or retrain the model.", order.getMessage());
        assertThrows(CitraException.class, () -> Vocabulary.of(List.of("<pad>", "<start>")));
        assertThrows(CitraException.class, () -> Vocabulary.of(List.of()));
        CitraException twice = assertThrows(CitraException.class,
                () -> Vocabulary.of(List.of("<pad>", "<start>", "<end>", "<unk>", "dog", "cat", "dog")));
        assertEquals("Vocabulary list has 'dog' twice (ids 4 and 6): the stored vocabulary is damaged;"
                + " restore it or retrain the model.", twice.getMessage());
        assertThrows(CitraException.class, () -> Vocabulary.of(List.of("<pad>", "<start>", "<end>", "<unk>", " ")));
        assertEquals(4, Vocabulary.of(SPECIALS).size(), "only the specials is a valid, if useless, stored list");
    }
}
