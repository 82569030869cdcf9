package dev.citra.caption;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU exactly as NLTK's {@code nltk.translate.bleu_score.corpus_bleu} computes it (no
 * smoothing), so citra's figures compare with the captioning papers and tutorials that use it.
 *
 * <p>The clipped n-gram matches and the n-gram counts of all hypotheses are summed before dividing
 * (each hypothesis counts at least 1 per order, even when shorter than n); the brevity penalty
 * compares the total hypothesis length with the total of the reference lengths closest to each
 * (the shorter on a tie). With no matching word at all the score is 0. An order with no match
 * but a weight takes NLTK's place-holder precision {@link Double#MIN_NORMAL}
 * ({@code sys.float_info.min}), which makes the score tiny (about 1e-77 at weight 1/4) but not 0.
 */
public final class Bleu {
    /** The weights of BLEU-1, BLEU-2, BLEU-3 and BLEU-4. */
    public static final double[][] CUMULATIVE = {
        {1, 0, 0, 0}, {.5, .5, 0, 0}, {1 / 3., 1 / 3., 1 / 3., 0}, {.25, .25, .25, .25}
    };

    private Bleu() {}

    /**
     * The corpus BLEU of {@code hypotheses} against their references.
     *
     * @param references for each hypothesis, one or more reference token lists
     * @param weights the weight of each n-gram order from unigrams up; its length sets the orders counted
     */
    public static double corpus(List<List<List<String>>> references, List<List<String>> hypotheses, double[] weights) {
        return scores(Counts.of(references, hypotheses, weights.length), weights);
    }

    /** BLEU-1 to BLEU-4 (the {@link #CUMULATIVE} weights) from one pass over the corpus. */
    public static double[] cumulative(List<List<List<String>>> references, List<List<String>> hypotheses) {
        Counts counts = Counts.of(references, hypotheses, CUMULATIVE[0].length);
        double[] out = new double[CUMULATIVE.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = scores(counts, CUMULATIVE[i]);
        }
        return out;
    }

    /** The BLEU of one hypothesis against its references (NLTK's {@code sentence_bleu}). */
    public static double sentence(List<List<String>> references, List<String> hypothesis, double[] weights) {
        return corpus(List.of(references), List.of(hypothesis), weights);
    }

    private static double scores(Counts c, double[] weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("BLEU needs at least one weight");
        }
        if (c.matches[0] == 0) {
            return 0;
        }
        // NLTK adds the weighted logs with math.fsum, i.e. exactly, rounding once at the end. Math's
        // log and exp (not StrictMath's) agree with CPython's libm to the last bit on the tests' cases.
        BigDecimal sum = BigDecimal.ZERO;
        for (int n = 0; n < weights.length; n++) {
            double p = c.matches[n] == 0 ? Double.MIN_NORMAL : (double) c.matches[n] / c.totals[n];
            sum = sum.add(new BigDecimal(weights[n] * Math.log(p)));
        }
        return brevityPenalty(c.closestReferenceLength, c.hypothesisLength) * Math.exp(sum.doubleValue());
    }

    private static double brevityPenalty(long referenceLength, long hypothesisLength) {
        if (hypothesisLength > referenceLength) {
            return 1;
        }
        if (hypothesisLength == 0) {
            return 0;
        }
        return Math.exp(1 - (double) referenceLength / hypothesisLength);
    }

    /** The corpus totals BLEU is made of; index n-1 for order n. */
    private record Counts(long[] matches, long[] totals, long hypothesisLength, long closestReferenceLength) {
        static Counts of(List<List<List<String>>> references, List<List<String>> hypotheses, int orders) {
            if (references.size() != hypotheses.size()) {
                throw new IllegalArgumentException(hypotheses.size() + " hypotheses but references for "
                        + references.size() + ": give one list of references per hypothesis");
            }
            long[] matches = new long[orders];
            long[] totals = new long[orders];
            long hypLength = 0;
            long refLength = 0;
            for (int i = 0; i < hypotheses.size(); i++) {
                List<String> hyp = hypotheses.get(i);
                List<List<String>> refs = references.get(i);
                if (refs.isEmpty()) {
                    throw new IllegalArgumentException("Hypothesis " + i + " has no reference");
                }
                for (int n = 1; n <= orders; n++) {
                    Map<List<String>, Integer> counts = ngrams(hyp, n);
                    Map<List<String>, Integer> maxRef = new HashMap<>();
                    for (List<String> ref : refs) {
                        ngrams(ref, n).forEach((g, k) -> {
                            if (counts.containsKey(g)) {
                                maxRef.merge(g, k, Math::max);
                            }
                        });
                    }
                    long total = 0;
                    for (Map.Entry<List<String>, Integer> e : counts.entrySet()) {
                        matches[n - 1] += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
                        total += e.getValue();
                    }
                    totals[n - 1] += Math.max(1, total);
                }
                hypLength += hyp.size();
                refLength += closestLength(refs, hyp.size());
            }
            return new Counts(matches, totals, hypLength, refLength);
        }

        private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
            Map<List<String>, Integer> counts = new HashMap<>();
            for (int i = 0; i + n <= tokens.size(); i++) {
                counts.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
            }
            return counts;
        }

        private static int closestLength(List<List<String>> refs, int hypLength) {
            int best = refs.get(0).size();
            for (List<String> ref : refs) {
                int d = Math.abs(ref.size() - hypLength);
                int bestD = Math.abs(best - hypLength);
                if (d < bestD || (d == bestD && ref.size() < best)) {
                    best = ref.size();
                }
            }
            return best;
        }
    }
}
