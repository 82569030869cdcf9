package dev.citra.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The columns {@link CitraSpark#predict} adds, and the output schema built from an input's. */
final class PredictionColumns {
    /** The most probable class; null when the image could not be read. */
    static final String PREDICTION = "prediction";
    /** That class's probability. */
    static final String PROBABILITY = "probability";
    /** The k most probable classes, most probable first: label, index, probability. */
    static final String TOP_K = "top_k";
    /** Every class's probability, in the model's label order (on request). */
    static final String PROBABILITIES = "probabilities";
    /** Why the image could not be read; null when it was. */
    static final String ERROR = "error";

    static final StructType TOP_K_ENTRY = new StructType()
            .add("label", DataTypes.StringType, false)
            .add("index", DataTypes.IntegerType, false)
            .add("probability", DataTypes.FloatType, false);

    private PredictionColumns() {}

    /** The input's columns except {@code dropped} (the image bytes), then the prediction columns. */
    static StructType output(StructType input, String dropped, boolean probabilities) {
        List<StructField> fields = new ArrayList<>();
        for (StructField f : input.fields()) {
            if (!f.name().equals(dropped)) {
                fields.add(f);
            }
        }
        StructType out = new StructType(fields.toArray(StructField[]::new))
                .add(PREDICTION, DataTypes.StringType, true)
                .add(PROBABILITY, DataTypes.FloatType, true)
                .add(TOP_K, DataTypes.createArrayType(TOP_K_ENTRY, false), true);
        if (probabilities) {
            out = out.add(PROBABILITIES, DataTypes.createArrayType(DataTypes.FloatType, false), true);
        }
        return out.add(ERROR, DataTypes.StringType, true);
    }

    /** The added columns that {@code input} already has, which would be ambiguous. */
    static List<String> clashes(StructType input, boolean probabilities) {
        List<String> names = new ArrayList<>(List.of(PREDICTION, PROBABILITY, TOP_K, ERROR));
        if (probabilities) {
            names.add(PROBABILITIES);
        }
        List<String> taken = List.of(input.fieldNames());
        return names.stream().filter(taken::contains).toList();
    }
}
