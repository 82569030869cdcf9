package dev.citra.vision.video;

/** Where annotated frames go: a video file or a window. */
public interface FrameSink extends AutoCloseable {
    /** Takes a frame; the caller keeps ownership of it and closes it afterwards. */
    void write(VideoFrame frame);

    /** Finishes the output (a video file gets its index, so it stays playable). */
    @Override
    void close();
}
