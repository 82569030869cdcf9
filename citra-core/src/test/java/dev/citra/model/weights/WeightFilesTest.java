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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
