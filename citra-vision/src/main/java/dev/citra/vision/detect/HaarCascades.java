package dev.citra.vision.detect;

import dev.citra.CitraException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * The folder of OpenCV's Haar cascade files: the one the user names, else where OpenCV
 * installations put them.
 */
public final class HaarCascades {
    public static final String FACE = "haarcascade_frontalface_default.xml";
    public static final String EYE = "haarcascade_eye.xml";
    public static final String EYE_GLASSES = "haarcascade_eye_tree_eyeglasses.xml";
    /** The person's left eye, which is on the image's right; it also finds closed eyes. */
    public static final String LEFT_EYE = "haarcascade_lefteye_2splits.xml";
    public static final String RIGHT_EYE = "haarcascade_righteye_2splits.xml";

    /** Where Debian/Ubuntu's {@code opencv-data} and source builds install the cascades. */
    public static final List<Path> STANDARD = List.of(
            Path.of("/usr/share/opencv4/haarcascades"),
            Path.of("/usr/share/opencv/haarcascades"),
            Path.of("/usr/local/share/opencv4/haarcascades"),
            Path.of("/usr/local/share/opencv/haarcascades"));

    private final Path dir;

    private HaarCascades(Path dir) {
        this.dir = dir;
    }

    /** The cascades in {@code flag} when given, else the first standard folder that has the face cascade. */
    public static HaarCascades locate(Path flag) {
        return locate(flag, STANDARD);
    }

    /** As {@link #locate(Path)}, searching {@code standard} instead of OpenCV's usual folders. */
    public static HaarCascades locate(Path flag, List<Path> standard) {
        if (flag != null) {
            if (!Files.isDirectory(flag)) {
                throw new CitraException("--cascades " + flag + " is not a folder: pass the folder holding " + FACE
                        + " (OpenCV's data/haarcascades).");
            }
            return new HaarCascades(flag);
        }
        List<String> searched = new ArrayList<>();
        for (Path dir : standard) {
            if (Files.isRegularFile(dir.resolve(FACE))) {
                return new HaarCascades(dir);
            }
            searched.add(dir.toString());
        }
        throw new CitraException("No Haar cascades found (looked for " + FACE + " in " + String.join(", ", searched)
                + "): install them with 'apt-get install opencv-data' (Debian/Ubuntu) or pass --cascades <dir>.");
    }

    public Path dir() {
        return dir;
    }

    /** True when the folder has the cascade file {@code name}. */
    public boolean has(String name) {
        return Files.isRegularFile(dir.resolve(name));
    }

    /** Loads cascade {@code name}; a missing or unreadable file is named in the message. */
    public CascadeClassifier load(String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new CitraException("Cascade " + file + " is missing: pass --cascades with a folder that has " + name
                    + " (OpenCV's data/haarcascades, Debian package opencv-data).");
        }
        CascadeClassifier cascade = new CascadeClassifier();
        if (!cascade.load(file.toString()) || cascade.empty()) {
            cascade.close();
            throw new CitraException("Cascade " + file + " cannot be read: it is not an OpenCV cascade XML file;"
                    + " replace it with OpenCV's " + name + ".");
        }
        return cascade;
    }
}
