package dev.citra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code citra predict --model mobilenet_v2 --weights <Keras .h5> --labels <file> --top-k 5 --json}
 * on the real ImageNet weights in ../shared/data/weights gives the README's top-1 class and
 * probability (within 0.01) for each sample image.
 */
class PredictImageNetTest {
    private static final String WEIGHTS = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5";

    @ParameterizedTest
    @CsvSource({
        "grace_hopper.bmp, military uniform, 0.718",
        "cat.bmp, Egyptian cat, 0.672",
        "bird.bmp, chickadee, 0.781",
        "parrot.jpg, macaw, 0.925"
    })
    void topOneMatchesTheReference(String image, String label, double probability) throws Exception {
        String shared = System.getProperty("citra.shared");
        Path dir = shared == null ? null : Path.of(shared, "data", "weights");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve(WEIGHTS)),
                "Skipped: the real MobileNetV2 weights are not at <citra.shared>/data/weights/ (citra.shared=" + shared + ")");
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("predict", "--model", "mobilenet_v2", "--weights", dir.resolve(WEIGHTS).toString(), "--labels",
                    dir.resolve("samples/imagenet_labels.txt").toString(), "--top-k", "5", "--json",
                    dir.resolve("samples").resolve(image).toString());
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        JsonNode top = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("predictions");
        assertEquals(5, top.size());
        assertEquals(label, top.get(0).get("label").asText());
        assertEquals(probability, top.get(0).get("probability").asDouble(), 0.01);
    }
}
