package dev.citra.model.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes safetensors files for tests, byte for byte as the format specifies: an 8-byte
 * little-endian header length, the JSON header, then the little-endian data. Floats are stored
 * as F32, F16 or BF16; any other dtype gets raw bytes.
 */
final class SafetensorsWriter {
    private record Tensor(String dtype, int[] shape, byte[] data) {}

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds floats, encoded as {@code dtype} (F32, F16 or BF16; F16/BF16 values must be exact). */
    SafetensorsWriter put(String name, String dtype, float[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * (dtype.equals("F32") ? 4 : 2)).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (dtype) {
                case "F32" -> b.putFloat(v);
                case "F16" -> b.putShort(exactHalf(v));
                case "BF16" -> {
                    int bits = Float.floatToIntBits(v);
                    if ((bits & 0xffff) != 0) {
                        throw new IllegalArgumentException(v + " is not exact in BF16");
                    }
                    b.putShort((short) (bits >>> 16));
                }
                default -> throw new IllegalArgumentException(dtype);
            }
        }
        return raw(name, dtype, b.array(), shape);
    }

    SafetensorsWriter put(String name, float[] values, int... shape) {
        return put(name, "F32", values, shape);
    }

    /** Adds a tensor with raw data bytes (any dtype). */
    SafetensorsWriter raw(String name, String dtype, byte[] data, int... shape) {
        tensors.put(name, new Tensor(dtype, shape.clone(), data));
        return this;
    }

    /** The whole file's bytes. */
    byte[] bytes() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode header = mapper.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = header.putObject("__metadata__");
            metadata.forEach(m::put);
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", e.getValue().dtype());
            var shape = t.putArray("shape");
            for (int d : e.getValue().shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(data.size()).add(data.size() + e.getValue().data().length);
            data.writeBytes(e.getValue().data());
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        // The reference writer pads the header with spaces to a multiple of 8 bytes.
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        out.put(data.toByteArray());
        return out.array();
    }

    Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    /** Float to IEEE binary16 for normal values that binary16 holds exactly (and zero). */
    static short exactHalf(float v) {
        if (v == 0) {
            return (short) (Float.floatToIntBits(v) >>> 16 & 0x8000);
        }
        int bits = Float.floatToIntBits(v);
        int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
        int mantissa = bits & 0x7fffff;
        if (exponent <= 0 || exponent >= 31 || (mantissa & 0x1fff) != 0) {
            throw new IllegalArgumentException(v + " is not exact in F16");
        }
        return (short) ((bits >>> 16 & 0x8000) | exponent << 10 | mantissa >>> 13);
    }
}
