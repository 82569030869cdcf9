package dev.citra.vision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.util.AtomicFiles;
import dev.citra.vision.monitor.Event;
import dev.citra.vision.monitor.FrameResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events as JSON lines ({@code {"event":"alarm_start","frame":42,"t":3.5,...}}), to standard
 * output as they happen, or to a file that appears complete under its name when the run ends.
 */
public final class EventLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Writer out;
    private final PrintWriter console;
    private final Path target;
    private final Path partial;
    private long written;

    private EventLog(Writer out, PrintWriter console, Path target, Path partial) {
        this.out = out;
        this.console = console;
        this.target = target;
        this.partial = partial;
    }

    /** Lines printed to {@code console}, flushed one by one so a pipe sees them at once. */
    public static EventLog to(PrintWriter console) {
        return new EventLog(null, console, null, null);
    }

    /** Lines written to {@code file}. */
    public static EventLog to(Path file) {
        Path target = file.toAbsolutePath();
        Path partial = target.resolveSibling("." + target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            return new EventLog(Files.newBufferedWriter(partial), null, target, partial);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes one event of frame {@code frame}. */
    public synchronized void write(long frame, Event event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", event.type());
        line.put("frame", frame);
        line.put("t", Math.round(event.seconds() * 1000) / 1000.0);
        // Durations are sums of frame intervals: 1.5333329999999998 reads better as 1.5333.
        event.details().forEach((k, v) -> line.put(k, v instanceof Double d ? Math.round(d * 1e4) / 1e4 : v));
        writeLine(line);
    }

    /** Writes one line for a processed frame: its number, time and the monitor's figures. */
    public synchronized void writeFrame(long frame, FrameResult result) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "frame");
        line.put("frame", frame);
        line.put("t", Math.round(result.seconds() * 1000) / 1000.0);
        line.putAll(result.fields());
        writeLine(line);
    }

    /** Writes a line of any fields (the run's summary, say). */
    public synchronized void writeLine(Map<String, Object> fields) {
        try {
            String text = JSON.writeValueAsString(fields);
            if (console != null) {
                console.println(text);
                console.flush();
            } else {
                out.write(text);
                out.write('\n');
            }
            written++;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event fields must be JSON values: " + fields, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Lines written so far. */
    public synchronized long written() {
        return written;
    }

    /** The file written, or null for the console. */
    public Path target() {
        return target;
    }

    @Override
    public synchronized void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
            AtomicFiles.move(partial, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not finish " + target + ": " + e.getMessage(), e);
        }
    }
}
