package dev.citra.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.InceptionV3KerasModel.Semantics;
import dev.citra.model.weights.ImportReport;
import dev.citra.model.weights.KerasWeightImporter;
import dev.citra.model.weights.KerasWeights;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * InceptionV3 against Keras: Keras's parameter counts, layer names and layer order (the order is
 * checked against a real Keras listing of {@code model.layers}), weight files in the official
 * layout written here as real .h5 files and loaded strictly by order and by name, and outputs
 * compared with {@link InceptionV3KerasModel}, an independent Keras-semantics computation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InceptionV3Test {
    private static final ArchitectureRegistry REGISTRY = ArchitectureRegistry.defaults();
    /** Keras's include_top model exactly: no dropout before the classifier. */
    private static final ArchitectureSpec KERAS_TOP = new ArchitectureSpec("inception_v3", null, 0.0, null);
    private static final ArchitectureSpec DEFAULT = ArchitectureSpec.named("inception_v3");
    private static final Pattern AUTO_NAME =
            Pattern.compile("(conv2d|batch_normalization|activation|max_pooling2d|average_pooling2d|concatenate)_(\\d+)");

    private InceptionV3KerasModel keras;
    /** Keras 2.0 layer names (conv2d_1, ...) in Keras's model.layers order, as the official files list them. */
    private List<String> officialOrder;
    private KerasWeights weights;
    /** The weights as the official full file has them: Keras 2.0 names, Keras order, the 1000-class head. */
    private Path officialFile;
    /** The same backbone weights as tf.keras 2.x saves a fresh include_top=False model: conv2d, conv2d_1, ... */
    private Path tfKerasNotopFile;

    @BeforeAll
    void buildKerasReference(@TempDir Path tmp) throws IOException {
        keras = InceptionV3KerasModel.build(3, true, 1000);
        officialOrder = new ArrayList<>(readNotopOrder());
        officialOrder.addAll(List.of("avg_pool", "predictions"));
        // Kernels scaled so that conv→BN keeps activations near unit size through 94 layers, and
        // moving variances small enough (1e-3..6e-3) that the BatchNorm epsilon moves every output.
        weights = keras.weights(7, 0.08, 1e-3, 6e-3);
        officialFile = tmp.resolve("inception_v3_weights_tf_dim_ordering_tf_kernels.h5");
        writeH5(officialFile, officialOrder, weights, "2.0.8");
        tfKerasNotopFile = tmp.resolve("tf_keras_inception_v3_notop.h5");
        writeH5(tfKerasNotopFile, officialOrder.subList(0, officialOrder.size() - 2).stream()
                .map(InceptionV3Test::tfKeras2Name).toList(), renamed(weights, InceptionV3Test::tfKeras2Name), "2.15.0");
    }

    @Test
    void parameterCountsAreKeras() {
        try (Network net = network(DEFAULT, 75, 3, 1000)) {
            ModelSummary s = ModelSummary.of(net);
            // Keras: InceptionV3().summary() — 23,851,784 total, 23,817,352 trainable, 34,432 not.
            assertEquals(23_851_784, s.totalParams());
            assertEquals(23_817_352, s.trainableParams());
            assertEquals(34_432, s.nonTrainableParams());
            assertEquals(net.parameterCount(), s.totalParams());
            assertEquals(net.trainableParameterCount(), s.trainableParams());
            // Keras: InceptionV3(include_top=False) has 21,802,784.
            long backbone = 0;
            for (Pair<String, Parameter> p : net.block().getChildren().get(0).getValue().getParameters()) {
                backbone += p.getValue().getArray().size();
            }
            assertEquals(21_802_784, backbone);
        }
    }

    @Test
    void summaryAt299HasKerasNamesShapesAndLastRows() throws IOException {
        try (Network net = network(KERAS_TOP, 299, 3, 1000)) {
            ModelSummary s = ModelSummary.of(net);
            List<ModelSummary.Row> rows = s.rows();
            assertEquals(new ModelSummary.Row("conv2d", "Conv2d", "(149, 149, 32)", 864, 864), rows.get(0));
            assertEquals(new ModelSummary.Row("batch_normalization", "UnscaledBatchNorm", "(149, 149, 32)", 96, 32),
                    rows.get(1));
            assertEquals(new ModelSummary.Row("activation", "ReLU", "(149, 149, 32)", 0, 0), rows.get(2));
            assertEquals("(147, 147, 64)", row(s, "activation_2").outputShape());
            assertEquals("(73, 73, 64)", row(s, "max_pooling2d").outputShape());
            assertEquals("(35, 35, 192)", row(s, "max_pooling2d_1").outputShape());
            assertEquals("(35, 35, 256)", row(s, "mixed0").outputShape());
            assertEquals("(35, 35, 288)", row(s, "mixed2").outputShape());
            assertEquals("(17, 17, 768)", row(s, "mixed3").outputShape());
            assertEquals(new ModelSummary.Row("conv2d_32", "Conv2d", "(17, 17, 128)", 7 * 128 * 128, 7 * 128 * 128),
                    row(s, "conv2d_32")); // mixed4's first 1×7
            assertEquals("(8, 8, 1280)", row(s, "mixed8").outputShape());
            assertEquals("(8, 8, 768)", row(s, "mixed9_0").outputShape());
            assertEquals("(8, 8, 768)", row(s, "concatenate_1").outputShape());
            List<ModelSummary.Row> last = rows.subList(rows.size() - 3, rows.size());
            assertEquals(List.of("mixed10", "avg_pool", "predictions"), last.stream().map(ModelSummary.Row::name).toList());
            assertEquals("(8, 8, 2048)", last.get(0).outputShape());
            assertEquals(new ModelSummary.Row("predictions", "Linear", "(1000)", 2_049_000, 2_049_000), last.get(2));
            // Every Keras layer, by the name a fresh tf.keras model gives it, and nothing else.
            List<String> expected = readNotopOrder().stream().skip(1).map(InceptionV3Test::tfKeras2Name).toList();
            List<String> names = rows.stream().map(ModelSummary.Row::name).toList();
            assertEquals(new HashSet<>(expected), new HashSet<>(names.subList(0, names.size() - 2)));
            assertEquals(expected.size(), names.size() - 2);
            assertTrue(s.toTable().contains("Total params: 23,851,784\n"), s.toTable());
        }
    }

    @Test
    void layersComeInTheOrderKerasListsThem() throws IOException {
        KerasNames names = new KerasNames();
        Block block = REGISTRY.get("inception_v3").build(KERAS_TOP, 1000, input(75, 3), names);
        List<String> order = KerasLayerOrder.of(block).stream().map(names::of).toList();
        assertEquals(officialOrder.stream().skip(1).map(InceptionV3Test::tfKeras2Name).toList(), order);
    }

    @Test
    void officialLayoutFileLoadsByLayerOrderAndReproducesKeras() {
        float[] image = randomImage(75, 3, 11);
        try (Network net = network(KERAS_TOP, 75, 3, 1000)) {
            ImportReport report = new KerasWeightImporter(REGISTRY).load(net, officialFile, true);
            assertTrue(report.complete(), report.summary());
            assertTrue(report.byLayerOrder(), report.summary());
            assertEquals(94 + 94 + 1, report.layersLoaded());
            assertEquals(net.parameterCount(), report.valuesLoaded());
            assertTrue(report.summary().contains("matched by layer order"), report.summary());

            float[] citra = logits(net, image);
            double[][][] reference = keras.run("input_1", nhwc(image, 75, 3), "predictions", weights, Semantics.KERAS);
            for (float v : citra) {
                assertTrue(Float.isFinite(v));
            }
            double error = relativeError(citra, reference[0][0]);
            assertTrue(error < 1e-3, "whole network at 75x75 differs from Keras by " + error);
        }
    }

    @Test
    void tfKerasNamedNotopFileLoadsByName() {
        float[] image = randomImage(75, 3, 12);
        try (Network net = network(KERAS_TOP, 75, 3, 1000)) {
            ImportReport report = new KerasWeightImporter(REGISTRY).load(net, tfKerasNotopFile, true);
            assertTrue(report.complete(), report.summary());
            assertFalse(report.byLayerOrder(), report.summary());
            assertEquals(188, report.layersLoaded());
            assertTrue(report.skipped().get(0).startsWith("predictions: not in the file"), report.skipped().get(0));
            double[][][] mixed10 = keras.run("input_1", nhwc(image, 75, 3), "mixed10", weights, Semantics.KERAS);
            double error = relativeError(features(net, image), flat(mixed10));
            assertTrue(error < 1e-3, "backbone features differ from Keras by " + error);
        }
    }

    @Test
    void fileThatDoesNotFitIsReportedInKerasOrder() {
        KerasWeights official = inOrder(weights, officialOrder);
        try (Network gray = network(KERAS_TOP, 75, 1, 1000)) {
            KerasWeightImporter importer = new KerasWeightImporter(REGISTRY);
            CitraException e = assertThrows(CitraException.class, () -> importer.load(gray, official, true));
            String msg = e.getMessage();
            assertTrue(msg.contains("matched by layer order") && msg.contains(": 1 problem:"), msg);
            assertTrue(msg.contains("conv2d (file layer conv2d_1)/kernel: shape 3×3×3×32 in the file,"
                    + " the network expects 3×3×1×32"), msg);
            ImportReport partial = importer.load(gray, official, false);
            assertEquals(1, partial.problems().size(), partial.summary());
            assertEquals(187 + 1, partial.layersLoaded());
        }
        // Creation order is not Keras's order: by order, the shapes no longer line up.
        List<String> creationOrder = keras.layers().stream().map(InceptionV3KerasModel.Layer::name).toList();
        KerasWeights unordered = inOrder(weights, creationOrder);
        try (Network net = network(KERAS_TOP, 75, 3, 1000)) {
            CitraException e = assertThrows(CitraException.class,
                    () -> new KerasWeightImporter(REGISTRY).load(net, unordered, true));
            assertTrue(e.getMessage().contains("in the file, the network expects"), e.getMessage().substring(0, 300));
        }
    }

    @Test
    void mixedBlocksComputeWhatKerasComputes() {
        try (Network net = network(KERAS_TOP, 75, 3, 1000)) {
            new KerasWeightImporter(REGISTRY).load(net, inOrder(weights, officialOrder), true);
            // mixed4: 1×7 and 7×1 kernels, average pool; mixed9: 1×3/3×1 splits with nested concatenations.
            // Odd, non-square maps so that borders and transposed kernels show.
            checkBlock(net, 5, "mixed3", "mixed4", 768, 7, 9);
            checkBlock(net, 10, "mixed8", "mixed9", 1280, 4, 5);
        }
    }

    private void checkBlock(Network net, int child, String from, String to, int channels, int h, int w) {
        Random r = new Random(child);
        double[][][] x = new double[h][w][channels];
        float[] nchw = new float[channels * h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                for (int c = 0; c < channels; c++) {
                    x[i][j][c] = 1.5 * r.nextDouble(); // the output of a ReLU block
                    nchw[(c * h + i) * w + j] = (float) x[i][j][c];
                }
            }
        }
        Block backbone = net.block().getChildren().get(0).getValue();
        Block block = backbone.getChildren().get(child).getValue();
        float[] citra;
        try (NDManager scope = net.manager().newSubManager()) {
            NDArray in = scope.create(nchw, new Shape(1, channels, h, w));
            NDArray out = block.forward(new ParameterStore(scope, false), new NDList(in), false).singletonOrThrow();
            citra = toNhwc(out);
        }
        double error = relativeError(citra, flat(keras.run(from, x, to, weights, Semantics.KERAS)));
        assertTrue(error < 1e-3, to + " differs from Keras by " + error);
        // The mistakes a port can make each move the output far beyond that tolerance.
        List<Semantics> wrong = List.of(new Semantics(1e-5, false, false, false), new Semantics(1e-3, true, false, false),
                new Semantics(1e-3, false, true, false), new Semantics(1e-3, false, false, true));
        for (Semantics s : wrong) {
            double off = relativeError(citra, flat(keras.run(from, x, to, weights, s)));
            assertTrue(off > 2e-2, to + " cannot tell Keras from " + s + ": " + off);
        }
    }

    @Test
    void wholeNetworkAsTheCliBuildsItRunsAt75() {
        try (Network net = network(DEFAULT, 75, 3, 2); NDManager scope = net.manager().newSubManager()) {
            float[] images = new float[2 * net.input().tensorLength()];
            float[] one = randomImage(75, 3, 3);
            System.arraycopy(one, 0, images, 0, one.length);
            NDArray out = net.forward(scope, images, 2, false);
            assertArrayEquals(new long[] {2, 2}, out.getShape().getShape());
            for (float v : out.toFloatArray()) {
                assertTrue(Float.isFinite(v));
            }
            List<ModelSummary.Row> rows = ModelSummary.of(net).rows();
            assertEquals(List.of("mixed10", "avg_pool", "head_dropout", "predictions"),
                    rows.subList(rows.size() - 4, rows.size()).stream().map(ModelSummary.Row::name).toList());
            assertEquals("(1, 1, 2048)", rows.get(rows.size() - 4).outputShape());
        }
    }

    @Test
    void savedParametersLoadIntoAFreshNetwork() throws IOException {
        float[] image = randomImage(75, 3, 5);
        try (Network trained = network(DEFAULT, 75, 3, 2); Network fresh = network(DEFAULT, 75, 3, 2)) {
            new KerasWeightImporter(REGISTRY).load(trained, inOrder(weights, officialOrder), false);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                trained.saveParameters(out);
            }
            // (No forward on the fresh network before loading: its parameter store would keep the old arrays.)
            String firstConv = fresh.block().getParameters().get(0).getKey();
            assertFalse(java.util.Arrays.equals(trained.snapshot().get(firstConv), fresh.snapshot().get(firstConv)));
            fresh.loadParameters(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertArrayEquals(logits(trained, image), logits(fresh, image), 0f);
        }
    }

    @Test
    void freezingCountsTheStemAndTheElevenMixedBlocks() {
        try (Network net = network(DEFAULT, 75, 3, 2)) {
            assertEquals(0, net.freeze(12));
            assertEquals(1, net.freeze(11));
            assertEquals(12, net.freezeBackbone());
            assertEquals(2048 * 2 + 2, net.trainableParameterCount());
            CitraException e = assertThrows(CitraException.class, () -> net.freeze(13));
            assertTrue(e.getMessage().contains("more than the 12 blocks"), e.getMessage());
        }
    }

    @Test
    void badInputGetsOneClearSentence() {
        CitraException small = assertThrows(CitraException.class, () -> network(DEFAULT, 74, 3, 2).close());
        assertEquals("inception_v3 needs input of at least 75x75 pixels, not 74: use a larger --img-size.",
                small.getMessage());
        CitraException width = assertThrows(CitraException.class,
                () -> network(new ArchitectureSpec("inception_v3", null, null, 0.5), 75, 3, 2).close());
        assertTrue(width.getMessage().contains("width 0.5") && width.getMessage().contains("remove 'width'"),
                width.getMessage());
    }

    @Test
    void batchNormWithoutGammaTrainsLikeKeras() {
        UnscaledBatchNorm bn = new UnscaledBatchNorm(1e-3f, 0.99f);
        try (NDManager manager = dev.citra.util.Engines.pytorch().newBaseManager()) {
            bn.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(4, 3, 5, 5));
            assertEquals(List.of("beta", "runningMean", "runningVar"),
                    bn.getParameters().stream().map(p -> p.getValue().getName()).toList());
            NDArray x = manager.randomNormal(2f, 3f, new Shape(4, 3, 5, 5), ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray y = bn.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
            // Training normalises with the batch statistics and no scale: mean 0 (beta), deviation ~1.
            assertArrayEquals(new float[3], channelMeans(y), 1e-4f);
            float[] batchMean = channelMeans(x);
            float[] running = bn.getParameters().get("runningMean").getArray().toFloatArray();
            for (int c = 0; c < 3; c++) {
                assertEquals(0.01f * batchMean[c], running[c], 1e-4f, "Keras momentum 0.99 keeps 99% of the old mean");
            }
        }
    }

    // --- helpers ---

    private static float[] channelMeans(NDArray nchw) {
        return nchw.transpose(1, 0, 2, 3).reshape(nchw.getShape().get(1), -1).mean(new int[] {1}).toFloatArray();
    }

    private static Network network(ArchitectureSpec spec, int size, int channels, int classes) {
        List<String> labels = IntStream.range(0, classes).mapToObj(i -> "c" + i).toList();
        return Network.create(REGISTRY, spec, input(size, channels), labels, 1);
    }

    private static ImageSpec input(int size, int channels) {
        return new ImageSpec(size, channels, Normalization.SYMMETRIC);
    }

    private static ModelSummary.Row row(ModelSummary s, String name) {
        return s.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    private static List<String> readNotopOrder() throws IOException {
        try (InputStream in = InceptionV3Test.class.getResourceAsStream("keras_inception_v3_notop_layers.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }

    /** Keras 2.0's {@code conv2d_1} is a fresh tf.keras 2.x model's {@code conv2d}; {@code conv2d_2} its {@code conv2d_1}. */
    private static String tfKeras2Name(String keras20) {
        Matcher m = AUTO_NAME.matcher(keras20);
        if (!m.matches()) {
            return keras20;
        }
        int n = Integer.parseInt(m.group(2));
        return n == 1 ? m.group(1) : m.group(1) + "_" + (n - 1);
    }

    /** The weighted layers of {@code w} in {@code order} (weightless names skipped), as a file would list them. */
    private static KerasWeights inOrder(KerasWeights w, List<String> order) {
        List<KerasWeights.Layer> layers = new ArrayList<>();
        for (String name : order) {
            if (w.layers().containsKey(name)) {
                layers.add(w.layers().get(name));
            }
        }
        return KerasWeights.of("in-memory", layers);
    }

    private static KerasWeights renamed(KerasWeights w, UnaryOperator<String> rename) {
        List<KerasWeights.Layer> layers = new ArrayList<>();
        for (KerasWeights.Layer l : w.layers().values()) {
            layers.add(new KerasWeights.Layer(rename.apply(l.name()), l.weights()));
        }
        return KerasWeights.of(w.source(), layers);
    }

    /**
     * A Keras .h5 weights file as Keras writes one: root attribute layer_names (weightless layers
     * too, each with an empty group), a group per weighted layer with weight_names, and datasets at
     * layer/layer/weight:0.
     */
    private static void writeH5(Path file, List<String> layerNames, KerasWeights w, String kerasVersion) {
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("backend", "tensorflow");
            h5.putAttribute("keras_version", kerasVersion);
            for (String name : layerNames) {
                WritableGroup group = h5.putGroup(name);
                KerasWeights.Layer layer = w.layers().get(name);
                if (layer == null) {
                    continue;
                }
                WritableGroup inner = group.putGroup(name);
                List<String> weightNames = new ArrayList<>();
                for (KerasWeights.Tensor t : layer.weights().values()) {
                    inner.putDataset(t.name() + ":0", nestedArray(t.values(), t.shape()));
                    weightNames.add(name + "/" + t.name() + ":0");
                }
                group.putAttribute("weight_names", weightNames.toArray(String[]::new));
            }
            h5.putAttribute("layer_names", layerNames.toArray(String[]::new));
        }
    }

    /** Row-major values as the nested float array of that shape that jHDF writes. */
    private static Object nestedArray(float[] values, int[] shape) {
        Object array = Array.newInstance(float.class, shape);
        int rowLength = shape[shape.length - 1];
        int rows = values.length / rowLength;
        for (int r = 0; r < rows; r++) {
            Object row = array;
            int rest = r;
            int[] index = new int[shape.length - 1];
            for (int d = shape.length - 2; d >= 0; d--) {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            for (int d = 0; d < shape.length - 1; d++) {
                row = Array.get(row, index[d]);
            }
            System.arraycopy(values, r * rowLength, (float[]) row, 0, rowLength);
        }
        return array;
    }

    /** A CHW image with values in [-1, 1), the range of the symmetric normalisation. */
    private static float[] randomImage(int size, int channels, long seed) {
        Random r = new Random(seed);
        float[] chw = new float[channels * size * size];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = 2 * r.nextFloat() - 1;
        }
        return chw;
    }

    private static double[][][] nhwc(float[] chw, int size, int channels) {
        double[][][] x = new double[size][size][channels];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    x[i][j][c] = chw[(c * size + i) * size + j];
                }
            }
        }
        return x;
    }

    private static float[] logits(Network net, float[] image) {
        try (NDManager scope = net.manager().newSubManager()) {
            return net.forward(scope, image, 1, false).toFloatArray();
        }
    }

    /** The backbone's feature map for one 75×75 image, channels-last. */
    private static float[] features(Network net, float[] image) {
        try (NDManager scope = net.manager().newSubManager()) {
            NDArray x = scope.create(image, new Shape(1, 3, 75, 75));
            Block backbone = net.block().getChildren().get(0).getValue();
            return toNhwc(backbone.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow());
        }
    }

    private static float[] toNhwc(NDArray nchw) {
        return nchw.transpose(0, 2, 3, 1).toFloatArray();
    }

    private static double[] flat(double[][][] x) {
        double[] out = new double[x.length * x[0].length * x[0][0].length];
        int k = 0;
        for (double[][] row : x) {
            for (double[] px : row) {
                for (double v : px) {
                    out[k++] = v;
                }
            }
        }
        return out;
    }

    /** max |a − b| / max |b|. */
    private static double relativeError(float[] actual, double[] expected) {
        assertEquals(expected.length, actual.length);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return diff / scale;
    }
}
