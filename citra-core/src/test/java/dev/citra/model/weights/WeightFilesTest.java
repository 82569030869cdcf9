package dev.citra.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Picking the importer by content, and one sentence for anything else. */
class WeightFilesTest {
    private static final String ACCEPTED = "is not Keras HDF5 weights (.h5) or PyTorch safetensors (.safetensors): ";

    @TempDir
    Path tmp;

    @Test
    void detectsByContentWhateverTheExtension() throws Exception {
        Path h5 = tmp.resolve("weights.bin");
        try (WritableHdfFile f = HdfFile.write(h5)) {
            f.putAttribute("layer_names", new String[] {"dense"});
        }
        assertEquals(WeightFiles.Format.KERAS_H5, WeightFiles.detect(h5));
        Path st = new SafetensorsWriter().put("w", new float[] {1}, 1).write(tmp.resolve("weights.h5"));
        assertEquals(WeightFiles.Format.SAFETENSORS, WeightFiles.detect(st));
    }

    @Test
    void unknownFilesGetOneSentenceWithTheAcceptedFormats() throws Exception {
        assertMessage(tmp.resolve("absent.h5"), null, "Weights file " + tmp.resolve("absent.h5")
                + " does not exist: pass Keras HDF5 weights (.h5) or PyTorch safetensors (.safetensors).");
        assertMessage(tmp.resolve("empty.safetensors"), new byte[0], "it is empty.");
        assertMessage(tmp.resolve("cut.h5"), "<html>Not Found</html>".getBytes(),
                "it has no HDF5 signature, so it is damaged or was not fully downloaded.");
        assertMessage(tmp.resolve("w.safetensors"), "garbage that is long enough".getBytes(),
                "it does not start with a safetensors header, so it is damaged or was not fully downloaded.");
        assertMessage(tmp.resolve("model.pth"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0},
                "PyTorch pickles are not read (they can run code); save the state dict with"
                        + " safetensors.torch.save_file(model.state_dict(), 'w.safetensors').");
        assertMessage(tmp.resolve("model.keras"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0},
                "Keras 3 .keras archives are not read; save the weights with model.save_weights('w.weights.h5')"
                        + " or model.save('m.h5').");
        assertMessage(tmp.resolve("notes.txt"), "hello there, weights".getBytes(), "its content is neither.");
    }

    @Test
    void safetensorsForAnArchitectureWithoutANameTableIsRefused() throws Exception {
        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        Path st = new SafetensorsWriter().put("w", new float[] {1}, 1).write(tmp.resolve("w.safetensors"));
        try (Network net = Network.create(registry, ArchitectureSpec.named("simple-cnn"),
                new ImageSpec(32, 3, Normalization.UNIT), List.of("a", "b"), 1)) {
            CitraException e = assertThrows(CitraException.class, () -> WeightFiles.load(registry, net, st, true));
            // resnet50 joins the list once the registry has it.
            assertTrue(e.getMessage().startsWith("Model 'simple-cnn' has no table of PyTorch names, so the safetensors"
                    + " weights " + st + " cannot be loaded into it: use one of [mobilenet_v2"), e.getMessage());
            assertTrue(e.getMessage().endsWith("], or Keras .h5 weights."), e.getMessage());
        }
    }

    @Test
    void garbageAfterAnHdf5SignatureGetsOneSentenceNotAStackTrace() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            byte[] bytes = new byte[64 + random.nextInt(4096)];
            if (i % 2 == 0) {
                random.nextBytes(bytes); // odd ones stay zeros: jHDF reads lengths of 0 there
            }
            System.arraycopy(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}, 0, bytes, 0, 8);
            Path file = Files.write(tmp.resolve("garbage" + i + ".h5"), bytes);
            assertDamagedH5(file);
        }
    }

    @Test
    void aTruncatedKerasFileGetsOneSentenceAtEveryLength() throws Exception {
        Path whole = tmp.resolve("whole.h5");
        try (WritableHdfFile f = HdfFile.write(whole)) {
            f.putAttribute("layer_names", new String[] {"dense"});
            WritableGroup layer = f.putGroup("dense");
            layer.putGroup("dense").putDataset("kernel:0", new float[][] {{1, 2, 3}, {4, 5, 6}});
            layer.putAttribute("weight_names", new String[] {"dense/kernel:0"});
        }
        assertEquals(1, KerasH5Reader.read(whole).layers().size());
        byte[] bytes = Files.readAllBytes(whole);
        for (int cut = 8; cut < bytes.length; cut += Math.max(1, bytes.length / 97)) {
            Path file = Files.write(tmp.resolve("cut" + cut + ".h5"), Arrays.copyOf(bytes, cut));
            assertDamagedH5(file);
        }
    }

    /** Either a clear CitraException naming the file, or (a cut that spares what is read) the weights. */
    private static void assertDamagedH5(Path file) {
        try {
            KerasH5Reader.read(file);
        } catch (CitraException e) {
            assertTrue(e.getMessage().startsWith("Weights file " + file), e.getMessage());
            assertTrue(e.getMessage().endsWith("."), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        } catch (RuntimeException e) {
            throw new AssertionError(file + ": " + e, e);
        }
    }

    private void assertMessage(Path file, byte[] content, String end) throws Exception {
        if (content != null) {
            Files.write(file, content);
        }
        CitraException e = assertThrows(CitraException.class, () -> WeightFiles.detect(file));
        if (content == null) {
            assertEquals(end, e.getMessage());
        } else {
            assertEquals("Weights file " + file + " " + ACCEPTED + end, e.getMessage());
        }
    }
}
