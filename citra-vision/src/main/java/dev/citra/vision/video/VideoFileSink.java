package dev.citra.vision.video;

import dev.citra.CitraException;
import dev.citra.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;

/**
 * Writes frames to a video file with FFmpeg: H.264 (else MPEG-4 part 2) in .mp4/.mov/.mkv,
 * Motion JPEG in .avi. Each frame is placed at its own time, so a live run that dropped frames
 * still plays at the speed it was filmed. The file is written beside the target and moved into
 * place when closed, so an interrupted run never leaves a half-written file under the final name.
 */
public final class VideoFileSink implements FrameSink {
    private final Path target;
    private final Path partial;
    private final String format;
    private final double fps;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private FFmpegFrameRecorder recorder;
    private int width;
    private int height;
    private long frames;
    private String codecName;
    private double firstSeconds;

    /** A writer for {@code target} (its extension picks the container) at {@code fps} frames a second. */
    public VideoFileSink(Path target, double fps) {
        this.target = target.toAbsolutePath();
        this.format = formatOf(target);
        this.fps = fps > 0 && fps < 1000 ? fps : 30;
        this.partial = this.target.resolveSibling("." + target.getFileName() + ".part");
        Path parent = this.target.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + parent, e);
        }
    }

    private static String formatOf(Path target) {
        String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "mp4", "m4v" -> "mp4";
            case "mov" -> "mov";
            case "mkv" -> "matroska";
            case "avi" -> "avi";
            default -> throw new CitraException("--save " + target + " has no video extension: name it .mp4, .avi, .mkv or .mov.");
        };
    }

    @Override
    public void write(VideoFrame frame) {
        if (recorder == null) {
            start(frame.width(), frame.height());
            firstSeconds = frame.seconds();
        } else if (frame.width() != width || frame.height() != height) {
            throw new CitraException("The source changed size from " + width + "x" + height + " to " + frame.width() + "x"
                    + frame.height() + " mid-way: a video file keeps one size; save the frames of each part separately.");
        }
        try {
            // Frames come at most once per 1/fps slot; a gap (dropped or skipped frames) stays a gap.
            long slot = Math.round((frame.seconds() - firstSeconds) * fps);
            if (slot > recorder.getFrameNumber()) {
                recorder.setFrameNumber((int) slot);
            }
            recorder.record(converter.convert(frame.bgr()), avutil.AV_PIX_FMT_BGR24);
            frames++;
        } catch (FrameRecorder.Exception e) {
            throw new UncheckedIOException(new IOException("Could not write frame " + frames + " to " + target + ": "
                    + e.getMessage(), e));
        }
    }

    private void start(int w, int h) {
        width = w;
        height = h;
        int[] codecs = format.equals("avi") ? new int[] {avcodec.AV_CODEC_ID_MJPEG}
                : new int[] {avcodec.AV_CODEC_ID_H264, avcodec.AV_CODEC_ID_MPEG4};
        FrameRecorder.Exception last = null;
        for (int codec : codecs) {
            FFmpegFrameRecorder r = new FFmpegFrameRecorder(partial.toString(), w, h, 0);
            r.setFormat(format);
            r.setFrameRate(fps);
            r.setVideoCodec(codec);
            if (codec == avcodec.AV_CODEC_ID_MJPEG) {
                r.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
                r.setVideoQuality(3);
            } else {
                r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                if (codec == avcodec.AV_CODEC_ID_H264) {
                    r.setVideoOption("crf", "23");
                    r.setVideoOption("preset", "veryfast");
                } else {
                    r.setVideoQuality(4);
                }
            }
            try {
                r.start();
                recorder = r;
                codecName = avcodec.avcodec_get_name(codec).getString();
                return;
            } catch (FrameRecorder.Exception e) {
                last = e;
                closeQuietly(r);
            }
        }
        throw new CitraException("Cannot write " + target + " (" + (last == null ? "no codec" : last.getMessage())
                + "): save as .avi (Motion JPEG) instead.");
    }

    /** Frames written so far. */
    public long frames() {
        return frames;
    }

    /** The codec in use (after the first frame), for the summary. */
    public String codec() {
        return codecName;
    }

    public Path target() {
        return target;
    }

    @Override
    public void close() {
        if (recorder == null) {
            converter.close();
            return;
        }
        try {
            recorder.stop();
            recorder.release();
            AtomicFiles.move(partial, target);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("Could not finish " + target + ": " + e.getMessage(), e));
        } finally {
            closeQuietly(recorder);
            recorder = null;
            converter.close();
        }
    }

    private static void closeQuietly(FFmpegFrameRecorder r) {
        try {
            r.close();
        } catch (FrameRecorder.Exception | RuntimeException ignored) {
            // already released, or never started
        }
    }
}
