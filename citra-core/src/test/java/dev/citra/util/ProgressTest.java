package dev.citra.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line of long steps: count, rate and ETA on a terminal, nothing elsewhere. */
class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();

    @Test
    void aTerminalSeesCountRateAndEtaAtMostTenTimesASecond() {
        try (Progress p = new Progress(out, true, "Decoding", 1000, now::get)) {
            now.set(2_000_000_000L);
            p.accept(200);
            assertEquals("\rDecoding [====>                   ] 200/1000 100/s ETA 0:08", text());
            bytes.reset();
            now.addAndGet(50_000_000L);
            p.accept(201); // 50 ms later: not redrawn
            assertEquals("", text());
            now.set(4_000_000_000L);
            p.accept(1000); // the last is always drawn
            assertEquals("\rDecoding [========================] 1000/1000 250/s ETA 0:00", text());
            bytes.reset();
        }
        assertEquals("\r" + " ".repeat(60) + "\r", text(), "closing clears the line");
    }

    @Test
    void elsewhereNothingIsPrinted() {
        try (Progress p = new Progress(out, false, "Decoding", 10, now::get)) {
            for (int i = 1; i <= 10; i++) {
                now.addAndGet(1_000_000_000L);
                p.accept(i);
            }
        }
        assertEquals("", text());
    }

    @Test
    void barsAndClocksAsKerasDrawsThem() {
        assertEquals("     ", Progress.bar(0, 10, 5));
        assertEquals("=>   ", Progress.bar(4, 10, 5));
        assertEquals("=====", Progress.bar(10, 10, 5));
        assertEquals("1:05", Progress.clock(65));
        assertEquals("1:01:01", Progress.clock(3661));
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
