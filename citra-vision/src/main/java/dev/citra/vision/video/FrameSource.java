package dev.citra.vision.video;

/** Where frames come from: a camera, a video file, a stream or a folder of images. */
public interface FrameSource extends AutoCloseable {
    /** The next frame, or null once the source has ended. Blocks until a frame is decoded. */
    VideoFrame next();

    /** The source's nominal frame rate (0 when unknown). */
    double fps();

    /** True for a camera or stream, whose frames keep coming whether or not they are read. */
    boolean live();

    /** What the source is, for messages: "camera 0", "video clip.mp4". */
    String describe();

    @Override
    void close();
}
