package dev.citra.vision.monitor;

import dev.citra.vision.detect.Box;
import dev.citra.vision.detect.EyeFinder;
import dev.citra.vision.detect.FaceFinder;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;

/** Scripted stand-ins for the detectors and the classifier, so the monitors' logic is tested alone. */
final class Fakes {
    private Fakes() {}

    /** Faces as the script says for each call. */
    static FaceFinder faces(Supplier<List<Box>> script) {
        return grey -> script.get();
    }

    /** Two eyes in the top half of any face. */
    static EyeFinder twoEyes() {
        return (Mat grey, Box face) -> List.of(
                new Box(face.x() + face.width() / 6, face.y() + face.height() / 4, face.width() / 4, face.height() / 4),
                new Box(face.x() + face.width() * 7 / 12, face.y() + face.height() / 4, face.width() / 4, face.height() / 4));
    }

    /** A classifier that answers each crop with the probabilities the script gives, and counts its crops. */
    static final class Classifier implements CropClassifier {
        final List<String> labels;
        final Supplier<float[]> script;
        final List<int[]> cropSizes = new ArrayList<>();

        Classifier(List<String> labels, Supplier<float[]> script) {
            this.labels = labels;
            this.script = script;
        }

        @Override
        public List<String> labels() {
            return labels;
        }

        @Override
        public float[][] probabilities(List<BufferedImage> crops) {
            float[][] out = new float[crops.size()][];
            for (int i = 0; i < out.length; i++) {
                cropSizes.add(new int[] {crops.get(i).getWidth(), crops.get(i).getHeight()});
                out[i] = script.get();
            }
            return out;
        }
    }
}
