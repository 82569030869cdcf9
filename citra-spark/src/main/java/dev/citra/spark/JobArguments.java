package dev.citra.spark;

import dev.citra.CitraException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@link CitraSparkJob}.
 *
 * @param model the bundle folder (or run folder), on the driver
 * @param inputs folders, files or globs of images
 * @param output where the predictions go (a Spark output folder)
 * @param format {@code parquet} or {@code csv}
 * @param topK labels per image
 * @param batchSize images per network batch
 * @param partitions partitions of the image list (0: automatic)
 * @param overwrite replace an existing output
 * @param evaluate also compute {@code citra eval}'s figures, each image's class being its folder's name
 */
record JobArguments(Path model, List<String> inputs, String output, String format, int topK, int batchSize,
        int partitions, boolean overwrite, boolean evaluate) {

    static final String USAGE = "Usage: spark-submit --class dev.citra.spark.CitraSparkJob citra-spark.jar --model BUNDLE"
            + " --input DIR|FILE|GLOB [--input ...] --output DIR [--format parquet|csv] [--top-k 3] [--batch 64]"
            + " [--partitions N] [--overwrite] [--evaluate]";

    JobArguments {
        inputs = List.copyOf(inputs);
    }

    /** Reads the arguments; a mistake gets one sentence and the usage. */
    static JobArguments parse(String... args) {
        Path model = null;
        List<String> inputs = new ArrayList<>();
        String output = null;
        String format = "parquet";
        int topK = 3;
        int batch = 64;
        int partitions = 0;
        boolean overwrite = false;
        boolean evaluate = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--overwrite" -> overwrite = true;
                case "--evaluate" -> evaluate = true;
                case "--model", "--input", "--output", "--format", "--top-k", "--batch", "--partitions" -> {
                    if (i + 1 >= args.length) {
                        throw new CitraException(flag + " needs a value. " + USAGE);
                    }
                    String value = args[++i];
                    switch (flag) {
                        case "--model" -> model = Path.of(value);
                        case "--input" -> inputs.add(value);
                        case "--output" -> output = value;
                        case "--format" -> format = value.toLowerCase(Locale.ROOT);
                        case "--top-k" -> topK = number(flag, value, 1);
                        case "--batch" -> batch = number(flag, value, 1);
                        default -> partitions = number(flag, value, 0);
                    }
                }
                default -> throw new CitraException("Unknown argument '" + flag + "'. " + USAGE);
            }
        }
        if (model == null || inputs.isEmpty() || output == null) {
            throw new CitraException("--model, --input and --output are required. " + USAGE);
        }
        if (!format.equals("parquet") && !format.equals("csv")) {
            throw new CitraException("--format must be parquet or csv, not '" + format + "'.");
        }
        return new JobArguments(model, inputs, output, format, topK, batch, partitions, overwrite, evaluate);
    }

    private static int number(String flag, String value, int min) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CitraException(flag + " must be a whole number of at least " + min + ", not '" + value + "'.");
    }
}
