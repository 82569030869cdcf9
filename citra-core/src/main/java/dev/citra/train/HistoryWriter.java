package dev.citra.train;

import dev.citra.eval.EpochRecord;
import dev.citra.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Rewrites {@code history.csv} (one row per epoch) atomically after every epoch. */
public final class HistoryWriter implements TrainingListener {
    private final Path file;

    public HistoryWriter(Path file) {
        this.file = file;
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        write(file, ctx.history());
    }

    /** Writes rows with the header. */
    public static void write(Path file, List<EpochRecord> rows) {
        StringBuilder sb = new StringBuilder(EpochRecord.CSV_HEADER).append('\n');
        for (EpochRecord r : rows) {
            sb.append(r.toCsv()).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** Reads a history file; only rows up to {@code maxEpoch} (the resumed checkpoint) are kept. */
    public static List<EpochRecord> read(Path file, int maxEpoch) {
        List<EpochRecord> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("epoch")) {
                    continue;
                }
                EpochRecord r = EpochRecord.parseCsv(line);
                if (r.epoch() <= maxEpoch) {
                    rows.add(r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
