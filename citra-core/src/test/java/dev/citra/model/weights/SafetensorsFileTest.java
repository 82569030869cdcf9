package dev.citra.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors reader on files written byte for byte here, good and damaged. */
class SafetensorsFileTest {
    @TempDir
    Path tmp;

    @Test
    void readsF32F16AndBf16() throws Exception {
        float[] f32 = {1.5f, -2.25f, 3.1415927f, 1e-20f, -0f, 7f};
        float[] half = {1.5f, -2.25f, 0.099975586f, 65504f, -0f, 6.1035156e-5f};
        float[] bf16 = {1.5f, -2.25f, 3.140625f, Float.intBitsToFloat(0x1e3c0000), 0f, -7f};
        Path file = new SafetensorsWriter().metadata("format", "pt")
                .put("a", "F32", f32, 2, 3).put("b.weight", "F16", half, 3, 2).put("c", "BF16", bf16, 6)
                .write(tmp.resolve("w.safetensors"));
        SafetensorsFile st = SafetensorsFile.open(file);
        assertEquals(List.of("a", "b.weight", "c"), List.copyOf(st.entries().keySet()));
        assertEquals("pt", st.metadata().get("format"));
        assertArrayEquals(new int[] {3, 2}, st.entries().get("b.weight").shape());
        assertEquals("F16", st.entries().get("b.weight").dtype());
        assertArrayEquals(f32, st.floats("a"));
        assertArrayEquals(half, st.floats("b.weight"));
        assertArrayEquals(bf16, st.floats("c"));
    }

    @Test
    void halfConversionMatchesIeeeBitPatterns() {
        assertEquals(1.0f, SafetensorsFile.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, SafetensorsFile.halfToFloat((short) 0xc000));
        assertEquals(65504f, SafetensorsFile.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, SafetensorsFile.halfToFloat((short) 0x0001));      // smallest subnormal
        assertEquals(0x1p-14f * 1023 / 1024, SafetensorsFile.halfToFloat((short) 0x03ff)); // largest subnormal
        assertEquals(0.333251953125f, SafetensorsFile.halfToFloat((short) 0x3555));
        assertEquals(Float.NEGATIVE_INFINITY, SafetensorsFile.halfToFloat((short) 0xfc00));
        assertTrue(Float.isNaN(SafetensorsFile.halfToFloat((short) 0x7e00)));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(SafetensorsFile.halfToFloat((short) 0x8000)));
    }

    @Test
    void otherDtypesAreRejectedWhenRead() throws Exception {
        Path file = new SafetensorsWriter().put("w", new float[] {1, 2}, 2).raw("steps", "I64", new byte[8], 1)
                .raw("q", "F8_E4M3", new byte[] {1, 2}, 2).write(tmp.resolve("mixed.safetensors"));
        SafetensorsFile st = SafetensorsFile.open(file);
        CitraException e = assertThrows(CitraException.class, () -> st.floats("steps"));
        assertEquals("Weights file " + file + ": tensor 'steps' is I64 but citra reads F32, F16 and BF16 weights only:"
                + " save the weights as floats (e.g. model.float() before save_file).", e.getMessage());
        assertThrows(CitraException.class, () -> st.floats("q"));
        assertTrue(assertThrows(CitraException.class, () -> st.floats("nope")).getMessage().contains("has no tensor 'nope'"));
    }

    @Test
    void damagedFilesGetOneSentenceNamingTheFile() throws Exception {
        byte[] good = new SafetensorsWriter().put("conv.weight", new float[] {1, 2, 3, 4}, 2, 2).put("b", new float[] {5}, 1)
                .bytes();
        long headerLength = ByteBuffer.wrap(good, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();

        assertDamaged(Arrays.copyOf(good, 5), "fewer than the 8 of the header length");
        assertDamaged(Arrays.copyOf(good, good.length - 3), "tensor 'b' has its data at bytes 16-20 but the file holds only 17"
                + " data bytes (the file is truncated)");
        assertDamaged(Arrays.copyOf(good, 40), "bytes follow (the file is truncated)");

        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertDamaged(huge, "its header length is 1099511627776 bytes (a header has 2 to 100000000)");
        byte[] negative = good.clone();
        ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        assertDamaged(negative, "its header length is 18446744073709551615 bytes");

        byte[] notJson = good.clone();
        notJson[8 + 1] = '#'; // {#conv.weight": ...
        assertDamaged(notJson, "its header is not valid JSON");
        assertDamaged(withHeader("[1, 2]", 0), "its header is not a JSON object");
        assertDamaged(withHeader("{\"w\": {\"dtype\": \"F32\", \"shape\": [2]}}", 8), "tensor 'w' lacks a dtype, a shape or two data_offsets");
        assertDamaged(withHeader("{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 8),
                "tensor 'w' (F32 [3]) needs 12 bytes but its data_offsets [0,8] span 8");
        assertDamaged(withHeader("{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [8, 0]}}", 8),
                "not [begin, end] with begin <= end");
        assertDamaged(withHeader("{\"w\": {\"dtype\": \"F32\", \"shape\": [-2], \"data_offsets\": [0, 8]}}", 8),
                "has shape [-2], not a list of sizes");
        assertDamaged(withHeader("{\"w\": {\"dtype\": \"F32\", \"shape\": [2147483647, 2147483647, 2147483647, 4],"
                + " \"data_offsets\": [0, 8]}}", 8), "too large to be real");
        byte[] latin = withHeader("{\"w\u00e9\": 1}", 0);
        latin[8 + 3] = (byte) 0xff;
        assertDamaged(latin, "its header is not UTF-8 text");
        assertTrue(headerLength > 2);
    }

    @Test
    void aCutOrScribbledFileGetsOneSentenceAtEveryLength() throws Exception {
        Path whole = new SafetensorsWriter().metadata("format", "pt").put("a", "F32", new float[] {1, 2, 3, 4, 5, 6}, 2, 3)
                .put("b", "F16", new float[] {1, 2}, 2).write(tmp.resolve("whole.safetensors"));
        byte[] bytes = Files.readAllBytes(whole);
        Random random = new Random(3);
        for (int cut = 0; cut <= bytes.length; cut++) {
            byte[] cutBytes = Arrays.copyOf(bytes, cut);
            byte[] scribbled = bytes.clone();
            scribbled[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            for (byte[] content : List.of(cutBytes, scribbled)) {
                Path file = Files.write(tmp.resolve("damaged.safetensors"), content);
                try {
                    SafetensorsFile st = SafetensorsFile.open(file);
                    for (String name : st.entries().keySet()) {
                        st.floats(name);
                    }
                } catch (CitraException e) {
                    assertTrue(e.getMessage().startsWith("Weights file " + file), e.getMessage());
                    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                }
            }
        }
    }

    private void assertDamaged(byte[] bytes, String why) throws Exception {
        Path file = tmp.resolve("damaged.safetensors");
        Files.write(file, bytes);
        CitraException e = assertThrows(CitraException.class, () -> SafetensorsFile.open(file));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("Weights file " + file + " is not a valid safetensors file: "), msg);
        assertTrue(msg.contains(why), msg);
        assertTrue(msg.endsWith("; export it again (safetensors.torch.save_file) or download it again."), msg);
        assertEquals(1, msg.lines().count(), msg);
    }

    private static byte[] withHeader(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
    }
}
