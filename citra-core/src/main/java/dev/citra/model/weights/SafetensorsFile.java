package dev.citra.model.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.CitraException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A safetensors file (Hugging Face's format): an 8-byte little-endian header length, a JSON
 * header naming each tensor's {@code dtype}, {@code shape} and {@code data_offsets} (relative to
 * the end of the header), then the raw little-endian data. {@link #open} reads and checks the
 * header only; {@link #floats} reads one tensor, F32, F16 or BF16, as floats.
 */
public final class SafetensorsFile {
    /** The header size limit of the reference implementation; a larger one is damage or an attack. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final String METADATA_KEY = "__metadata__";

    private final Path file;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    /**
     * One tensor as the header describes it.
     *
     * @param name the tensor's key, e.g. {@code blocks.1.0.conv_pw.weight}
     * @param dtype the safetensors dtype, e.g. {@code F32}
     * @param shape its shape, row-major
     * @param begin first data byte, relative to the end of the header
     * @param end one past the last data byte
     */
    public record Entry(String name, String dtype, int[] shape, long begin, long end) {
        public Entry {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** The shape as citra prints shapes, e.g. {@code 32×3×3×3}. */
        public String shapeText() {
            return shape.length == 0 ? "scalar" : KerasWeightImporter.shapeText(shape);
        }
    }

    private SafetensorsFile(Path file, long dataStart, Map<String, Entry> entries, Map<String, String> metadata) {
        this.file = file;
        this.dataStart = dataStart;
        this.entries = Collections.unmodifiableMap(entries);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** Reads and checks the header: every tensor's data must lie inside the file and fit its shape. */
    public static SafetensorsFile open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CitraException("Weights file " + file + " does not exist: pass a .safetensors file.");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw damaged(file, "it has " + size + " bytes, fewer than the 8 of the header length");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long n = len.flip().getLong();
            if (n < 2 || n > MAX_HEADER_BYTES) {
                throw damaged(file, "its header length is " + Long.toUnsignedString(n) + " bytes (a header has 2 to "
                        + MAX_HEADER_BYTES + ")");
            }
            if (n > size - 8) {
                throw damaged(file, "its header length is " + n + " bytes but only " + (size - 8)
                        + " bytes follow (the file is truncated)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) n);
            readFully(ch, header, 8);
            long dataStart = 8 + n;
            return parse(file, header.flip(), dataStart, size - dataStart);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private static SafetensorsFile parse(Path file, ByteBuffer headerBytes, long dataStart, long dataBytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes).toString();
        } catch (CharacterCodingException e) {
            throw damaged(file, "its header is not UTF-8 text");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw damaged(file, "its header is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw damaged(file, "its header is not a JSON object");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA_KEY)) {
                field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            Entry entry = entry(file, field.getKey(), field.getValue());
            if (entry.end() > dataBytes) {
                throw damaged(file, "tensor '" + entry.name() + "' has its data at bytes " + entry.begin() + "-"
                        + entry.end() + " but the file holds only " + dataBytes + " data bytes (the file is truncated)");
            }
            entries.put(entry.name(), entry);
        }
        return new SafetensorsFile(file, dataStart, entries, metadata);
    }

    private static Entry entry(Path file, String name, JsonNode node) {
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray() || offsets == null
                || !offsets.isArray() || offsets.size() != 2) {
            throw damaged(file, "tensor '" + name + "' lacks a dtype, a shape or two data_offsets");
        }
        int[] dims = new int[shape.size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.canConvertToInt() || d.asInt() < 0) {
                throw damaged(file, "tensor '" + name + "' has shape " + shape + ", not a list of sizes");
            }
            dims[i] = d.asInt();
            try {
                count = Math.multiplyExact(count, (long) dims[i]);
            } catch (ArithmeticException overflow) {
                throw damaged(file, "tensor '" + name + "' has shape " + shape + ", too large to be real");
            }
        }
        JsonNode b = offsets.get(0);
        JsonNode e = offsets.get(1);
        if (!b.canConvertToLong() || !e.canConvertToLong() || b.asLong() < 0 || e.asLong() < b.asLong()) {
            throw damaged(file, "tensor '" + name + "' has data_offsets " + offsets + ", not [begin, end] with begin <= end");
        }
        Dtype type = Dtype.of(dtype.asText());
        if (type != null && (count > Long.MAX_VALUE / 8 || count * type.bytes != e.asLong() - b.asLong())) {
            throw damaged(file, "tensor '" + name + "' (" + dtype.asText() + " " + shape + ") needs " + count * type.bytes
                    + " bytes but its data_offsets " + offsets + " span " + (e.asLong() - b.asLong()));
        }
        return new Entry(name, dtype.asText(), dims, b.asLong(), e.asLong());
    }

    /** The file this was read from. */
    public Path path() {
        return file;
    }

    /** Every tensor, in header order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The header's free-form {@code __metadata__} strings (e.g. {@code format: pt}). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** True for dtypes {@link #floats} converts: F32, F16 and BF16. */
    public static boolean readable(String dtype) {
        Dtype d = Dtype.of(dtype);
        return d != null && d.floating;
    }

    /** The values of tensor {@code name}, row-major, as floats. */
    public float[] floats(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new CitraException("Weights file " + file + " has no tensor '" + name + "'.");
        }
        Dtype type = Dtype.of(entry.dtype());
        if (type == null || !type.floating) {
            throw new CitraException("Weights file " + file + ": tensor '" + name + "' is " + entry.dtype()
                    + " but citra reads F32, F16 and BF16 weights only: save the weights as floats"
                    + " (e.g. model.float() before save_file).");
        }
        long bytes = entry.end() - entry.begin();
        if (bytes > Integer.MAX_VALUE) {
            throw new CitraException("Weights file " + file + ": tensor '" + name + "' has " + bytes
                    + " bytes, more than one Java array holds.");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            readFully(ch, buf, dataStart + entry.begin());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read tensor '" + name + "' of " + file + ": " + e.getMessage(), e);
        }
        buf.flip();
        float[] out = new float[(int) (bytes / type.bytes)];
        switch (type) {
            case F32 -> buf.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = halfToFloat(buf.getShort());
                }
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                }
            }
            default -> throw new IllegalStateException(type.name());
        }
        return out;
    }

    /** IEEE 754 binary16 to float, subnormals, infinities and NaN included. */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Subnormal (or zero): mantissa × 2^-24, exact in float.
            float v = mantissa * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }

    private static CitraException damaged(Path file, String why) {
        return new CitraException("Weights file " + file + " is not a valid safetensors file: " + why
                + "; export it again (safetensors.torch.save_file) or download it again.");
    }

    /** The safetensors dtypes with a known element size; only the floating ones are read. */
    private enum Dtype {
        F32(4, true), F16(2, true), BF16(2, true),
        F64(8, false), I64(8, false), U64(8, false), I32(4, false), U32(4, false), I16(2, false), U16(2, false),
        I8(1, false), U8(1, false), BOOL(1, false), F8_E4M3(1, false), F8_E5M2(1, false);

        final int bytes;
        final boolean floating;

        Dtype(int bytes, boolean floating) {
            this.bytes = bytes;
            this.floating = floating;
        }

        static Dtype of(String name) {
            for (Dtype d : values()) {
                if (d.name().equals(name)) {
                    return d;
                }
            }
            return null;
        }
    }
}
