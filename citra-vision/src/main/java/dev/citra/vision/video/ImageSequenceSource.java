package dev.citra.vision.video;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import dev.citra.CitraException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The images of a folder, in name order, as frames {@code 1/fps} seconds apart. An image that
 * cannot be decoded stops the run with its name rather than leaving a hole in the timeline.
 */
public final class ImageSequenceSource implements FrameSource {
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp");

    private final Path folder;
    private final List<Path> files;
    private final double fps;
    private int next;

    public ImageSequenceSource(Path folder, double fps) {
        this.folder = folder;
        this.fps = fps > 0 ? fps : 30;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).filter(ImageSequenceSource::isImage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + folder, e);
        }
        if (files.isEmpty()) {
            throw new CitraException("Folder " + folder + " has no images (" + String.join(", ", EXTENSIONS)
                    + "): pass a folder of frames, a video file or a camera index.");
        }
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    @Override
    public VideoFrame next() {
        if (next >= files.size()) {
            return null;
        }
        Path file = files.get(next);
        Mat mat = imread(file.toString(), IMREAD_COLOR);
        if (mat == null || mat.empty()) {
            throw new CitraException("Image " + file + " cannot be decoded: remove it from " + folder + " or replace it.");
        }
        int i = next++;
        return new VideoFrame(mat, i, i / fps, System.nanoTime());
    }

    @Override
    public double fps() {
        return fps;
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public String describe() {
        return "folder " + folder + " (" + files.size() + " images)";
    }

    @Override
    public void close() {}
}
