package dev.citra.vision.video;

import dev.citra.CitraException;
import java.awt.GraphicsEnvironment;
import javax.swing.WindowConstants;
import org.bytedeco.javacv.CanvasFrame;
import org.bytedeco.javacv.OpenCVFrameConverter;

/** Shows frames in a window; closing the window asks the run to stop. */
public final class WindowSink implements FrameSink {
    private final CanvasFrame canvas;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private volatile boolean closed;

    public WindowSink(String title) {
        if (GraphicsEnvironment.isHeadless()) {
            throw new CitraException("--show needs a display, and there is none (DISPLAY is unset or Java runs headless):"
                    + " save the annotated video with --save out.mp4 instead.");
        }
        canvas = new CanvasFrame(title, 1.0);
        canvas.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        canvas.addWindowListener(new java.awt.event.WindowAdapter() {
            @Override
            public void windowClosed(java.awt.event.WindowEvent e) {
                closed = true;
            }
        });
    }

    /** True once the user closed the window. */
    public boolean closedByUser() {
        return closed || !canvas.isVisible();
    }

    @Override
    public void write(VideoFrame frame) {
        if (!closed) {
            canvas.showImage(converter.convert(frame.bgr()));
        }
    }

    @Override
    public void close() {
        canvas.dispose();
        converter.close();
    }
}
