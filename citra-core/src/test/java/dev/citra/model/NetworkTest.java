package dev.citra.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTest {
    /** A regression test: the end of a run reloads best/ into the network it trained, and must then predict with it. */
    @Test
    void parametersLoadedIntoANetworkThatAlreadyRanAreTheOnesItRunsWith() throws Exception {
        ImageSpec spec = new ImageSpec(16, 3, Normalization.UNIT);
        float[] pixels = new float[2 * spec.tensorLength()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) Math.cos(i * 0.05);
        }
        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        try (Network a = Network.create(registry, ArchitectureSpec.named("simple-cnn"), spec, List.of("x", "y"), 1);
                Network b = Network.create(registry, ArchitectureSpec.named("simple-cnn"), spec, List.of("x", "y"), 2);
                NDManager scope = a.manager().newSubManager()) {
            float[] before = a.forward(scope, pixels, 2, false).toFloatArray();
            float[] expected = b.forward(scope, pixels, 2, false).toFloatArray();
            assertFalse(Arrays.equals(before, expected));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            b.saveParameters(new DataOutputStream(bytes));
            a.loadParameters(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertArrayEquals(expected, a.forward(scope, pixels, 2, false).toFloatArray(), 1e-6f);
        }
    }
}
