package dev.citra.caption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.citra.eval.EpochRecord;
import dev.citra.train.FitLoop;
import dev.citra.train.TrainingContext;
import dev.citra.train.optim.Optimizer;
import dev.citra.train.optim.Optimizers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each decoder learns to tell images apart by their features: four "images" with distinct features
 * and a caption each (sharing words, so the decoder must look at the image), after which greedy and
 * beam decoding give every image its own caption back.
 */
class CaptionModelTest {
    private static final List<List<String>> CAPTIONS = List.of(
            List.of("dog", "runs", "on", "grass"),
            List.of("dog", "sleeps", "on", "sofa"),
            List.of("two", "children", "play", "on", "beach"),
            List.of("man", "rides", "bike"));

    @ParameterizedTest
    @EnumSource(DecoderKind.class)
    void everyDecoderLearnsToCaptionEachImageByItsFeatures(DecoderKind kind) throws Exception {
        Vocabulary vocab = Vocabulary.build(CAPTIONS, 100, 1);
        int regions = kind.usesGrid() ? 4 : 1;
        int d = 8;
        Shape featureShape = kind.usesGrid() ? new Shape(regions, d) : new Shape(d);
        Random random = new Random(3);
        float[][] features = new float[CAPTIONS.size()][regions * d];
        for (float[] f : features) {
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) random.nextGaussian();
            }
        }
        List<CaptionSet.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < CAPTIONS.size(); i++) {
            pairs.add(new CaptionSet.Pair(i, vocab.encode(CAPTIONS.get(i))));
        }
        List<List<List<String>>> refs = CAPTIONS.stream().map(List::of).toList();
        CaptionSet set = new CaptionSet(List.of("a", "b", "c", "d"), features, refs, pairs);
        DecoderSpec spec = new DecoderSpec(kind, vocab.size(), 16, 32, d, regions, 0.0);
        try (CaptionModel model = CaptionModel.create(spec, 1);
                Optimizer adam = Optimizers.create("adam", 0, 0)) {
            CaptionTrainer epochs = new CaptionTrainer(model, set, set, featureShape, 4, 1, 0.1, vocab.pad(), List.of());
            TrainingContext ctx = FitLoop.fit(model, adam, 60, 0.02, 1, List.of(), null, List.of(), epochs);
            EpochRecord last = ctx.history().get(ctx.history().size() - 1);
            assertTrue(last.valAccuracy() == 1.0, kind + ": token accuracy " + last.valAccuracy() + ", loss " + last.valLoss());

            CaptionDecoder decoder = new CaptionDecoder(model, vocab, featureShape, 10);
            List<CaptionDecoder.Caption> greedy = decoder.greedy(features, 3);
            for (int i = 0; i < CAPTIONS.size(); i++) {
                assertEquals(CAPTIONS.get(i), greedy.get(i).words(), kind + " greedy, image " + i);
                assertEquals(CAPTIONS.get(i), decoder.beam(features[i], 3, 0.7).words(), kind + " beam, image " + i);
                assertTrue(greedy.get(i).logProbability() < 0 && greedy.get(i).logProbability() > -1,
                        "a learnt caption is likely: " + greedy.get(i).logProbability());
            }

            // The weights written and read back give the same outputs.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            model.saveParameters(new DataOutputStream(bytes));
            try (CaptionModel copy = CaptionModel.create(spec, 99)) {
                copy.loadParameters(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                assertArrayEquals(firstStep(model, features, featureShape, vocab), firstStep(copy, features, featureShape,
                        vocab), 1e-6f);
            }
        }
    }

    private static float[] firstStep(CaptionModel model, float[][] features, Shape featureShape, Vocabulary vocab) {
        try (NDManager scope = model.manager().newSubManager()) {
            float[] flat = new float[features.length * features[0].length];
            for (int i = 0; i < features.length; i++) {
                System.arraycopy(features[i], 0, flat, i * features[0].length, features[0].length);
            }
            NDArray x = scope.create(FloatBuffer.wrap(flat), new Shape(features.length).addAll(featureShape));
            long[] start = new long[features.length];
            java.util.Arrays.fill(start, vocab.start());
            return model.step(model.begin(x), scope.create(start)).toFloatArray();
        }
    }

    @org.junit.jupiter.api.Test
    void topIndicesAndLengthNormalisationRankAsDocumented() {
        assertArrayEquals(new int[] {2, 0, 3}, CaptionDecoder.topIndices(new double[] {0.5, 0.1, 0.9, 0.5}, 3));
        // Without normalisation a short caption wins; with alpha 1 the mean log-probability decides.
        double shortCaption = -3.0;
        double longCaption = -4.0;
        assertTrue(CaptionDecoder.normalised(shortCaption, 2, 0) > CaptionDecoder.normalised(longCaption, 7, 0));
        assertTrue(CaptionDecoder.normalised(shortCaption, 2, 1) < CaptionDecoder.normalised(longCaption, 7, 1));
    }
}
