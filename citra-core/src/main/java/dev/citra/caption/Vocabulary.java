package dev.citra.caption;

import dev.citra.CitraException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The words a caption model knows, each with an id: the four special tokens first ({@link #PAD} 0,
 * {@link #START} 1, {@link #END} 2, {@link #UNK} 3), then the words from the most frequent down.
 * Words outside it read as {@link #UNK}.
 */
public final class Vocabulary {
    public static final String PAD = "<pad>";
    public static final String START = "<start>";
    public static final String END = "<end>";
    public static final String UNK = "<unk>";
    private static final List<String> SPECIALS = List.of(PAD, START, END, UNK);

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
        }
    }

    /**
     * The {@code maxSize - 4} most frequent words of the captions after the specials; equal counts
     * go in {@link String#compareTo} order so the same captions always give the same ids. Special
     * tokens inside captions are not counted as words.
     *
     * @param maxSize the size including the four specials (S0: 5,000)
     * @param minCount words seen fewer times than this are left out even when there is room
     * @throws CitraException when {@code maxSize} leaves no room for a word, {@code minCount} is
     *     below 1, or no word is left
     */
    public static Vocabulary build(List<List<String>> tokenizedCaptions, int maxSize, int minCount) {
        if (maxSize <= SPECIALS.size()) {
            throw new CitraException("Vocabulary size " + maxSize + " leaves no room for words beside the "
                    + SPECIALS.size() + " special tokens: give a size of at least " + (SPECIALS.size() + 1) + ".");
        }
        if (minCount < 1) {
            throw new CitraException("Minimum word count " + minCount + " is below 1: give 1 to keep every word.");
        }
        Map<String, Integer> counts = counts(tokenizedCaptions);
        SPECIALS.forEach(counts::remove);
        List<Map.Entry<String, Integer>> kept = counts.entrySet().stream()
                .filter(e -> e.getValue() >= minCount)
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(maxSize - SPECIALS.size())
                .toList();
        if (kept.isEmpty()) {
            throw new CitraException("No word is left for the vocabulary from " + tokenizedCaptions.size()
                    + " captions (" + counts.size() + " distinct words after cleaning, none seen " + minCount
                    + " times or more): check the caption file and the cleaning, or lower the minimum count.");
        }
        List<String> tokens = new ArrayList<>(SPECIALS);
        kept.forEach(e -> tokens.add(e.getKey()));
        return new Vocabulary(tokens);
    }

    /**
     * A stored vocabulary, its tokens in id order.
     *
     * @throws CitraException when the list does not start with the four specials in order, or
     *     holds an empty or repeated token
     */
    public static Vocabulary of(List<String> tokens) {
        if (tokens.size() < SPECIALS.size() || !tokens.subList(0, SPECIALS.size()).equals(SPECIALS)) {
            throw new CitraException("Vocabulary list starts with "
                    + tokens.subList(0, Math.min(SPECIALS.size(), tokens.size())) + " instead of " + SPECIALS
                    + ": the stored vocabulary is damaged; restore it or retrain the model.");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t == null || t.isBlank()) {
                throw new CitraException("Vocabulary list has an empty token at id " + i
                        + ": the stored vocabulary is damaged; restore it or retrain the model.");
            }
            Integer before = seen.putIfAbsent(t, i);
            if (before != null) {
                throw new CitraException("Vocabulary list has '" + t + "' twice (ids " + before + " and " + i
                        + "): the stored vocabulary is damaged; restore it or retrain the model.");
            }
        }
        return new Vocabulary(tokens);
    }

    /** How many times each token occurs in the captions. */
    public static Map<String, Integer> counts(List<List<String>> tokenizedCaptions) {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> caption : tokenizedCaptions) {
            for (String t : caption) {
                counts.merge(t, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** All tokens in id order, the specials first. */
    public List<String> tokens() {
        return tokens;
    }

    public int size() {
        return tokens.size();
    }

    /** The id of {@code token}, or {@link #unk()} when the vocabulary lacks it. */
    public int id(String token) {
        return ids.getOrDefault(token, unk());
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The token with this id. */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("Token id " + id + " is outside the vocabulary of " + tokens.size());
        }
        return tokens.get(id);
    }

    public int pad() {
        return 0;
    }

    public int start() {
        return 1;
    }

    public int end() {
        return 2;
    }

    public int unk() {
        return 3;
    }

    /** {@code <start>}, the ids of {@code tokens} (unknown ones as {@code <unk>}), {@code <end>}. */
    public int[] encode(List<String> tokens) {
        int[] ids = new int[tokens.size() + 2];
        ids[0] = start();
        for (int i = 0; i < tokens.size(); i++) {
            ids[i + 1] = id(tokens.get(i));
        }
        ids[ids.length - 1] = end();
        return ids;
    }

    /**
     * {@link #encode(List)} padded with {@code <pad>} to {@code length}; a longer caption is cut
     * at {@code length}, losing its {@code <end>}, so pick the length from the longest caption.
     */
    public int[] encode(List<String> tokens, int length) {
        int[] all = encode(tokens);
        int[] out = Arrays.copyOf(all, length);
        Arrays.fill(out, Math.min(all.length, length), length, pad());
        return out;
    }

    /** The words of a generated sequence: up to the first {@code <end>}, without {@code <start>} and {@code <pad>}. */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) {
            if (id == end()) {
                break;
            }
            if (id != start() && id != pad()) {
                out.add(token(id));
            }
        }
        return out;
    }

    /**
     * The share of word occurrences in the captions the vocabulary knows (1 for no words), for
     * the log: how much of the text falls to {@code <unk>}.
     */
    public double coverage(List<List<String>> tokenizedCaptions) {
        long total = 0;
        long known = 0;
        for (List<String> caption : tokenizedCaptions) {
            for (String t : caption) {
                total++;
                if (ids.getOrDefault(t, unk()) > unk()) {
                    known++;
                }
            }
        }
        return total == 0 ? 1 : (double) known / total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.tokens.equals(tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary(" + tokens.size() + " tokens)";
    }
}
