package dev.citra.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.model.ArchitectureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageNetWeightsTest {
    @Test
    void imagenetNamesTheCachedNotopFileOfTheArchitectureWidthAndNearestSize(@TempDir Path cache) throws Exception {
        assertTrue(ImageNetWeights.requested(" ImageNet "));
        CitraException missing = assertThrows(CitraException.class,
                () -> ImageNetWeights.resolve(ArchitectureSpec.named("densenet201"), 64, cache));
        assertTrue(missing.getMessage().contains("citra weights fetch densenet201 --notop"), missing.getMessage());

        Path densenet = Files.createFile(cache.resolve("densenet201_weights_tf_dim_ordering_tf_kernels_notop.h5"));
        assertEquals(densenet, ImageNetWeights.resolve(ArchitectureSpec.named("densenet201"), 64, cache));

        // MobileNetV2 0.35 at 100 px: the published 96 px file of that width.
        ArchitectureSpec narrow = new ArchitectureSpec("mobilenet_v2", null, null, 0.35);
        CitraException mobile = assertThrows(CitraException.class, () -> ImageNetWeights.resolve(narrow, 100, cache));
        assertTrue(mobile.getMessage().contains("--alpha 0.35 --size 96"), mobile.getMessage());
        Path file = Files.createFile(cache.resolve(KerasApplications.find("mobilenet_v2", false, 0.35, 96).fileName()));
        assertEquals(file, ImageNetWeights.resolve(narrow, 100, cache));
        assertTrue(file.getFileName().toString().contains("0.35_96") && file.getFileName().toString().contains("no_top"),
                file.toString());
    }
}
