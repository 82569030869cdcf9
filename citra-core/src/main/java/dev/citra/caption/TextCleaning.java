package dev.citra.caption;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How captions are cleaned before they are counted and learnt (the usual Flickr8k recipe). The
 * caption is split on whitespace, then each word is cleaned on its own, so punctuation inside a
 * word joins its parts ({@code t-shirt} becomes {@code tshirt}, {@code dog's} becomes {@code dogs}).
 *
 * @param lowerCase words are lower-cased (in the root locale, so the result does not depend on
 *     the machine's language)
 * @param stripPunctuation every character that is neither a letter nor a digit is removed
 * @param stripDigits a word that still holds a digit after that is dropped whole ({@code 2},
 *     {@code 5th}, {@code 13406}), as the recipe keeps only alphabetic words
 * @param minTokenLength words shorter than this (in characters) are dropped; 2 drops {@code a}
 */
public record TextCleaning(boolean lowerCase, boolean stripPunctuation, boolean stripDigits, int minTokenLength) {
    public TextCleaning {
        if (minTokenLength < 1) {
            throw new IllegalArgumentException("minTokenLength must be at least 1, not " + minTokenLength);
        }
    }

    /** Lower case, no punctuation, no words with digits, no one-letter words. */
    public static TextCleaning flickr8k() {
        return new TextCleaning(true, true, true, 2);
    }

    /** The cleaned words of {@code caption}, in order; never an empty string. */
    public List<String> tokens(String caption) {
        List<String> out = new ArrayList<>();
        for (String word : caption.strip().split("\\s+")) {
            String w = clean(word);
            if (w.codePointCount(0, w.length()) >= minTokenLength && !(stripDigits && hasDigit(w))) {
                out.add(w);
            }
        }
        return out;
    }

    /** The cleaned words of each caption. */
    public List<List<String>> tokensOfAll(List<String> captions) {
        return captions.stream().map(this::tokens).toList();
    }

    private String clean(String word) {
        String w = lowerCase ? word.toLowerCase(Locale.ROOT) : word;
        if (!stripPunctuation) {
            return w;
        }
        StringBuilder kept = new StringBuilder(w.length());
        w.codePoints().filter(Character::isLetterOrDigit).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    private static boolean hasDigit(String word) {
        return word.codePoints().anyMatch(Character::isDigit);
    }
}
