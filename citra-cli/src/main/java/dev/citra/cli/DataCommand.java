package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.data.CaptionInspection;
import dev.citra.data.DataFormat;
import dev.citra.data.DataOptions;
import dev.citra.data.DataSource;
import dev.citra.data.DatasetInspection.DuplicateGroup;
import dev.citra.data.DatasetInspection.PartCounts;
import dev.citra.data.DatasetInspection.SizeStats;
import dev.citra.data.DatasetInspection;
import dev.citra.data.ImageDataset;
import dev.citra.data.LoadedData;
import dev.citra.data.SampleGrid;
import dev.citra.data.SkippedFile;
import dev.citra.image.AugmentationPreview;
import dev.citra.image.CorruptImageException;
import dev.citra.image.ImageDecoder;
import dev.citra.image.ImageEncoding;
import dev.citra.train.ConfigIO;
import dev.citra.train.TrainConfig;
import dev.citra.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code citra data}: look at a data set before training on it. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Look at a data set: formats, classes, sizes, broken files, duplicates.",
        subcommands = {DataCommand.InspectCommand.class, DataCommand.AugmentPreviewCommand.class})
public final class DataCommand extends CommandGroup {
    /** {@code citra data inspect}. */
    @Command(
            name = "inspect",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            header = "Report a data set: format, classes per split, image sizes, unreadable files, duplicates.",
            description = "Report a data set's detected format, images per class (per train/val/test part when it ships"
                    + " a split), image sizes over a sample of decoded images, unreadable files, exact duplicates"
                    + " (SHA-256 of the file bytes, over all files; copies in different splits are flagged as leakage)"
                    + " and the class imbalance ratio (largest / smallest class). For Flickr8k captions: images, captions"
                    + " per image, split sizes, caption lengths and the most frequent words.")
    static final class InspectCommand implements Callable<Integer> {
        /** Duplicate groups and problem files listed in the text output; --json lists all. */
        static final int TEXT_LIST_LIMIT = 20;

        /** Without split files, caption data is shown split as S0 and the training defaults split it. */
        static final double CAPTION_VAL_SPLIT = 0.2;
        static final long CAPTION_SEED = 42;
        static final int TOP_WORDS = 10;

        /** The flags that only a data set of classes uses. */
        private static final List<String> CLASSIFICATION_ONLY = List.of("--grid", "--grid-per-class", "--sample",
                "--label", "--eye", "--eye-margin");

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH",
                description = "An image folder or .zip (one sub-folder per class, or train|val|test/<class>/), "
                        + "a FER-2013 .csv, MRL Eye images, a CelebA folder or a Flickr8k folder (captions).")
        Path path;

        @Mixin
        DataFlags dataFlags = new DataFlags();

        @Option(names = "--json", description = "Print JSON instead of tables.")
        boolean json;

        @Option(names = "--grid", paramLabel = "PNG", description = "Also write a labelled grid of sample images, one row per class.")
        Path grid;

        @Option(names = "--grid-per-class", paramLabel = "N", defaultValue = "8", description = "Images per class in --grid (default 8).")
        int gridPerClass;

        @Option(names = "--sample", paramLabel = "N", defaultValue = "500",
                description = "Images decoded for the size statistics (default ${DEFAULT-VALUE}).")
        int sample;

        @Override
        public Integer call() {
            if (sample < 1) {
                throw new CitraException("--sample must be at least 1, not " + sample + ".");
            }
            if (gridPerClass < 1 || gridPerClass > 100) {
                throw new CitraException("--grid-per-class must be between 1 and 100, not " + gridPerClass + ".");
            }
            DataOptions options = dataFlags.options();
            PrintWriter out = spec.commandLine().getOut();
            DataFormat format = options.format() == DataFormat.AUTO ? DataSource.detect(path) : options.format();
            if (format == DataFormat.FLICKR8K) {
                refuseClassificationFlags();
                CaptionInspection c = CaptionInspection.inspect(DataSource.openCaptions(path), CAPTION_VAL_SPLIT,
                        CAPTION_SEED, TOP_WORDS);
                out.print(json ? InspectionJson.of(path, c) : CaptionInspectionReport.text(path, c));
                out.flush();
                return 0;
            }
            LoadedData loaded = DataSource.open(path, options.withFormat(format));
            DatasetInspection r = DatasetInspection.inspect(loaded, sample);
            if (grid != null) {
                AtomicFiles.write(grid, ImageEncoding.png(SampleGrid.draw(loaded.dataset(), gridPerClass, 96, 1)));
            }
            out.print(json ? InspectionJson.of(path, r) : toText(path, r));
            if (grid != null && !json) {
                out.println("Sample grid: " + grid);
            }
            out.flush();
            return 0;
        }

        /**
         * Refuses the flags given that caption data has no use for: the caption report decodes no
         * images and has no classes to draw a grid of or to relabel by.
         */
        private void refuseClassificationFlags() {
            List<String> given = CLASSIFICATION_ONLY.stream()
                    .filter(spec.commandLine().getParseResult()::hasMatchedOption).toList();
            if (!given.isEmpty()) {
                String names = Listing.of(given) + (given.size() == 1 ? " applies" : " apply");
                throw new CitraException(names + " to classification data sets, not to the captions at " + path
                        + ": drop " + (given.size() == 1 ? "it." : "them."));
            }
        }
    }

    /**
     * A detected layout as {@code --format} names it, with what the layout adds in brackets:
     * "folder (a .zip, with its own train/val/test split)"; {@code note} ends the brackets.
     */
    static String formatText(String layout, String note) {
        String id = DataFormat.ofLayout(layout) == DataFormat.AUTO ? layout : DataFormat.ofLayout(layout).id();
        String detail = String.join("; ", Stream.of(DataFormat.layoutDetail(layout), note)
                .filter(s -> !s.isEmpty()).toList());
        return detail.isEmpty() ? id : id + " (" + detail + ")";
    }

    static String toText(Path path, DatasetInspection r) {
        StringBuilder b = new StringBuilder();
        b.append("Data set: ").append(path).append('\n');
        b.append("Format:   ").append(formatText(r.format(), "")).append('\n');
        b.append("Labels:   ").append(r.labels()).append('\n');
        b.append("Images:   ").append(r.images()).append(" in ").append(r.classes().size()).append(" classes")
                .append(r.predefinedSplit() ? " (predefined split: "
                        + r.parts().stream().map(PartCounts::part).collect(Collectors.joining("/")) + ")" : "")
                .append("\n\n");

        // Class table: one column per part, plus a total column when there are several parts.
        List<String> header = new ArrayList<>(List.of("class"));
        r.parts().forEach(p -> header.add(p.part()));
        boolean totals = r.parts().size() > 1;
        if (totals) {
            header.add("total");
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (int c = 0; c < r.classes().size(); c++) {
            List<String> row = new ArrayList<>(List.of(r.classes().get(c)));
            int sum = 0;
            for (PartCounts p : r.parts()) {
                row.add(String.valueOf(p.counts().get(c)));
                sum += p.counts().get(c);
            }
            if (totals) {
                row.add(String.valueOf(sum));
            }
            rows.add(row);
        }
        List<String> total = new ArrayList<>(List.of("total"));
        r.parts().forEach(p -> total.add(String.valueOf(p.total())));
        if (totals) {
            total.add(String.valueOf(r.images()));
        }
        rows.add(total);
        table(b, rows);

        DatasetInspection.Imbalance im = r.imbalance();
        b.append("\nImbalance: ").append(ratio(im.ratio())).append(" (largest '").append(im.largest()).append("' ")
                .append(im.largestCount()).append(", smallest '").append(im.smallest()).append("' ")
                .append(im.smallestCount()).append(")\n");

        SizeStats s = r.sizes();
        b.append("\nImage sizes (a sample: ").append(s.sampled()).append(" of ").append(r.images())
                .append(" images, evenly spaced; ").append(s.decoded()).append(" decoded):\n");
        if (s.decoded() > 0) {
            b.append(String.format(Locale.ROOT, "  width   min %d  median %d  max %d%n", s.minWidth(), s.medianWidth(),
                    s.maxWidth()));
            b.append(String.format(Locale.ROOT, "  height  min %d  median %d  max %d%n", s.minHeight(),
                    s.medianHeight(), s.maxHeight()));
            b.append("  channels ").append(s.channels().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append('\n');
        } else {
            b.append("  none decoded\n");
        }

        if (!r.quality().isEmpty()) {
            b.append("\nImage quality (the sample, on a 48x48 grey copy; medians):\n");
            for (DatasetInspection.PartQuality q : r.quality()) {
                b.append(String.format(Locale.ROOT, "  %-5s sharpness %5.1f  contrast %5.1f  (%d images)%n", q.part(),
                        q.sharpness(), q.contrast(), q.images()));
            }
            r.qualityShift().ifPresent(w -> b.append("  Warning: ").append(w).append('\n'));
        }

        b.append("\nUnreadable or skipped files: ").append(r.problems().size())
                .append(" (listing, all files read, sample decoded)\n");
        for (SkippedFile f : r.problems().subList(0, Math.min(r.problems().size(), InspectCommand.TEXT_LIST_LIMIT))) {
            b.append("  ").append(f.id()).append(": ").append(f.reason()).append('\n');
        }
        more(b, r.problems().size());

        int copies = r.duplicates().stream().mapToInt(g -> g.ids().size()).sum();
        b.append("\nExact duplicates (SHA-256 of the bytes, all files): ").append(r.duplicates().size())
                .append(r.duplicates().size() == 1 ? " group" : " groups").append(", ").append(copies).append(" files");
        if (r.predefinedSplit()) {
            b.append("; ").append(r.leaks().size()).append(" across splits (leakage)");
        }
        b.append('\n');
        for (DuplicateGroup g : r.duplicates().subList(0, Math.min(r.duplicates().size(), InspectCommand.TEXT_LIST_LIMIT))) {
            b.append("  ");
            if (g.crossesSplits()) {
                b.append("LEAKAGE ").append(String.join("/", g.parts())).append(": ");
            }
            b.append(String.join(", ", g.ids()));
            if (g.conflictingLabels()) {
                b.append("  (different labels: ").append(String.join(", ", g.classes())).append(')');
            }
            b.append('\n');
        }
        more(b, r.duplicates().size());
        return b.toString();
    }

    private static void more(StringBuilder b, int size) {
        if (size > InspectCommand.TEXT_LIST_LIMIT) {
            b.append("  ... and ").append(size - InspectCommand.TEXT_LIST_LIMIT).append(" more (see --json)\n");
        }
    }

    private static String ratio(double r) {
        return Double.isInfinite(r) ? "infinite (a class is empty)"
                : Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2f", r);
    }

    private static void table(StringBuilder b, List<List<String>> rows) {
        int[] width = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                // Class names left-aligned, counts right-aligned.
                line.append(i == 0 ? cell + " ".repeat(width[i] - cell.length())
                        : "  " + " ".repeat(width[i] - cell.length()) + cell);
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
    }

    @Command(
            name = "augment-preview",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            header = "Write a grid of augmented training images: what the network will see.",
            description = "Each row is one image of the data set, as pre-processed, then --views random augmentations "
                    + "of it with the config's augment: settings.")
    static final class AugmentPreviewCommand implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "YAML", description = "A run config with augment: (and data:, img_size, channels).")
        Path config;

        @Option(names = "--data", paramLabel = "PATH", description = "Data to sample (default: data: of the config).")
        String data;

        @Option(names = "--out", required = true, paramLabel = "PNG", description = "Where to write the grid.")
        Path out;

        @Option(names = "--images", paramLabel = "N", defaultValue = "6", description = "Rows (default 6).")
        int images;

        @Option(names = "--views", paramLabel = "N", defaultValue = "7", description = "Augmented views per row (default 7).")
        int views;

        @Override
        public Integer call() throws Exception {
            if (images < 1 || images > 50 || views < 1 || views > 20) {
                throw new CitraException("--images must be 1 to 50 and --views 1 to 20.");
            }
            TrainConfig cfg = ConfigIO.read(config);
            if (data != null) {
                cfg = ConfigIO.merge(cfg, Map.of("data", data));
            }
            cfg.validate();
            if (cfg.data().path() == null) {
                throw new CitraException("No data: put data: in " + config + " or pass --data.");
            }
            if (cfg.augment() == null || cfg.augment().isIdentity()) {
                throw new CitraException(config + " has no augment: settings to preview, e.g. augment: {rotation_range: 20, horizontal_flip: true}.");
            }
            ImageDataset ds = DataSource.open(Path.of(cfg.data().path()), cfg.data().options()).dataset();
            ImageDecoder decoder = new ImageDecoder();
            List<BufferedImage> picked = new ArrayList<>();
            int step = Math.max(1, ds.size() / images);
            for (int i = 0; i < ds.size() && picked.size() < images; i += step) {
                try {
                    picked.add(decoder.decode(ds.samples().get(i).source().read()));
                } catch (CorruptImageException e) {
                    // an unreadable image is simply not shown
                }
            }
            BufferedImage grid = AugmentationPreview.grid(picked, cfg.imageSpec(), cfg.augment(),
                    views, Math.max(1, 96 / cfg.input().imgSize()), cfg.seed());
            AtomicFiles.write(out, ImageEncoding.png(grid));
            System.out.println("Wrote " + out.toAbsolutePath() + " (" + picked.size() + " images x " + (views + 1) + ")");
            return 0;
        }
    }
}
