package dev.citra.spark;

import static org.apache.spark.sql.functions.col;

import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.eval.ClassMetrics;
import dev.citra.eval.ClassificationMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The spark-submit job: predicts every image under the inputs and writes one row per image
 * (path, prediction, probability, top-k, error) as Parquet or CSV; with {@code --evaluate},
 * also prints {@code citra eval}'s figures, each image's class being its folder's name.
 */
public final class CitraSparkJob {
    private CitraSparkJob() {}

    public static void main(String[] args) {
        JobArguments parsed;
        try {
            parsed = JobArguments.parse(args);
        } catch (CitraException e) {
            System.err.println("citra-spark: " + e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("citra-spark");
        if (System.getProperty("spark.master") == null) {
            // Run as a plain Java program (not through spark-submit): use this machine's cores.
            builder.master("local[*]");
        }
        SparkSession spark = builder.getOrCreate();
        int code = 0;
        try {
            run(spark, parsed, System.out);
        } catch (CitraException e) {
            System.err.println("citra-spark: " + e.getMessage());
            code = 2;
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    /** Runs the job in an existing session; returns the number of images written. */
    static long run(SparkSession spark, JobArguments args, PrintStream out) {
        Path output = new Path(args.output());
        if (!args.overwrite() && exists(spark, output)) {
            throw new CitraException("Output " + args.output() + " already exists: pass a new folder, or --overwrite.");
        }
        SparkPredictOptions options = SparkPredictOptions.builder().topK(args.topK()).batchSize(args.batchSize())
                .probabilities(args.evaluate()).build();
        long start = System.nanoTime();
        Dataset<Row> images = CitraSpark.images(spark, args.inputs(), args.partitions());
        if (args.evaluate()) {
            images = CitraSpark.labelByFolder(images, options);
        }
        Dataset<Row> predicted = CitraSpark.predict(images, args.model(), options);
        if (args.evaluate()) {
            // Written, then counted: kept so the model runs once.
            predicted = predicted.persist(StorageLevel.MEMORY_AND_DISK());
        }
        Dataset<Row> rows = args.format().equals("csv") ? flatten(predicted, args.topK(), args.evaluate() ? options.labelColumn() : null)
                : predicted;
        rows.write().mode(args.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists).format(args.format())
                .option("header", "true").save(args.output());
        double seconds = (System.nanoTime() - start) / 1e9;
        Dataset<Row> written = spark.read().format(args.format()).option("header", "true").load(args.output());
        long total = written.count();
        long unreadable = written.where(col(PredictionColumns.ERROR).isNotNull()).count();
        out.printf(Locale.ROOT, "Predicted %d images (%d unreadable) in %.1f s, %.1f images/s: %s%n", total, unreadable,
                seconds, total / seconds, args.output());
        if (args.evaluate()) {
            List<String> labels = ModelBundle.readMetadata(ModelBundle.resolve(args.model())).labels();
            out.print(summary(CitraSpark.evaluatePredictions(predicted, labels, options)));
            predicted.unpersist();
        }
        return total;
    }

    /** CSV holds no arrays: the top-k become label_i, probability_i columns, as in {@code citra predict}'s CSV. */
    private static Dataset<Row> flatten(Dataset<Row> predicted, int k, String labelColumn) {
        List<Column> columns = new ArrayList<>();
        columns.add(col("path"));
        if (labelColumn != null) {
            columns.add(col(labelColumn));
        }
        for (int i = 0; i < k; i++) {
            // get() gives null past the end: a model with fewer classes than k leaves those empty.
            Column entry = functions.get(col(PredictionColumns.TOP_K), functions.lit(i));
            columns.add(entry.getField("label").as("label_" + (i + 1)));
            columns.add(entry.getField("probability").as("probability_" + (i + 1)));
        }
        columns.add(col(PredictionColumns.ERROR));
        return predicted.select(columns.toArray(Column[]::new));
    }

    static String summary(SparkEvaluation evaluation) {
        ClassificationMetrics m = evaluation.metrics();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Evaluated %d images (%d unreadable left out): accuracy %.4f, top-%d accuracy %.4f, macro F1 %.4f%n",
                m.count(), evaluation.unreadable(), m.accuracy(), m.topK(), m.topKAccuracy(), m.macroAvg().f1()));
        sb.append(String.format(Locale.ROOT, "%-24s %9s %9s %9s %9s%n", "class", "precision", "recall", "f1", "support"));
        for (ClassMetrics c : m.perClass()) {
            sb.append(String.format(Locale.ROOT, "%-24s %9.4f %9.4f %9.4f %9d%n", c.label(), c.precision(), c.recall(),
                    c.f1(), c.support()));
        }
        sb.append("Confusion matrix (rows true, columns predicted, in the order above):").append(System.lineSeparator());
        for (int[] row : m.confusionMatrix().counts()) {
            StringBuilder line = new StringBuilder();
            for (int v : row) {
                line.append(String.format(Locale.ROOT, " %7d", v));
            }
            sb.append(line).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static boolean exists(SparkSession spark, Path path) {
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not check " + path, e);
        }
    }
}
