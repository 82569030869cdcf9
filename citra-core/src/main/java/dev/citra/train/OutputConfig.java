package dev.citra.train;

/**
 * Where the run is written and what its report shows.
 *
 * @param name the run's folder name; null for the next free exp, exp2, ...
 * @param out the folder of runs
 * @param topK k of the report's top-k accuracy
 */
public record OutputConfig(String name, String out, int topK) {

    static OutputConfig from(OptionValues v) {
        return new OutputConfig(v.get(TrainOptions.NAME), v.get(TrainOptions.OUT), v.get(TrainOptions.TOP_K));
    }

    void into(OptionValues v) {
        v.set(TrainOptions.NAME, name).set(TrainOptions.OUT, out).set(TrainOptions.TOP_K, topK);
    }

    void validate() {
        TrainOptions.TOP_K.check(topK);
    }
}
