package dev.citra.cli;

import dev.citra.data.CaptionInspection;
import dev.citra.data.CaptionInspection.Stats;
import dev.citra.data.CaptionInspection.WordCount;
import dev.citra.data.DataFormat;
import dev.citra.data.DatasetInspection;
import dev.citra.data.DatasetInspection.DuplicateGroup;
import dev.citra.data.DatasetInspection.Imbalance;
import dev.citra.data.DatasetInspection.PartCounts;
import dev.citra.data.DatasetInspection.SizeStats;
import dev.citra.data.SkippedFile;
import dev.citra.util.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON documents of {@code citra data inspect --json}, as records Jackson writes. */
final class InspectionJson {
    private InspectionJson() {}

    /** An image data set's report. */
    static String of(Path path, DatasetInspection r) {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (PartCounts p : r.parts()) {
            Map<String, Integer> part = counts.computeIfAbsent(p.part(), k -> new LinkedHashMap<>());
            for (int c = 0; c < r.classes().size(); c++) {
                part.put(r.classes().get(c), p.counts().get(c));
            }
        }
        SizeStats s = r.sizes();
        Sizes sizes = new Sizes(true, s.sampled(), s.decoded(), new Range(s.minWidth(), s.medianWidth(), s.maxWidth()),
                new Range(s.minHeight(), s.medianHeight(), s.maxHeight()), s.channels());
        return Json.write(new Images(path.toString(), DataFormat.ofLayout(r.format()).id(), r.format(), r.labels(),
                r.images(), r.predefinedSplit(), r.classes(), counts, r.imbalance(), sizes, files(r.problems()),
                r.duplicates().stream().map(Duplicate::of).toList(), r.leaks().size(), r.quality(),
                r.qualityShift().orElse(null))) + "\n";
    }

    /** A caption data set's report. */
    static String of(Path path, CaptionInspection r) {
        Map<String, Part> split = new LinkedHashMap<>();
        r.parts().forEach(p -> split.put(p.name(), new Part(p.images(), p.captions())));
        return Json.write(new Captions(path.toString(), DataFormat.ofLayout(r.format()).id(), r.format(), r.images(),
                r.captions(), r.perImage(), r.words(), r.predefinedSplit(), split, r.topWords(),
                files(r.missing()))) + "\n";
    }

    record Images(String path, String format, String layout, String labels, int images, boolean predefinedSplit,
            List<String> classes, Map<String, Map<String, Integer>> classCounts, Imbalance imbalance,
            Sizes imageSizes, List<File> unreadableFiles, List<Duplicate> duplicates, int leakingDuplicateGroups,
            List<DatasetInspection.PartQuality> imageQuality, String qualityShift) {}

    /** Image sizes over a sample of decoded images ({@code sample} says so to a reader of the file). */
    record Sizes(boolean sample, int sampled, int decoded, Range width, Range height, List<Integer> channels) {}

    record Range(int min, int median, int max) {}

    record Duplicate(String sha256, List<String> files, List<String> parts, List<String> classes, boolean leakage) {
        static Duplicate of(DuplicateGroup g) {
            return new Duplicate(g.sha256(), g.ids(), g.parts(), g.classes(), g.crossesSplits());
        }
    }

    record Captions(String path, String format, String layout, int images, int captions, Stats captionsPerImage,
            Stats wordsPerCaption, boolean predefinedSplit, Map<String, Part> split, List<WordCount> topWords,
            List<File> missingImages) {}

    record Part(int images, int captions) {}

    record File(String file, String reason) {}

    private static List<File> files(List<SkippedFile> files) {
        return files.stream().map(f -> new File(f.id(), f.reason())).toList();
    }
}
