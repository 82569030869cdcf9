package dev.citra.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphCostTest {
    private static Node node(int id, Op op, Integer... inputs) {
        return new Node(id, op, List.of(inputs), op instanceof Op.Dense || op instanceof Op.GlobalPool ? 2 : 4);
    }

    private static Op.Conv conv(int out, int inPerGroup, int kernel, int stride, int pad, int groups) {
        return new Op.Conv(new float[out * inPerGroup * kernel * kernel], new float[out], out, inPerGroup, kernel, kernel,
                stride, stride, new int[] {pad, pad, pad, pad}, groups);
    }

    @Test
    void countsConvolutionsAndDenseLayersThroughEveryShape() {
        InferenceGraph graph = new InferenceGraph(List.of(
                node(0, new Op.Input(3, 8)),
                node(1, conv(4, 3, 3, 2, 1, 1), 0), // 8 -> 4: 4*4*4 outputs x 27 = 1,728
                node(2, new Op.Relu(), 1),
                node(3, conv(4, 1, 3, 1, 1, 4), 2), // depthwise 4*4*4 x 9 = 576
                node(4, new Op.Add(), 3, 2),
                node(5, new Op.Pad(0, 0, 1, 1), 4), // 4x4 -> 5x5
                node(6, new Op.MaxPool(2, 2), 5), // 5x5 -> 2x2
                node(7, new Op.Concat(), 6, 6), // 8 channels
                node(8, conv(6, 8, 1, 1, 0, 1), 7), // 6*2*2 x 8 = 192
                node(9, new Op.Flatten(), 8), // 24
                node(10, new Op.Dense(new float[2 * 24], new float[2], 2, 24), 9))); // 48
        assertEquals(1728 + 576 + 192 + 48, GraphCost.multiplyAdds(graph));
    }

    @Test
    void mobileNetV2At224IsThePapers300MillionMultiplyAdds() {
        ImageSpec input = new ImageSpec(224, 3, Normalization.SYMMETRIC);
        try (Network net = GraphFixtures.network(ArchitectureSpec.named("mobilenet_v2"), input, 1000)) {
            long macs = GraphCost.multiplyAdds(GraphCompiler.compile(net));
            // Sandler et al. (2018), table 4: 300 M for MobileNetV2 1.0 at 224 px (torchvision's count: 300.8 M).
            assertTrue(macs > 295_000_000L && macs < 306_000_000L, "multiply-adds " + macs);
        }
    }
}
