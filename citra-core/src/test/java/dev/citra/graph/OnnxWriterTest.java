package dev.citra.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The file's envelope, read back with a protobuf reader written for the test from the wire-format
 * rules: IR version, opset, metadata, the node list and the input's free batch axis.
 */
class OnnxWriterTest {
    @Test
    void modelCarriesIrVersionOpsetMetadataAndNodesInOrder() {
        InferenceGraph graph = new InferenceGraph(List.of(
                new Node(0, new Op.Input(1, 8), List.of(), 4),
                new Node(1, new Op.Conv(new float[2 * 9], new float[2], 2, 1, 3, 3, 2, 2, new int[] {0, 0, 1, 1}, 1),
                        List.of(0), 4),
                new Node(2, new Op.Clip(0, 6), List.of(1), 4),
                new Node(3, new Op.GlobalPool(false), List.of(2), 2),
                new Node(4, new Op.Dense(new float[3 * 2], new float[3], 3, 2), List.of(3), 2)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("input_size", "8");
        meta.put("labels", "[\"a\",\"b\",\"c\"]");
        Map<Integer, List<Object>> model = read(OnnxWriter.toBytes(graph, 3, meta));

        assertEquals(List.of(8L), model.get(1), "ir_version");
        Map<Integer, List<Object>> opset = read((byte[]) model.get(8).get(0));
        assertEquals(List.of(17L), opset.get(2), "opset_import version");
        assertEquals(null, opset.get(1), "the default ONNX domain");
        List<String> props = new ArrayList<>();
        for (Object entry : model.get(14)) {
            Map<Integer, List<Object>> e = read((byte[]) entry);
            props.add(text(e.get(1).get(0)) + "=" + text(e.get(2).get(0)));
        }
        assertEquals(List.of("input_size=8", "labels=[\"a\",\"b\",\"c\"]"), props);

        Map<Integer, List<Object>> g = read((byte[]) model.get(7).get(0));
        List<String> ops = new ArrayList<>();
        for (Object node : g.get(1)) {
            ops.add(text(read((byte[]) node).get(4).get(0)));
        }
        assertEquals(List.of("Conv", "Clip", "GlobalAveragePool", "Flatten", "Gemm", "Softmax"), ops);
        Map<Integer, List<Object>> conv = read((byte[]) g.get(1).get(0));
        assertEquals(List.of("input", "n1_w", "n1_b"), conv.get(1).stream().map(OnnxWriterTest::text).toList());
        // The input's shape: a named batch axis, then 1, 8, 8.
        Map<Integer, List<Object>> input = read((byte[]) g.get(11).get(0));
        Map<Integer, List<Object>> tensorType = read((byte[]) read((byte[]) input.get(2).get(0)).get(1).get(0));
        List<Object> dims = read((byte[]) tensorType.get(2).get(0)).get(1);
        assertEquals("batch", text(read((byte[]) dims.get(0)).get(2).get(0)));
        assertEquals(List.of(1L, 8L, 8L), dims.subList(1, 4).stream().map(d -> read((byte[]) d).get(1).get(0)).toList());
        assertEquals(2, g.get(12).size(), "logits and probabilities");
    }

    /** Field number → values: Long for varints, byte[] for length-delimited fields. */
    private static Map<Integer, List<Object>> read(byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        Map<Integer, List<Object>> fields = new LinkedHashMap<>();
        while (in.available() > 0) {
            long tag = varint(in);
            int field = (int) (tag >>> 3);
            Object value = switch ((int) (tag & 7)) {
                case 0 -> varint(in);
                case 2 -> take(in, (int) varint(in));
                case 5 -> take(in, 4);
                default -> throw new AssertionError("unexpected wire type in field " + field);
            };
            fields.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    private static byte[] take(ByteArrayInputStream in, int n) {
        byte[] b = new byte[n];
        assertEquals(n, in.read(b, 0, n), "truncated field");
        return b;
    }

    private static long varint(ByteArrayInputStream in) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.read();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
    }

    private static String text(Object bytes) {
        return new String((byte[]) bytes, StandardCharsets.UTF_8);
    }
}
