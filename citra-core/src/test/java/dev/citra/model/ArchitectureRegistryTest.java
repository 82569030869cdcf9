package dev.citra.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureRegistryTest {
    private final ArchitectureRegistry registry = ArchitectureRegistry.defaults();

    private static List<String> labels(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
    }

    @Test
    void simpleCnnMapsImagesToOneLogitPerClass() {
        ImageSpec spec = new ImageSpec(32, 3, Normalization.UNIT);
        try (Network net = Network.create(registry, ArchitectureSpec.named("simple-cnn"), spec, labels(5), 1);
                NDManager scope = net.manager().newSubManager()) {
            NDArray out = net.forward(scope, new float[2 * spec.tensorLength()], 2, false);
            assertArrayEquals(new long[] {2, 5}, out.getShape().getShape());
        }
    }

    @Test
    void ferCnnHasAboutSixHundredThousandParametersAndEndsInAClassConvolution() {
        ImageSpec spec = new ImageSpec(48, 1, Normalization.SYMMETRIC);
        try (Network net = Network.create(registry, ArchitectureSpec.named("fer-cnn"), spec, labels(7), 1);
                NDManager scope = net.manager().newSubManager()) {
            long params = net.parameterCount();
            assertTrue(params > 600_000 && params < 680_000, "fer-cnn has " + params + " parameters");
            NDArray out = net.forward(scope, new float[3 * spec.tensorLength()], 3, false);
            assertArrayEquals(new long[] {3, 7}, out.getShape().getShape());
        }
    }

    @Test
    void mobileNetV2WithAThousandClassesHasKerasParameterCount() {
        // Keras: MobileNetV2(alpha=1.0, include_top=True).count_params() == 3,538,984.
        ImageSpec spec = new ImageSpec(224, 3, Normalization.SYMMETRIC);
        try (Network net = Network.create(registry, ArchitectureSpec.named("mobilenet_v2"), spec, labels(1000), 1)) {
            assertEquals(3_538_984, net.parameterCount());
            // BatchNorm moving mean and variance (52 layers of them) do not train: 34,112 values.
            assertEquals(3_504_872, net.trainableParameterCount());
        }
    }

    /** width changes mobilenet_v2 alone: given to another architecture, it is refused rather than ignored. */
    @Test
    void aWidthMultiplierIsRefusedWhereItWouldBeIgnored() {
        ImageSpec spec = new ImageSpec(32, 3, Normalization.UNIT);
        for (String name : new String[] {"simple-cnn", "resnet50", "densenet121"}) {
            dev.citra.CitraException e = org.junit.jupiter.api.Assertions.assertThrows(dev.citra.CitraException.class,
                    () -> Network.create(registry, new ArchitectureSpec(name, null, null, 0.5), spec, labels(2), 1));
            assertEquals(name + " has no width multiplier, but width 0.5 was given: remove 'width' (it applies to"
                    + " mobilenet_v2).", e.getMessage());
        }
        try (Network net = Network.create(registry, new ArchitectureSpec("simple-cnn", null, null, 1.0), spec,
                labels(2), 1)) {
            assertEquals(2, net.labels().size());
        }
    }

    @Test
    void mobileNetV2RunsAtSmallOddSizes() {
        ImageSpec spec = new ImageSpec(33, 3, Normalization.SYMMETRIC);
        try (Network net = Network.create(registry, new ArchitectureSpec("mobilenet_v2", null, null, 0.35), spec, labels(2), 1);
                NDManager scope = net.manager().newSubManager()) {
            NDArray out = net.forward(scope, new float[2 * spec.tensorLength()], 2, false);
            assertArrayEquals(new long[] {2, 2}, out.getShape().getShape());
        }
    }

    @Test
    void customLayerListBuildsWhatItSays() {
        List<LayerSpec> layers = List.of(LayerSpec.conv(8, 3), LayerSpec.of("batchnorm"), LayerSpec.of("relu"),
                LayerSpec.maxPool(2), LayerSpec.of("flatten"), LayerSpec.dense(16), LayerSpec.of("relu"));
        ImageSpec spec = new ImageSpec(16, 1, Normalization.UNIT);
        try (Network net = Network.create(registry, new ArchitectureSpec("custom", layers, null, null), spec, labels(3), 1)) {
            // conv 8*(9+1)=80, BN 4*8=32, dense 8*8*8*16+16=8208, classifier 16*3+3=51
            assertEquals(80 + 32 + 8208 + 51, net.parameterCount());
        }
    }

    @Test
    void unknownModelNamesTheKnownOnesAndTheClosest() {
        CitraException e = assertThrows(CitraException.class, () -> registry.get("simple_cnnn"));
        assertTrue(e.getMessage().contains("Unknown model 'simple_cnnn'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'simple-cnn'"), e.getMessage());
        assertTrue(e.getMessage().contains("fer-cnn"), e.getMessage());
    }

    @Test
    void badLayerListsGetMessagesNamingTheLayer() {
        ImageSpec spec = new ImageSpec(16, 1, Normalization.UNIT);
        CitraException unknown = assertThrows(CitraException.class, () -> Network.create(registry,
                new ArchitectureSpec("custom", List.of(LayerSpec.of("convolution")), null, null), spec, labels(2), 1));
        assertTrue(unknown.getMessage().contains("Unknown layer type 'convolution'"), unknown.getMessage());
        CitraException missing = assertThrows(CitraException.class, () -> Network.create(registry,
                new ArchitectureSpec("custom", List.of(LayerSpec.of("conv")), null, null), spec, labels(2), 1));
        assertTrue(missing.getMessage().contains("Layer 1 (conv) needs a positive 'filters'"), missing.getMessage());
        CitraException empty = assertThrows(CitraException.class, () -> Network.create(registry,
                new ArchitectureSpec("custom", List.of(), null, null), spec, labels(2), 1));
        assertTrue(empty.getMessage().contains("no layers"), empty.getMessage());
    }

    @Test
    void sameSeedGivesSameInitialWeights() {
        ImageSpec spec = new ImageSpec(16, 3, Normalization.UNIT);
        try (Network a = Network.create(registry, ArchitectureSpec.named("simple-cnn"), spec, labels(2), 7);
                Network b = Network.create(registry, ArchitectureSpec.named("simple-cnn"), spec, labels(2), 7)) {
            var sa = a.snapshot();
            var sb = b.snapshot();
            for (String k : sa.keySet()) {
                assertArrayEquals(sa.get(k), sb.get(k), k);
            }
        }
    }

    @Test
    void makeDivisibleMatchesKeras() {
        assertEquals(32, MobileNetV2.makeDivisible(32 * 1.0, 8));
        assertEquals(16, MobileNetV2.makeDivisible(32 * 0.35, 8));
        assertEquals(8, MobileNetV2.makeDivisible(16 * 0.35, 8));
        assertEquals(48, MobileNetV2.makeDivisible(32 * 1.4, 8));
        assertEquals(1792, MobileNetV2.makeDivisible(1280 * 1.4, 8));
    }

    /** ONNX Runtime is the optional module citra-onnx, which core's own tests do not have. */
    @Test
    void onnxWithoutItsModuleSaysWhichDependencyToAdd() {
        ArchitectureSpec spec = ArchitectureSpec.named(OnnxFeatures.NAME).withFile("backbone.onnx");
        CitraException e = assertThrows(CitraException.class,
                () -> Network.create(registry, spec, new ImageSpec(8, 3, Normalization.UNIT), labels(2), 1));
        assertEquals("--model onnx needs ONNX Runtime, which comes in the optional module citra-onnx: add the dependency"
                + " dev.citra:citra-onnx (the citra command has it).", e.getMessage());
    }
}
