package dev.citra.cli;

import static dev.citra.cli.Outcome.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.infer.InferenceRuntime;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import dev.citra.util.Devices;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --runtime} picks what runs the model, the same predictions whichever; {@code --device cpu} works
 * and {@code --device gpu} is refused in one sentence on this CPU build, as is a wrong runtime.
 */
class RuntimeFlagTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearProperties() {
        System.clearProperty(InferenceRuntime.PROPERTY);
        System.clearProperty(Devices.PROPERTY);
    }

    @Test
    void everyRuntimePredictsTheSameAndAWrongNameIsRefused() throws Exception {
        Path bundle = tmp.resolve("best");
        ImageSpec input = new ImageSpec(24, 3, Normalization.UNIT);
        try (Network net = Network.create(ArchitectureRegistry.defaults(), ArchitectureSpec.named("simple-cnn"), input,
                List.of("a", "b"), 2)) {
            ModelBundle.save(bundle, net, BundleMetadata.of(1, net.architecture(), net.labels(), input, Map.of(), Map.of(),
                    null, 1, net.parameterCount(), "test", "now"));
        }
        Path image = tmp.resolve("x.png");
        BufferedImage img = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 4, 0xFF8800);
        ImageIO.write(img, "png", image.toFile());
        String first = null;
        for (String runtime : List.of("eager", "torch", "onnxruntime", "auto")) {
            Outcome o = run("predict", "--model", bundle.toString(), "--runtime", runtime, "--json", image.toString());
            assertEquals(0, o.code(), runtime + ": " + o.err());
            assertEquals(runtime, System.getProperty(InferenceRuntime.PROPERTY));
            // Probabilities are printed to 4 decimals: the runtimes agree to 1e-4.
            String predictions = o.out().replaceAll("\"(elapsed|time)[^,}]*", "");
            if (first == null) {
                first = predictions;
            }
            assertEquals(first, predictions, runtime);
        }
        Outcome cpu = run("predict", "--model", bundle.toString(), "--device", "cpu", "--json", image.toString());
        assertEquals(0, cpu.code(), cpu.err());
        assertEquals(first, cpu.out().replaceAll("\"(elapsed|time)[^,}]*", ""));
        Outcome gpu = run("predict", "--model", bundle.toString(), "--device", "gpu", image.toString());
        assertEquals(Main.USER_ERROR, gpu.code());
        assertTrue(gpu.err().contains("--device gpu needs libtorch's CUDA build, but this citra has the CPU one"), gpu.err());
        Outcome bad = run("predict", "--model", bundle.toString(), "--runtime", "tensorrt", image.toString());
        assertEquals(Main.USER_ERROR, bad.code());
        assertTrue(bad.err().contains("Unknown runtime 'tensorrt': use auto, eager, torch, onnxruntime."), bad.err());
    }

    @Test
    void trainingCommandsTakeTheDeviceAndRefuseAMissingGpuBeforeAnyWork() throws Exception {
        for (String[] command : new String[][] {
                {"train", "--data", tmp.resolve("absent").toString()},
                {"lr-find", "--data", tmp.resolve("absent").toString()},
                {"caption", "train", "--data", tmp.resolve("absent").toString()}}) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--device", "gpu:1"));
            Outcome gpu = run(args.toArray(String[]::new));
            assertEquals(Main.USER_ERROR, gpu.code(), String.join(" ", command));
            assertTrue(gpu.err().contains("--device gpu:1 needs libtorch's CUDA build"), gpu.err());
            assertTrue(!gpu.err().contains("..") && gpu.err().contains(". Run 'citra"), "one full stop: " + gpu.err());
        }
    }
}
