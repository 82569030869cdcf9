package dev.citra.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;

import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.eval.ClassificationMetrics;
import dev.citra.eval.ConfusionMatrix;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * citra models on Apache Spark: predict a DataFrame of images and evaluate a labelled one,
 * with the pre-processing, batching and figures of {@code citra predict} and {@code citra eval}.
 *
 * <p>Images come as Spark's {@code binaryFile} source gives them ({@code path}, {@code content}),
 * or as a DataFrame of paths only (see {@link #images}), read by the executors. The bundle is
 * shipped to the executors once per application and loaded once per executor JVM.
 */
public final class CitraSpark {
    private static final String TRUTH = "truth";
    private static final String PREDICTED = "predicted";
    private static final String HIT = "hit";

    private CitraSpark() {}

    /**
     * The images under folders, files or globs ({@code hdfs://…}, {@code s3a://…}, local paths)
     * as a DataFrame with one {@code path} column, in {@code partitions} partitions (0: about
     * 2,000 images each, and at least two per core). Listed as {@code citra predict} lists a
     * folder: recursively, image extensions only, hidden files left out.
     */
    public static Dataset<Row> images(SparkSession spark, List<String> inputs, int partitions) {
        List<String> paths = ImageFiles.list(spark.sparkContext().hadoopConfiguration(), inputs);
        if (paths.isEmpty()) {
            throw new CitraException("No images found in " + inputs + ": folders must hold .jpg, .jpeg, .png, .bmp or"
                    + " .gif files.");
        }
        int slices = partitions > 0 ? partitions
                : Math.max(2 * spark.sparkContext().defaultParallelism(), (paths.size() + 1999) / 2000);
        List<Row> rows = paths.stream().map(RowFactory::create).toList();
        StructType schema = new StructType().add("path", DataTypes.StringType, false);
        return spark.createDataFrame(
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, Math.min(slices, rows.size())),
                schema);
    }

    /** Adds the {@code label} column: each image's parent folder, the class of a folder-per-class layout. */
    public static Dataset<Row> labelByFolder(Dataset<Row> images, SparkPredictOptions options) {
        return images.withColumn(options.labelColumn(), element_at(split(col(options.pathColumn()), "/"), -2));
    }

    /**
     * Adds {@code prediction} (the most probable label), {@code probability}, {@code top_k} (an
     * array of label, index, probability, most probable first), {@code probabilities} when asked,
     * and {@code error}: an image that cannot be read gets null predictions and the reason, and
     * the job goes on. The image bytes ({@code content}) are not carried into the result.
     *
     * @param images a {@code binaryFile} DataFrame, or one with a path column
     * @param bundle a classification bundle folder (or a run folder: its {@code best/}), on the driver
     */
    public static Dataset<Row> predict(Dataset<Row> images, Path bundle, SparkPredictOptions options) {
        StructType schema = images.schema();
        List<String> names = List.of(schema.fieldNames());
        boolean content = names.contains(options.contentColumn());
        if (content) {
            requireType(schema, options.contentColumn(), DataTypes.BinaryType);
        } else if (!names.contains(options.pathColumn())) {
            throw new CitraException("The images have neither a '" + options.contentColumn() + "' column (Spark's"
                    + " binaryFile source) nor a '" + options.pathColumn() + "' column, only " + names
                    + ": name their columns with SparkPredictOptions.contentColumn or pathColumn.");
        }
        if (names.contains(options.pathColumn())) {
            requireType(schema, options.pathColumn(), DataTypes.StringType);
        }
        List<String> clashes = PredictionColumns.clashes(schema, options.probabilities());
        if (!clashes.isEmpty()) {
            throw new CitraException("The images already have the column(s) " + clashes + " that predict adds: rename"
                    + " or drop them first.");
        }
        SparkSession spark = images.sparkSession();
        ShippedBundle shipped = ShippedBundle.ship(spark.sparkContext(), bundle);
        Broadcast<SerializableConfiguration> hadoop = content ? null
                : JavaSparkContext.fromSparkContext(spark.sparkContext())
                        .broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        StructType out = PredictionColumns.output(schema, content ? options.contentColumn() : null,
                options.probabilities());
        return images.mapPartitions(new PartitionPredictor(shipped, options, schema, hadoop), Encoders.row(out));
    }

    /**
     * The figures of {@code citra eval} (accuracy, top-k accuracy with k = {@code options.topK()},
     * per-class precision, recall and F1, confusion matrix) over images whose true class names
     * are in the label column; counted by the cluster, so only the counts reach the driver.
     * Unreadable images are left out and counted, as {@code citra eval} skips them.
     *
     * @throws CitraException when an image has no label, or a label the model does not know
     */
    public static SparkEvaluation evaluate(Dataset<Row> labelled, Path bundle, SparkPredictOptions options) {
        if (!List.of(labelled.schema().fieldNames()).contains(options.labelColumn())) {
            throw new CitraException("The images have no '" + options.labelColumn() + "' column of true classes: add"
                    + " one (CitraSpark.labelByFolder for a folder per class) or name it with"
                    + " SparkPredictOptions.labelColumn.");
        }
        requireType(labelled.schema(), options.labelColumn(), DataTypes.StringType);
        List<String> labels = ModelBundle.readMetadata(ModelBundle.resolve(bundle)).labels();
        return evaluatePredictions(predict(labelled, bundle, options.withProbabilities()), labels, options);
    }

    /**
     * {@link #evaluate} over rows {@link #predict} has already made with the probabilities
     * column (a job that writes its predictions and evaluates them runs the model once).
     */
    static SparkEvaluation evaluatePredictions(Dataset<Row> predicted, List<String> labels, SparkPredictOptions options) {
        int k = Math.min(options.topK(), labels.size());
        // Rows reaching a map function carry no schema: find the columns here, on the driver.
        StructType schema = predicted.schema();
        int truthAt = schema.fieldIndex(options.labelColumn());
        int errorAt = schema.fieldIndex(PredictionColumns.ERROR);
        int topAt = schema.fieldIndex(PredictionColumns.TOP_K);
        int probabilitiesAt = schema.fieldIndex(PredictionColumns.PROBABILITIES);
        StructType outcome = new StructType()
                .add(TRUTH, DataTypes.StringType, true)
                .add(PREDICTED, DataTypes.IntegerType, true)
                .add(HIT, DataTypes.LongType, false);
        MapFunction<Row, Row> judge = r -> {
            String truth = r.isNullAt(truthAt) ? null : r.getString(truthAt);
            if (!r.isNullAt(errorAt)) {
                return RowFactory.create(truth, null, 0L);
            }
            int predictedIndex = r.<Row>getList(topAt).get(0).getInt(1);
            int t = labels.indexOf(truth);
            boolean hit = t >= 0 && ClassificationMetrics.inTopK(floats(r.getList(probabilitiesAt)), t, k);
            return RowFactory.create(truth, predictedIndex, hit ? 1L : 0L);
        };
        List<Row> groups = predicted
                .map(judge, Encoders.row(outcome))
                .groupBy(TRUTH, PREDICTED)
                .agg(count(lit(1)).as("n"), sum(HIT).as(HIT))
                .collectAsList();
        return tally(groups, labels, options);
    }

    private static SparkEvaluation tally(List<Row> groups, List<String> labels, SparkPredictOptions options) {
        int[][] counts = new int[labels.size()][labels.size()];
        long hits = 0;
        long unreadable = 0;
        long unlabelled = 0;
        Map<String, Long> unknown = new TreeMap<>();
        for (Row g : groups) {
            String truth = g.getString(0);
            long n = g.getLong(2);
            if (truth == null) {
                unlabelled += n;
            } else if (!labels.contains(truth)) {
                unknown.merge(truth, n, Long::sum);
            } else if (g.isNullAt(1)) {
                unreadable += n;
            } else {
                counts[labels.indexOf(truth)][g.getInt(1)] += Math.toIntExact(n);
                hits += g.getLong(3);
            }
        }
        if (unlabelled > 0) {
            throw new CitraException(unlabelled + " images have no class in the '" + options.labelColumn()
                    + "' column: give every image its class name, or filter those out.");
        }
        if (!unknown.isEmpty()) {
            throw new CitraException("The classes " + unknown.keySet() + " of the labelled images are not among the"
                    + " model's labels " + labels + ": rename them or filter those images out.");
        }
        ConfusionMatrix matrix = new ConfusionMatrix(labels, counts);
        return new SparkEvaluation(ClassificationMetrics.fromCounts(matrix, options.topK(), hits), unreadable);
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static void requireType(StructType schema, String column, DataType type) {
        DataType actual = schema.apply(column).dataType();
        if (!actual.equals(type)) {
            throw new CitraException("Column '" + column + "' holds " + actual.simpleString() + ", not "
                    + type.simpleString() + ": pass " + (type == DataTypes.BinaryType ? "the image bytes" : "strings")
                    + " there.");
        }
    }
}
