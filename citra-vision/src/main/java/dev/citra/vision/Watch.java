package dev.citra.vision;

import dev.citra.vision.monitor.Event;
import dev.citra.vision.monitor.FrameResult;
import dev.citra.vision.monitor.Monitor;
import dev.citra.vision.stats.Stage;
import dev.citra.vision.stats.StageTimes;
import dev.citra.vision.video.FrameSink;
import dev.citra.vision.video.FrameSource;
import dev.citra.vision.video.VideoFrame;
import dev.citra.vision.video.WindowSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a monitor over a source: decoding in one thread, the monitor in the caller's, drawing and
 * writing in a third, so each overlaps the others. A live source (camera, stream, or a file
 * played in real time) keeps only its newest frame while the monitor is busy, so the monitor
 * always sees the present; a file otherwise goes through frame by frame.
 *
 * @param <R> what the monitor reports per frame
 */
public final class Watch<R extends FrameResult> {
    private static final VideoFrame END = new VideoFrame(null, -1, 0, 0);

    private final FrameSource source;
    private final Monitor<R> monitor;
    private final List<FrameSink> sinks;
    private final EventLog events;
    private final boolean logFrames;
    private final List<Consumer<R>> listeners;
    private final long maxFrames;
    private final double maxFps;
    private final int stride;
    private final boolean realtime;
    private final AtomicBoolean stop;

    private final StageTimes times = new StageTimes();
    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong strided = new AtomicLong();
    /** The source's failure: what was decoded before it is still processed. */
    private final AtomicReference<RuntimeException> sourceFailure = new AtomicReference<>();
    /** A sink's failure: the run stops at once. */
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    private Watch(Builder<R> b) {
        source = b.source;
        monitor = b.monitor;
        sinks = List.copyOf(b.sinks);
        events = b.events;
        logFrames = b.logFrames;
        listeners = List.copyOf(b.listeners);
        maxFrames = b.maxFrames;
        maxFps = b.maxFps;
        stride = b.stride;
        realtime = b.realtime;
        stop = b.stop;
    }

    /** A run of {@code monitor} over {@code source}; the rest is optional. */
    public static <R extends FrameResult> Builder<R> builder(FrameSource source, Monitor<R> monitor) {
        return new Builder<>(source, monitor);
    }

    /** The options of a run. */
    public static final class Builder<R extends FrameResult> {
        private final FrameSource source;
        private final Monitor<R> monitor;
        private final List<FrameSink> sinks = new ArrayList<>();
        private final List<Consumer<R>> listeners = new ArrayList<>();
        private EventLog events;
        private boolean logFrames;
        private long maxFrames;
        private double maxFps;
        private int stride = 1;
        private boolean realtime;
        private AtomicBoolean stop = new AtomicBoolean();

        private Builder(FrameSource source, Monitor<R> monitor) {
            this.source = source;
            this.monitor = monitor;
        }

        /** Where annotated frames go (none: nothing is drawn). */
        public Builder<R> sink(FrameSink sink) {
            sinks.add(sink);
            return this;
        }

        /** Where events go. */
        public Builder<R> events(EventLog log) {
            events = log;
            return this;
        }

        /** Also log one line per processed frame, not only the events. */
        public Builder<R> logFrames(boolean on) {
            logFrames = on;
            return this;
        }

        /** Called with every frame's result, in the monitor's thread. */
        public Builder<R> listener(Consumer<R> listener) {
            listeners.add(listener);
            return this;
        }

        /** Stop after this many processed frames (0: no limit). */
        public Builder<R> maxFrames(long n) {
            maxFrames = n;
            return this;
        }

        /** Process at most this many frames a second (0: as fast as possible). */
        public Builder<R> maxFps(double fps) {
            maxFps = fps;
            return this;
        }

        /** Process every {@code n}-th frame only. */
        public Builder<R> stride(int n) {
            stride = Math.max(1, n);
            return this;
        }

        /** Play a file at its own speed, dropping frames the monitor has no time for, as a camera would. */
        public Builder<R> realtime(boolean on) {
            realtime = on;
            return this;
        }

        /** A flag that, once set (by a Ctrl-C handler, say), ends the run cleanly. */
        public Builder<R> stopFlag(AtomicBoolean flag) {
            stop = flag;
            return this;
        }

        public Watch<R> build() {
            return new Watch<>(this);
        }
    }

    /**
     * Runs until the source ends, {@code maxFrames} is reached or the stop flag is set; closes
     * the sinks (so a video file is complete) but not the source, monitor or event log. A
     * failure of the source or a sink is thrown after everything written so far is closed.
     */
    public WatchSummary run() {
        boolean dropping = source.live() || realtime;
        BlockingQueue<VideoFrame> frames = new ArrayBlockingQueue<>(dropping ? 1 : 4);
        BlockingQueue<VideoFrame> output = new ArrayBlockingQueue<>(8);
        AtomicBoolean readerDone = new AtomicBoolean();
        long start = System.nanoTime();
        double cpuStart = WatchSummary.processCpuSeconds();
        Thread reader = new Thread(() -> read(frames, dropping, readerDone, start), "citra-watch-decode");
        Thread writer = new Thread(() -> write(output), "citra-watch-encode");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
        long processed = 0;
        Map<String, Integer> counts = new TreeMap<>();
        List<Double> latencies = new ArrayList<>();
        String stoppedBy = "end of source";
        long nextSlot = System.nanoTime();
        try {
            while (true) {
                if (stop.get()) {
                    stoppedBy = "interrupted";
                    break;
                }
                if (windowClosed()) {
                    stoppedBy = "window closed";
                    break;
                }
                if (failure.get() != null) {
                    break;
                }
                VideoFrame frame = frames.poll(100, TimeUnit.MILLISECONDS);
                if (frame == null) {
                    continue;
                }
                if (frame == END) {
                    break;
                }
                R result = monitor.process(frame.bgr(), frame.seconds(), times);
                for (Event e : result.events()) {
                    counts.merge(e.type(), 1, Integer::sum);
                    if (e.type().equals("alarm_start")) {
                        latencies.add((System.nanoTime() - frame.grabbedNanos()) / 1e6);
                    }
                    if (events != null) {
                        events.write(frame.index(), e);
                    }
                }
                if (events != null && logFrames) {
                    events.writeFrame(frame.index(), result);
                }
                for (Consumer<R> l : listeners) {
                    l.accept(result);
                }
                if (sinks.isEmpty()) {
                    frame.close();
                } else {
                    long t0 = System.nanoTime();
                    monitor.draw(frame.bgr(), result);
                    times.since(Stage.DRAW, t0);
                    output.put(frame);
                }
                processed++;
                if (maxFrames > 0 && processed >= maxFrames) {
                    stoppedBy = "max frames";
                    break;
                }
                if (maxFps > 0) {
                    nextSlot += (long) (1e9 / maxFps);
                    long wait = nextSlot - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } else {
                        nextSlot = System.nanoTime();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stoppedBy = "interrupted";
        } finally {
            readerDone.set(true);
            reader.interrupt();
            drain(frames);
            joinQuietly(reader, 10_000);
            drain(frames);
            putQuietly(output, END);
            joinQuietly(writer, 60_000);
            closeSinks();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        RuntimeException failed = failure.get() != null ? failure.get() : sourceFailure.get();
        if (failed != null) {
            throw failed;
        }
        return new WatchSummary(source.describe(), decoded.get(), processed, dropped.get(), strided.get(), wall,
                times.meanMillis(), counts, latencies, stoppedBy, WatchSummary.processCpuSeconds() - cpuStart);
    }

    /** The decoding thread: frames into the queue, the newest replacing an unread one when dropping. */
    private void read(BlockingQueue<VideoFrame> frames, boolean dropping, AtomicBoolean done, long start) {
        try {
            while (!done.get()) {
                long t0 = System.nanoTime();
                VideoFrame frame = source.next();
                if (frame == null) {
                    break;
                }
                times.since(Stage.DECODE, t0);
                decoded.incrementAndGet();
                if (frame.index() % stride != 0) {
                    strided.incrementAndGet();
                    frame.close();
                    continue;
                }
                if (realtime && !source.live()) {
                    // A file played as if live: wait for the moment the frame would have been filmed.
                    long due = start + (long) (frame.seconds() * 1e9) - System.nanoTime();
                    if (due > 0) {
                        TimeUnit.NANOSECONDS.sleep(due);
                    }
                }
                if (dropping) {
                    while (!frames.offer(frame)) {
                        VideoFrame stale = frames.poll();
                        if (stale != null && stale != END) {
                            stale.close();
                            dropped.incrementAndGet();
                        }
                    }
                } else {
                    frames.put(frame);
                }
            }
        } catch (InterruptedException e) {
            // asked to stop
        } catch (RuntimeException e) {
            sourceFailure.set(e);
        } finally {
            if (!done.get()) {
                putQuietly(frames, END);
            }
        }
    }

    /** The output thread: sinks get each annotated frame, which is closed after. */
    private void write(BlockingQueue<VideoFrame> output) {
        try {
            while (true) {
                VideoFrame frame = output.take();
                if (frame == END) {
                    return;
                }
                try (frame) {
                    if (failure.get() == null) {
                        long t0 = System.nanoTime();
                        for (FrameSink sink : sinks) {
                            sink.write(frame);
                        }
                        times.since(Stage.ENCODE, t0);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean windowClosed() {
        for (FrameSink s : sinks) {
            if (s instanceof WindowSink w && w.closedByUser()) {
                return true;
            }
        }
        return false;
    }

    private void closeSinks() {
        for (FrameSink s : sinks) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    private static void drain(BlockingQueue<VideoFrame> queue) {
        for (VideoFrame f = queue.poll(); f != null; f = queue.poll()) {
            if (f != END) {
                f.close();
            }
        }
    }

    private static void putQuietly(BlockingQueue<VideoFrame> queue, VideoFrame frame) {
        try {
            queue.put(frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread t, long millis) {
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
