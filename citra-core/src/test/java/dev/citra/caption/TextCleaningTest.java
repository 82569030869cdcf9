package dev.citra.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Flickr8k cleaning recipe and each of its switches, on written and generated captions. */
class TextCleaningTest {
    private final TextCleaning flickr = TextCleaning.flickr8k();

    @Test
    void flickr8kRecipe() {
        assertEquals(new TextCleaning(true, true, true, 2), flickr);
        assertEquals(List.of("child", "in", "pink", "dress", "is", "climbing", "up", "set", "of", "stairs"),
                flickr.tokens("A child in a pink dress is climbing up a set of stairs ."));
        // Punctuation inside a word joins its parts; the possessive "'s" alone is one letter and goes.
        assertEquals(List.of("dog", "in", "tshirt", "shakes", "its", "head", "near", "the", "shore"),
                flickr.tokens("A dog in a t-shirt shakes its head near the shore , a"));
        assertEquals(List.of("girl", "holding", "horse", "lead"), flickr.tokens("A girl holding a horse 's lead"));
        assertEquals(List.of("the", "number", "on", "it"), flickr.tokens("The number \"\" 4 \"\" on it."));
        assertEquals(List.of("about", "kids", "wearing", "number"), flickr.tokens("About 12 kids wearing number 13406 5th"));
        assertEquals(List.of("dogs", "running"), flickr.tokens("  DOGS\tRunning!!\n"));
    }

    @Test
    void neverAnEmptyToken() {
        assertEquals(List.of(), flickr.tokens(""));
        assertEquals(List.of(), flickr.tokens("   "));
        assertEquals(List.of(), flickr.tokens(". , ! a 2 ; --"));
        Random r = new Random(3);
        String alphabet = "aAbZ09 .,'-!\t\"";
        for (int i = 0; i < 2000; i++) {
            StringBuilder s = new StringBuilder();
            for (int k = r.nextInt(30); k > 0; k--) {
                s.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            for (TextCleaning c : List.of(flickr, new TextCleaning(false, false, false, 1))) {
                for (String t : c.tokens(s.toString())) {
                    assertTrue(!t.isEmpty() && t.chars().noneMatch(Character::isWhitespace), "'" + t + "' from '" + s + "'");
                    assertTrue(t.length() >= c.minTokenLength(), t);
                }
            }
            for (String t : flickr.tokens(s.toString())) {
                assertTrue(t.chars().allMatch(ch -> ch >= 'a' && ch <= 'z') && t.length() >= 2, t);
            }
        }
    }

    @Test
    void eachSwitchOnItsOwn() {
        String caption = "A Dog's 2nd ball , red.";
        assertEquals(List.of("A", "Dog's", "2nd", "ball", ",", "red."), new TextCleaning(false, false, false, 1).tokens(caption));
        assertEquals(List.of("a", "dog's", "2nd", "ball", ",", "red."), new TextCleaning(true, false, false, 1).tokens(caption));
        assertEquals(List.of("A", "Dogs", "2nd", "ball", "red"), new TextCleaning(false, true, false, 1).tokens(caption));
        assertEquals(List.of("A", "Dog's", "ball", ",", "red."), new TextCleaning(false, false, true, 1).tokens(caption));
        assertEquals(List.of("Dog's", "2nd", "ball", "red."), new TextCleaning(false, false, false, 3).tokens(caption));
        // Lower case is the root locale's: "I" stays "i" whatever the machine's language.
        assertEquals(List.of("it", "is"), flickr.tokens("IT IS"));
        // Letters beyond ASCII are letters.
        assertEquals(List.of("café", "über"), flickr.tokens("Café, Über!"));
    }

    @Test
    void cleansManyCaptions() {
        assertEquals(List.of(List.of("dog"), List.of(), List.of("two", "cats")),
                flickr.tokensOfAll(List.of("A dog.", "a", "Two cats")));
    }

    @Test
    void minimumLengthIsAtLeastOne() {
        assertThrows(IllegalArgumentException.class, () -> new TextCleaning(true, true, true, 0));
    }
}
