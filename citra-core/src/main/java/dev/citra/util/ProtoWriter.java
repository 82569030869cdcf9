package dev.citra.util;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes one protocol-buffers message in the wire format (varints, length-delimited fields),
 * enough to write files such as ONNX models without a protobuf library. Fields are written in the
 * order they are called; a nested message is another writer passed to {@link #message}.
 */
public final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int FIXED32 = 5;
    private static final int LENGTH = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An int32, int64 or enum field (negative values take ten bytes, as protobuf writes them). */
    public ProtoWriter int64(int field, long value) {
        tag(field, VARINT);
        varint(value);
        return this;
    }

    /** A float field. */
    public ProtoWriter float32(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write(bits >>> (8 * i));
        }
        return this;
    }

    /** A string field, UTF-8. */
    public ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bytes field. */
    public ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH);
        varint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    /** A bytes field holding floats as little-endian IEEE 754 (ONNX's {@code raw_data}). */
    public ProtoWriter floatsLittleEndian(int field, float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return bytes(field, buffer.array());
    }

    /** A packed repeated int64 field. */
    public ProtoWriter packedInt64(int field, long... values) {
        ProtoWriter packed = new ProtoWriter();
        for (long v : values) {
            packed.varint(v);
        }
        return bytes(field, packed.toByteArray());
    }

    /** A nested message field. */
    public ProtoWriter message(int field, ProtoWriter message) {
        tag(field, LENGTH);
        varint(message.out.size());
        out.writeBytes(message.out.toByteArray());
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
