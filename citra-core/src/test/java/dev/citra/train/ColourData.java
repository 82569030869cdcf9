package dev.citra.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A small data set whose three classes differ in their dominant colour under heavy noise: learnt
 * in a few epochs, even from a frozen random backbone's features.
 */
final class ColourData {
    private ColourData() {}

    /** Writes {@code perClass} noisy 32×32 PNGs per class into {@code dir}/class0..class2; returns {@code dir}. */
    static Path write(Path dir, int perClass, long seed) throws IOException {
        Random random = new Random(seed);
        int[][] base = {{200, 60, 60}, {60, 200, 60}, {60, 60, 200}};
        for (int c = 0; c < base.length; c++) {
            Path classDir = Files.createDirectories(dir.resolve("class" + c));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int[] rgb = new int[3];
                        for (int k = 0; k < 3; k++) {
                            rgb[k] = Math.max(0, Math.min(255, base[c][k] + (int) (random.nextGaussian() * 60)));
                        }
                        img.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
                    }
                }
                ImageIO.write(img, "png", classDir.resolve(i + ".png").toFile());
            }
        }
        return dir;
    }
}
