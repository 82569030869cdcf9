package dev.citra.caption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Corpus BLEU against figures NLTK computed once. The expected values come from Debian bookworm's
 * python3-nltk 3.8-1 on Python 3.11.2, printed by this script (cases given as space-separated
 * captions, exactly the ones in the tests below; the last figure is weights 0.1, 0.3, 0.5, 0.1):
 *
 * <pre>
 * # Debian bookworm python3-nltk 3.8-1, Python 3.11.2: /usr/bin/python3 bleu_expected.py
 * import warnings
 * from nltk.translate.bleu_score import corpus_bleu
 * warnings.simplefilter("ignore")  # method0 warns about zero counts
 * W = [(1, 0, 0, 0), (.5, .5, 0, 0), (1/3., 1/3., 1/3., 0), (.25, .25, .25, .25)]
 * def corpus(refs, hyps):  # captions as space-separated strings
 *     return [[r.split() for r in rs] for rs in refs], [h.split() for h in hyps]
 * CASES = {
 *   "realistic": (
 *     [["a child in pink dress is climbing up set of stairs in an entry way",
 *       "a girl going into wooden building",
 *       "a little girl climbing into wooden playhouse",
 *       "a little girl climbing the stairs to her playhouse",
 *       "a little girl in pink dress going into wooden cabin"],
 *      ["black dog and spotted dog are fighting",
 *       "black dog and tricolored dog playing with each other on the road",
 *       "black dog and white dog with brown spots are staring at each other in the street",
 *       "two dogs of different breeds looking at each other on the road",
 *       "two dogs on pavement moving toward each other"],
 *      ["little girl covered in paint sits in front of painted rainbow with her hands in bowl",
 *       "little girl is sitting in front of large painted rainbow",
 *       "small girl in the grass plays with fingerpaints in front of white canvas with rainbow on it",
 *       "there is girl with pigtails sitting in front of rainbow painting",
 *       "young girl with pigtails painting outside in the grass"],
 *      ["man lays on bench while his dog sits by him",
 *       "man lays on the bench to which white dog is also tied",
 *       "man sleeping on bench outside with white and black dog sitting next to him",
 *       "shirtless man lies on park bench with his dog",
 *       "man laying on bench holding leash of dog sitting on ground"],
 *      ["man in an orange hat starring at something",
 *       "man wears an orange hat and glasses",
 *       "man with gauges and glasses is wearing blitz hat",
 *       "man with glasses is wearing beer can crocheted hat",
 *       "the man with pierced ears is wearing glasses and an orange hat"],
 *      ["child playing on rope net",
 *       "little girl climbing on red roping",
 *       "little girl in pink climbs rope bridge at the park",
 *       "small child grips onto the red ropes at the playground",
 *       "the small child climbs on red ropes on playground"]],
 *     ["little girl in pink dress climbing into wooden playhouse",
 *      "black dog and white dog are playing on the road",
 *      "girl sitting in front of rainbow painting",
 *      "man is sitting on bench with his dog",
 *      "man with glasses is wearing hat",
 *      "little girl climbing on the red rope at the park"]),
 *   "brevity": (
 *     [["dog runs through the tall green grass in the park",
 *       "brown dog is running across field of tall grass"],
 *      ["two people walk along the beach at sunset near the water",
 *       "couple walking on the sand by the ocean at sunset"]],
 *     ["dog runs through grass", "people walk on the beach"]),
 *   "zero_fourgram": (
 *     [["the dog runs on the beach", "dog running along the sandy beach"],
 *      ["man rides red bike down the hill", "cyclist on red bicycle going downhill"]],
 *     ["the dog runs along beach", "man rides bicycle down hill"]),
 *   "short_hypothesis": (
 *     [["dog swims in the lake", "black dog swimming"],
 *      ["child jumps into the pool", "kid jumping in pool"]],
 *     ["black dog swimming in the lake", "child pool"]),
 *   "closest_length_tie": (
 *     [["a b c d e f g h i j k", "a b c d e f g h i j k l m"]],
 *     ["a b c d e f g h i j k l"]),
 *   "empty_hypothesis": (
 *     [["dog runs on grass", "brown dog running"], ["girl in pool", "child swimming in the pool"]],
 *     ["brown dog runs on grass", ""]),
 *   "nltk_docstring": (
 *     [["It is a guide to action that ensures that the military will forever heed Party commands",
 *       "It is the guiding principle which guarantees the military forces always being under the command of the Party",
 *       "It is the practical guide for the army always to heed the directions of the party"],
 *      ["he was interested in world history because he read the book"]],
 *     ["It is a guide to action which ensures that the military always obeys the commands of the party",
 *      "he read the book because he was interested in world history"]),
 *   "exact": (
 *     [["man rides horse on the beach", "person riding horse"], ["two dogs play in snow"]],
 *     ["man rides horse on the beach", "two dogs play in snow"]),
 *   "no_unigram": (
 *     [["dog runs on grass"], ["girl in pool"]],
 *     ["cat sleeps", "boy on bike"]),
 * }
 * for name, (refs, hyps) in CASES.items():
 *     r, h = corpus(refs, hyps)
 *     scores = corpus_bleu(r, h, weights=W)
 *     print(name, [repr(float(s)) for s in scores], repr(float(corpus_bleu(r, h, weights=(0.1, 0.3, 0.5, 0.1)))))
 * </pre>
 *
 * Output:
 *
 * <pre>
 * realistic ['0.9607894391523232', '0.8445810658269042', '0.7235172116491382', '0.6077871618316143'] 0.5993176510980633
 * brevity ['0.32919298780790557', '0.2782188542726441', '0.17208825428357022', '2.4717934297693342e-78'] 2.2848705810877635e-32
 * zero_fourgram ['0.8187307530779819', '0.501368145441416', '0.3249135146786762', '4.999737644260775e-78'] 4.275720439567086e-32
 * short_hypothesis ['0.8824969025845955', '0.7205557036396307', '0.5680275942618502', '7.7453577235177335e-78'] 8.484968822156736e-32
 * closest_length_tie ['1.0', '1.0', '1.0', '1.0'] 1.0
 * empty_hypothesis ['0.5586000383630328', '0.5473140257154154', '0.46477396134204707', '0.38700945902187867'] 0.38999941485926015
 * nltk_docstring ['0.9655172413793104', '0.8242803277698696', '0.7069430098960677', '0.5920778868801042'] 0.5818765313748497
 * exact ['1.0', '1.0', '1.0', '1.0'] 1.0
 * no_unigram ['0.0', '0.0', '0.0', '0.0'] 0.0
 * </pre>
 */
class BleuTest {
    private static final double[] CUSTOM = {0.1, 0.3, 0.5, 0.1};

    /** One case of the script: references per hypothesis and hypotheses as space-separated captions. */
    private record Corpus(List<List<List<String>>> references, List<List<String>> hypotheses) {
        static Corpus of(String[][] references, String... hypotheses) {
            return new Corpus(Arrays.stream(references).map(rs -> Arrays.stream(rs).map(Corpus::split).toList()).toList(),
                    Arrays.stream(hypotheses).map(Corpus::split).toList());
        }

        private static List<String> split(String caption) {
            return caption.isEmpty() ? List.of() : List.of(caption.split(" "));
        }

        void assertScores(double[] expected, double custom) {
            double[] actual = Bleu.cumulative(references, hypotheses);
            for (int i = 0; i < expected.length; i++) {
                assertClose(expected[i], actual[i], "BLEU-" + (i + 1));
                assertClose(expected[i], Bleu.corpus(references, hypotheses, Bleu.CUMULATIVE[i]), "corpus BLEU-" + (i + 1));
            }
            assertClose(custom, Bleu.corpus(references, hypotheses, CUSTOM), "weights 0.1, 0.3, 0.5, 0.1");
        }
    }

    /** Within 1e-12, and within 1e-12 relative too, so the 1e-78 figures are checked, not just "about 0". */
    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-12, what);
        assertEquals(expected, actual, Math.abs(expected) * 1e-12, what);
    }

    @Test
    void realisticCorpusWithFiveReferencesEach() {
        Corpus.of(new String[][] {
            {"a child in pink dress is climbing up set of stairs in an entry way",
                "a girl going into wooden building",
                "a little girl climbing into wooden playhouse",
                "a little girl climbing the stairs to her playhouse",
                "a little girl in pink dress going into wooden cabin"},
            {"black dog and spotted dog are fighting",
                "black dog and tricolored dog playing with each other on the road",
                "black dog and white dog with brown spots are staring at each other in the street",
                "two dogs of different breeds looking at each other on the road",
                "two dogs on pavement moving toward each other"},
            {"little girl covered in paint sits in front of painted rainbow with her hands in bowl",
                "little girl is sitting in front of large painted rainbow",
                "small girl in the grass plays with fingerpaints in front of white canvas with rainbow on it",
                "there is girl with pigtails sitting in front of rainbow painting",
                "young girl with pigtails painting outside in the grass"},
            {"man lays on bench while his dog sits by him",
                "man lays on the bench to which white dog is also tied",
                "man sleeping on bench outside with white and black dog sitting next to him",
                "shirtless man lies on park bench with his dog",
                "man laying on bench holding leash of dog sitting on ground"},
            {"man in an orange hat starring at something",
                "man wears an orange hat and glasses",
                "man with gauges and glasses is wearing blitz hat",
                "man with glasses is wearing beer can crocheted hat",
                "the man with pierced ears is wearing glasses and an orange hat"},
            {"child playing on rope net",
                "little girl climbing on red roping",
                "little girl in pink climbs rope bridge at the park",
                "small child grips onto the red ropes at the playground",
                "the small child climbs on red ropes on playground"}},
                "little girl in pink dress climbing into wooden playhouse",
                "black dog and white dog are playing on the road",
                "girl sitting in front of rainbow painting",
                "man is sitting on bench with his dog",
                "man with glasses is wearing hat",
                "little girl climbing on the red rope at the park")
                .assertScores(new double[] {0.9607894391523232, 0.8445810658269042, 0.7235172116491382, 0.6077871618316143},
                        0.5993176510980633);
    }

    @Test
    void shortHypothesesPayTheBrevityPenalty() {
        // 4 + 5 words, all in a reference, against closest references of 9 + 10: BLEU-1 is the penalty exp(1 - 19/9).
        Corpus.of(new String[][] {
            {"dog runs through the tall green grass in the park", "brown dog is running across field of tall grass"},
            {"two people walk along the beach at sunset near the water", "couple walking on the sand by the ocean at sunset"}},
                "dog runs through grass", "people walk on the beach")
                .assertScores(new double[] {0.32919298780790557, 0.2782188542726441, 0.17208825428357022, 2.4717934297693342e-78},
                        2.2848705810877635e-32);
        assertClose(Math.exp(1 - 19 / 9.0), 0.32919298780790557, "the penalty alone");
    }

    @Test
    void anOrderWithoutMatchesGivesNltksTinyValueWhereItIsWeighted() {
        // Trigrams match, 4-grams do not: BLEU-1..3 are ordinary, BLEU-4 is NLTK's about-zero.
        Corpus.of(new String[][] {
            {"the dog runs on the beach", "dog running along the sandy beach"},
            {"man rides red bike down the hill", "cyclist on red bicycle going downhill"}},
                "the dog runs along beach", "man rides bicycle down hill")
                .assertScores(new double[] {0.8187307530779819, 0.501368145441416, 0.3249135146786762, 4.999737644260775e-78},
                        4.275720439567086e-32);
    }

    @Test
    void aHypothesisShorterThanTheOrderCountsOneNgram() {
        Corpus.of(new String[][] {
            {"dog swims in the lake", "black dog swimming"},
            {"child jumps into the pool", "kid jumping in pool"}},
                "black dog swimming in the lake", "child pool")
                .assertScores(new double[] {0.8824969025845955, 0.7205557036396307, 0.5680275942618502, 7.7453577235177335e-78},
                        8.484968822156736e-32);
    }

    @Test
    void equallyCloseReferencesCountTheShorter() {
        // 12 words between references of 11 and 13: the 11 is taken, so no penalty.
        Corpus.of(new String[][] {{"a b c d e f g h i j k", "a b c d e f g h i j k l m"}}, "a b c d e f g h i j k l")
                .assertScores(new double[] {1, 1, 1, 1}, 1);
    }

    @Test
    void anEmptyHypothesisCountsInTheDenominators() {
        Corpus.of(new String[][] {
            {"dog runs on grass", "brown dog running"},
            {"girl in pool", "child swimming in the pool"}},
                "brown dog runs on grass", "")
                .assertScores(new double[] {0.5586000383630328, 0.5473140257154154, 0.46477396134204707, 0.38700945902187867},
                        0.38999941485926015);
    }

    @Test
    void nltksOwnDocstringCorpus() {
        Corpus.of(new String[][] {
            {"It is a guide to action that ensures that the military will forever heed Party commands",
                "It is the guiding principle which guarantees the military forces always being under the command of the Party",
                "It is the practical guide for the army always to heed the directions of the party"},
            {"he was interested in world history because he read the book"}},
                "It is a guide to action which ensures that the military always obeys the commands of the party",
                "he read the book because he was interested in world history")
                .assertScores(new double[] {0.9655172413793104, 0.8242803277698696, 0.7069430098960677, 0.5920778868801042},
                        0.5818765313748497);
    }

    @Test
    void anExactMatchIsOne() {
        Corpus.of(new String[][] {{"man rides horse on the beach", "person riding horse"}, {"two dogs play in snow"}},
                "man rides horse on the beach", "two dogs play in snow")
                .assertScores(new double[] {1, 1, 1, 1}, 1);
    }

    @Test
    void noMatchingWordIsZero() {
        Corpus c = Corpus.of(new String[][] {{"dog runs on grass"}, {"girl in pool"}}, "cat sleeps", "boy on bike");
        c.assertScores(new double[] {0, 0, 0, 0}, 0);
        assertArrayEquals(new double[] {0, 0, 0, 0}, Bleu.cumulative(List.of(), List.of()), "an empty corpus");
        assertArrayEquals(new double[] {0, 0, 0, 0},
                Bleu.cumulative(List.of(List.of(List.of("dog"))), List.of(List.of())), "only an empty hypothesis");
    }

    @Test
    void repeatedWordsAreClippedToTheMostAnyReferenceHas() {
        // "the" 7 times; one reference has it twice: 2/7 (NLTK's modified_precision example).
        List<List<String>> refs = List.of(List.of("the cat is on the mat".split(" ")),
                List.of("there is a cat on the mat".split(" ")));
        List<String> hyp = List.of("the the the the the the the".split(" "));
        assertEquals(2 / 7.0, Bleu.sentence(refs, hyp, new double[] {1}), 1e-15);
        assertEquals(2 / 7.0, Bleu.corpus(List.of(refs), List.of(hyp), Bleu.CUMULATIVE[0]), 1e-15);
    }

    @Test
    void referenceOrderDoesNotMatter() {
        List<List<String>> a = List.of(List.of("dog", "runs", "fast", "on", "grass"), List.of("dog", "runs"));
        List<List<String>> b = List.of(a.get(1), a.get(0));
        List<String> hyp = List.of("dog", "runs", "on", "grass");
        assertArrayEquals(Bleu.cumulative(List.of(a), List.of(hyp)), Bleu.cumulative(List.of(b), List.of(hyp)));
        assertTrue(Bleu.cumulative(List.of(a), List.of(hyp))[1] > 0);
    }

    @Test
    void mismatchedInputIsRefused() {
        List<List<String>> refs = List.of(List.of("dog"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bleu.cumulative(List.of(refs), List.of(List.of("dog"), List.of("cat"))));
        assertEquals("2 hypotheses but references for 1: give one list of references per hypothesis", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bleu.cumulative(List.of(List.of()), List.of(List.of("dog"))));
        assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of(refs), List.of(List.of("dog")), new double[0]));
    }
}
