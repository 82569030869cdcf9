package dev.citra.spark;

import java.io.Serializable;

/**
 * How {@link CitraSpark} reads images and what it adds.
 *
 * @param topK labels kept per image in the {@code top_k} column, and the k of top-k accuracy
 * @param batchSize images pre-processed and run through the network together, per partition
 * @param probabilities whether to add the {@code probabilities} column (every class's score)
 * @param pathColumn the column naming each image (read from there when there is no content)
 * @param contentColumn the column of encoded image bytes, as Spark's {@code binaryFile} source
 *     names it; when a DataFrame lacks it, images are read from {@code pathColumn}
 * @param labelColumn the true class names, for {@link CitraSpark#evaluate}
 */
public record SparkPredictOptions(int topK, int batchSize, boolean probabilities, String pathColumn,
        String contentColumn, String labelColumn) implements Serializable {

    private static final long serialVersionUID = 1L;

    public SparkPredictOptions {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, not " + topK);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
        }
    }

    /** Top 3, batches of 64 (as {@code citra predict}), no probabilities column. */
    public static SparkPredictOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A copy that also adds the {@code probabilities} column. */
    SparkPredictOptions withProbabilities() {
        return new SparkPredictOptions(topK, batchSize, true, pathColumn, contentColumn, labelColumn);
    }

    /** Builds {@link SparkPredictOptions}; every part has a default. */
    public static final class Builder {
        private int topK = 3;
        private int batchSize = 64;
        private boolean probabilities;
        private String pathColumn = "path";
        private String contentColumn = "content";
        private String labelColumn = "label";

        private Builder() {}

        public Builder topK(int k) {
            this.topK = k;
            return this;
        }

        public Builder batchSize(int size) {
            this.batchSize = size;
            return this;
        }

        public Builder probabilities(boolean add) {
            this.probabilities = add;
            return this;
        }

        public Builder pathColumn(String name) {
            this.pathColumn = name;
            return this;
        }

        public Builder contentColumn(String name) {
            this.contentColumn = name;
            return this;
        }

        public Builder labelColumn(String name) {
            this.labelColumn = name;
            return this;
        }

        public SparkPredictOptions build() {
            return new SparkPredictOptions(topK, batchSize, probabilities, pathColumn, contentColumn, labelColumn);
        }
    }
}
