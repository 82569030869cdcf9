package dev.citra.model.weights;

import dev.citra.CitraException;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.Network;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The one way to load a weight file into a network: picks the importer by the file's content
 * (Keras HDF5 or safetensors), whatever its extension, and turns a file that is neither into one
 * clear message.
 */
public final class WeightFiles {
    /** What {@link #load} accepts, for messages. */
    public static final String ACCEPTED = "Keras HDF5 weights (.h5) or PyTorch safetensors (.safetensors)";

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    // An HDF5 superblock may follow a user block of 512, 1024, 2048, ... bytes.
    private static final long[] HDF5_OFFSETS = {0, 512, 1024, 2048, 4096};
    private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};

    private WeightFiles() {}

    /** The formats {@link #detect} tells apart. */
    public enum Format {
        KERAS_H5, SAFETENSORS
    }

    /**
     * Loads a Keras {@code .h5} or a {@code .safetensors} file into {@code network}; strict
     * fails on any missing, unexpected or mis-shaped weight, non-strict loads what matches.
     */
    public static ImportReport load(ArchitectureRegistry registry, Network network, Path file, boolean strict) {
        return switch (detect(file)) {
            case KERAS_H5 -> new KerasWeightImporter(registry).load(network, file, strict);
            case SAFETENSORS -> new SafetensorsImporter(registry).load(network, file, strict);
        };
    }

    /** The file's format, by content; an absent, empty or unknown file gets a {@link CitraException}. */
    public static Format detect(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CitraException("Weights file " + file + " does not exist: pass " + ACCEPTED + ".");
        }
        Format format = detectOrNull(file);
        if (format == null) {
            throw new CitraException(unknown(file));
        }
        return format;
    }

    /** The format of a readable file by its first bytes, or null when it is neither. */
    static Format detectOrNull(Path file) {
        byte[] head = new byte[(int) HDF5_OFFSETS[HDF5_OFFSETS.length - 1] + HDF5_SIGNATURE.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
        for (long offset : HDF5_OFFSETS) {
            if (n >= offset + HDF5_SIGNATURE.length
                    && Arrays.equals(head, (int) offset, (int) offset + HDF5_SIGNATURE.length, HDF5_SIGNATURE, 0,
                            HDF5_SIGNATURE.length)) {
                return Format.KERAS_H5;
            }
        }
        if (n >= 9 && head[8] == '{' && ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() >= 2) {
            // SafetensorsFile.open checks the rest and names what is wrong.
            return Format.SAFETENSORS;
        }
        return null;
    }

    private static String unknown(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        long size;
        boolean zip;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            zip = Arrays.equals(in.readNBytes(4), ZIP_SIGNATURE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
        String why;
        if (size == 0) {
            why = "it is empty";
        } else if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
            why = "it has no HDF5 signature, so it is damaged or was not fully downloaded";
        } else if (name.endsWith(".safetensors")) {
            why = "it does not start with a safetensors header, so it is damaged or was not fully downloaded";
        } else if (name.endsWith(".keras")) {
            why = "Keras 3 .keras archives are not read; save the weights with model.save_weights('w.weights.h5')"
                    + " or model.save('m.h5')";
        } else if (zip || name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".bin")) {
            why = "PyTorch pickles are not read (they can run code); save the state dict with"
                    + " safetensors.torch.save_file(model.state_dict(), 'w.safetensors')";
        } else {
            why = "its content is neither";
        }
        return "Weights file " + file + " is not " + ACCEPTED + ": " + why + ".";
    }
}
