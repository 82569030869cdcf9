package dev.citra.spark;

import dev.citra.image.CorruptImageException;
import dev.citra.image.ImagePreprocessor;
import dev.citra.image.ImageSpec;
import dev.citra.infer.Classifier;
import dev.citra.infer.Prediction;
import dev.citra.infer.Predictions;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Predicts the rows of one partition, {@code batchSize} at a time: each image is decoded and
 * pre-processed as the bundle says (in the task's thread), the readable ones go through the
 * executor's shared classifier together, and every row comes out in order with its prediction
 * or the reason it could not be read.
 */
final class PartitionPredictor implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    /** Files read by path stop here: no image citra decodes is this large, a stray video file is. */
    private static final int MAX_BYTES = 256 << 20;

    private final ShippedBundle bundle;
    private final SparkPredictOptions options;
    private final int pathIndex;
    private final int contentIndex;
    private final int[] kept;
    private final Broadcast<SerializableConfiguration> hadoop;

    /**
     * @param input the schema of the rows to predict
     * @param hadoop how to reach the files of the path column, used when there is no content column
     */
    PartitionPredictor(ShippedBundle bundle, SparkPredictOptions options, StructType input,
            Broadcast<SerializableConfiguration> hadoop) {
        this.bundle = bundle;
        this.options = options;
        List<String> names = List.of(input.fieldNames());
        this.pathIndex = names.indexOf(options.pathColumn());
        this.contentIndex = names.indexOf(options.contentColumn());
        this.kept = java.util.stream.IntStream.range(0, names.size()).filter(i -> i != contentIndex).toArray();
        this.hadoop = hadoop;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Classifier classifier = ExecutorModels.get(bundle);
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && rows.hasNext()) {
                    List<Row> batch = new ArrayList<>(options.batchSize());
                    while (batch.size() < options.batchSize() && rows.hasNext()) {
                        batch.add(rows.next());
                    }
                    ready.addAll(predict(classifier, batch));
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    private List<Row> predict(Classifier classifier, List<Row> batch) {
        ImageSpec spec = classifier.input();
        float[][] tensors = new float[batch.size()][];
        String[] errors = new String[batch.size()];
        int readable = 0;
        for (int i = 0; i < batch.size(); i++) {
            try {
                tensors[i] = ImagePreprocessor.toTensor(bytes(batch.get(i)), spec);
                readable++;
            } catch (CorruptImageException e) {
                errors[i] = "Image " + name(batch.get(i)) + " cannot be read (" + e.getMessage()
                        + "): pass a JPEG, PNG, BMP or GIF file.";
            } catch (FileNotFoundException e) {
                errors[i] = "Image " + name(batch.get(i)) + " does not exist: check the path.";
            } catch (IOException | RuntimeException e) {
                // One odd file must not fail a job of millions: its row says what went wrong.
                errors[i] = "Image " + name(batch.get(i)) + " could not be read: " + e;
            }
        }
        float[][] good = new float[readable][];
        for (int i = 0, j = 0; i < tensors.length; i++) {
            if (tensors[i] != null) {
                good[j++] = tensors[i];
            }
        }
        Predictions predictions = readable == 0 ? null : classifier.predictions(good);
        List<List<Prediction>> top = readable == 0 ? List.of() : classifier.topK(predictions.probabilities(), options.topK());
        List<Row> out = new ArrayList<>(batch.size());
        for (int i = 0, j = 0; i < batch.size(); i++) {
            out.add(tensors[i] == null ? row(batch.get(i), null, null, errors[i])
                    : row(batch.get(i), top.get(j), predictions.probabilities()[j++], null));
        }
        return out;
    }

    private Row row(Row in, List<Prediction> top, float[] probabilities, String error) {
        List<Object> values = new ArrayList<>(kept.length + 5);
        for (int i : kept) {
            values.add(in.get(i));
        }
        values.add(top == null ? null : top.get(0).label());
        values.add(top == null ? null : top.get(0).probability());
        // Scala sequences, the external type of an array column: the next operator may take
        // these rows as they are, without a round trip through Spark's internal format.
        values.add(top == null ? null
                : seq(top.stream().map(p -> RowFactory.create(p.label(), p.index(), p.probability())).toList()));
        if (options.probabilities()) {
            List<Float> boxed = null;
            if (probabilities != null) {
                boxed = new ArrayList<>(probabilities.length);
                for (float p : probabilities) {
                    boxed.add(p);
                }
            }
            values.add(boxed == null ? null : seq(boxed));
        }
        values.add(error);
        return RowFactory.create(values.toArray());
    }

    private static <T> scala.collection.immutable.Seq<T> seq(List<T> values) {
        return scala.jdk.javaapi.CollectionConverters.asScala(values).toList();
    }

    private byte[] bytes(Row row) throws IOException {
        if (contentIndex >= 0) {
            if (row.isNullAt(contentIndex)) {
                throw new IOException("no content");
            }
            return (byte[]) row.get(contentIndex);
        }
        if (row.isNullAt(pathIndex)) {
            throw new IOException("no path");
        }
        Path path = new Path(row.getString(pathIndex));
        FileSystem fs = path.getFileSystem(hadoop.value().value());
        try (InputStream in = fs.open(path)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("larger than " + (MAX_BYTES >> 20) + " MB");
            }
            return bytes;
        }
    }

    private String name(Row row) {
        return pathIndex >= 0 && !row.isNullAt(pathIndex) ? row.getString(pathIndex) : "(no path)";
    }
}
