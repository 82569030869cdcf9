package dev.citra.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Fixed-length float arrays in a memory-mapped file, one per slot: decoded images kept out of the
 * Java heap (the operating system pages them in and out). Reads and writes of different slots may
 * run on several threads at once. The file is a scratch file: made anew, deleted on close.
 */
final class PixelFile implements AutoCloseable {
    private final Path file;
    private final int length;
    private final int slotsPerChunk;
    /** A mapping holds at most 2 GB: the file is mapped in chunks of whole slots. */
    private FloatBuffer[] chunks;

    /** Creates (or empties) {@code file} with room for {@code slots} arrays of {@code length} floats. */
    PixelFile(Path file, int slots, int length) {
        this.file = file;
        this.length = length;
        this.slotsPerChunk = (int) Math.max(1, Integer.MAX_VALUE / (length * 4L));
        int count = Math.max(1, (slots + slotsPerChunk - 1) / slotsPerChunk);
        chunks = new FloatBuffer[count];
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int c = 0; c < count; c++) {
                    long first = (long) c * slotsPerChunk;
                    long inChunk = Math.max(0, Math.min(slotsPerChunk, slots - first));
                    // The mapping outlives the channel; the file grows to its full size here (sparse).
                    chunks[c] = channel.map(FileChannel.MapMode.READ_WRITE, first * length * 4L, inChunk * length * 4L)
                            .asFloatBuffer();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the image cache file " + file, e);
        }
    }

    /** Where the pixels are. */
    Path file() {
        return file;
    }

    /** Bytes the file takes when every slot is written. */
    static long bytes(long slots, int length) {
        return slots * length * 4L;
    }

    void write(int slot, float[] values) {
        chunks[slot / slotsPerChunk].put((slot % slotsPerChunk) * length, values, 0, length);
    }

    /** A new array with the floats of {@code slot}. */
    float[] read(int slot) {
        float[] out = new float[length];
        chunks[slot / slotsPerChunk].get((slot % slotsPerChunk) * length, out, 0, length);
        return out;
    }

    /** Deletes the file; the mapping goes with the last reference to it. */
    @Override
    public void close() {
        chunks = new FloatBuffer[0];
        try {
            Files.deleteIfExists(file);
            // The folder made for the cache goes too once its last file has.
            Files.deleteIfExists(file.toAbsolutePath().getParent());
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // Another part's cache is still open.
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the image cache file " + file, e);
        }
    }
}
