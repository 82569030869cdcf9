package dev.citra.cli;

import dev.citra.data.CaptionInspection;
import dev.citra.data.CaptionInspection.Part;
import dev.citra.data.CaptionInspection.Stats;
import dev.citra.data.SkippedFile;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code citra data inspect} of a caption data set, as text. */
final class CaptionInspectionReport {
    private CaptionInspectionReport() {}

    static String text(Path path, CaptionInspection r) {
        StringBuilder b = new StringBuilder();
        b.append("Data set: ").append(path).append('\n');
        b.append("Format:   ").append(DataCommand.formatText(r.format(), "captions")).append('\n');
        b.append("Images:   ").append(r.images()).append(" with ").append(r.captions()).append(" captions\n\n");
        b.append("Captions per image: ").append(stats(r.perImage())).append('\n');
        b.append("Words per caption:  ").append(stats(r.words())).append('\n');
        b.append("\nSplit (").append(r.predefinedSplit() ? "predefined by the split files"
                : String.format(Locale.ROOT, "none in the data: seeded %.0f:%.0f, seed %d",
                        (1 - DataCommand.InspectCommand.CAPTION_VAL_SPLIT) * 100,
                        DataCommand.InspectCommand.CAPTION_VAL_SPLIT * 100, DataCommand.InspectCommand.CAPTION_SEED))
                .append("):\n");
        for (Part p : r.parts()) {
            b.append(String.format(Locale.ROOT, "  %-5s  %6d images  %7d captions%n", p.name(), p.images(), p.captions()));
        }
        b.append("\nMost frequent words: ").append(r.topWords().stream().map(w -> w.word() + " " + w.count())
                .collect(Collectors.joining(", "))).append('\n');
        b.append("\nImages listed but missing: ").append(r.missing().size()).append('\n');
        int limit = DataCommand.InspectCommand.TEXT_LIST_LIMIT;
        for (SkippedFile f : r.missing().subList(0, Math.min(limit, r.missing().size()))) {
            b.append("  ").append(f.id()).append(": ").append(f.reason()).append('\n');
        }
        if (r.missing().size() > limit) {
            b.append("  ... and ").append(r.missing().size() - limit).append(" more (see --json)\n");
        }
        return b.toString();
    }

    private static String stats(Stats s) {
        return String.format(Locale.ROOT, "min %d  mean %.2f  median %d  max %d", s.min(), s.mean(), s.median(), s.max());
    }
}
