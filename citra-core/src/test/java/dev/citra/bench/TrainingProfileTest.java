package dev.citra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citra.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingProfileTest {
    private static String event(String name, int tid, double ts, double dur) {
        return "{\"name\": \"" + name + "\", \"ph\": \"X\", \"ts\": " + ts + ", \"dur\": " + dur + ", \"tid\": " + tid
                + ", \"pid\": \"CPU Functions\", \"args\": {}}";
    }

    @Test
    void selfTimeIsTheDurationLessTheDirectChildrenOnTheSameThread() throws Exception {
        // Thread 1, two steps: conv (100 µs) calls mkldnn (70), which calls fill (10); then add (5).
        // Thread 2 (the backward): a root of 40 µs calling conv_backward 30.
        String trace = "[" + String.join(",",
                event("aten::conv2d", 1, 0, 100), event("aten::mkldnn_convolution", 1, 10, 70),
                event("aten::fill_", 1, 20, 10), event("aten::add", 1, 100, 5),
                event("aten::conv2d", 1, 200, 100), event("aten::mkldnn_convolution", 1, 210, 70),
                event("aten::fill_", 1, 220, 10), event("aten::add", 1, 300, 5),
                event("autograd::engine::evaluate_function: ConvolutionBackward0", 2, 0, 40),
                event("aten::convolution_backward", 2, 5, 30),
                "{\"name\": \"meta\", \"ph\": \"M\"}") + "]";
        List<TrainingProfile.OpTime> ops = TrainingProfile.selfTimes(Json.mapper().readTree(trace), 2);
        Map<String, TrainingProfile.OpTime> byName = ops.stream()
                .collect(Collectors.toMap(TrainingProfile.OpTime::op, o -> o));
        assertEquals(0.060, byName.get("aten::mkldnn_convolution").selfMillis(), 1e-9, "(70 - 10) µs a step");
        assertEquals(0.030, byName.get("aten::conv2d").selfMillis(), 1e-9);
        assertEquals(0.010, byName.get("aten::fill_").selfMillis(), 1e-9);
        assertEquals(0.005, byName.get("aten::add").selfMillis(), 1e-9, "a sibling, not a child");
        assertEquals(0.015, byName.get("aten::convolution_backward").selfMillis(), 1e-9, "30 µs over two steps");
        assertEquals(0.005, byName.get("autograd::engine::evaluate_function: ConvolutionBackward0").selfMillis(), 1e-9);
        assertEquals(1.0, byName.get("aten::conv2d").callsPerStep());
        assertEquals("aten::mkldnn_convolution", ops.get(0).op(), "the costliest first");
        // Self times add up to the time the roots span, per step: (2·(100 + 5) + 40 µs) / 2.
        assertEquals(0.125, ops.stream().mapToDouble(TrainingProfile.OpTime::selfMillis).sum(), 1e-9);
        assertEquals(1.0, ops.stream().mapToDouble(TrainingProfile.OpTime::share).sum(), 1e-9);
    }

    @Test
    void profilesARealTrainingStepAndKeepsTheTrace(@TempDir Path dir) throws Exception {
        TrainingProfile.Result r = TrainingProfile.run("simple-cnn", 16, 4, 2, dir.resolve("p/profile.json"));
        assertTrue(Files.size(r.trace()) > 0);
        JsonNode trace = Json.mapper().readTree(r.trace().toFile());
        assertTrue(trace.isArray() || trace.has("traceEvents"), "a Chrome trace");
        List<String> names = r.ops().stream().map(TrainingProfile.OpTime::op).toList();
        assertTrue(names.stream().anyMatch(n -> n.contains("conv")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.contains("backward") || n.contains("Backward")), names.toString());
        assertTrue(r.stepMillis() > 0);
        assertEquals(1.0, r.ops().stream().mapToDouble(TrainingProfile.OpTime::share).sum(), 1e-6);
    }
}
