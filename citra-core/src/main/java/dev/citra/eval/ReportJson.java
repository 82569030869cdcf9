package dev.citra.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.citra.data.SkippedFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON documents of {@code report.json} and {@code comparison.json}, as records Jackson writes. */
final class ReportJson {
    private ReportJson() {}

    /** {@code report.json}; no history for a plain evaluation, no config without a training run. */
    record Report(String title, String created, int images, Metrics metrics, List<File> skippedFiles,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Epoch> history,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> config,
            @JsonInclude(JsonInclude.Include.NON_NULL) Calibration calibration) {
        static Report of(EvaluationReport r) {
            ClassificationMetrics m = r.metrics();
            Metrics metrics = new Metrics(m.accuracy(), m.topK(), m.topKAccuracy(), classRows(m),
                    ClassRow.of(m.macroAvg()), ClassRow.of(m.weightedAvg()),
                    new Confusion(m.labels(), List.of(m.confusionMatrix().counts())));
            return new Report(r.title(), r.created(), r.images(), metrics, files(r.skippedFiles()),
                    r.history().stream().map(Epoch::of).toList(), r.config(), r.calibration());
        }
    }

    record Metrics(double accuracy, int topK, @JsonProperty("top_k_accuracy") double topKAccuracy, Map<String, ClassRow> perClass, ClassRow macroAvg,
            ClassRow weightedAvg, Confusion confusionMatrix) {}

    record Confusion(List<String> labels, List<int[]> counts) {}

    /** A class's (or an average's) row; the label is the key it is filed under. */
    record ClassRow(double precision, double recall, double f1, int support) {
        static ClassRow of(ClassMetrics c) {
            return new ClassRow(c.precision(), c.recall(), c.f1(), c.support());
        }
    }

    record File(String file, String reason) {}

    record Epoch(int epoch, double loss, double accuracy, double valLoss, double valAccuracy, double lr, double seconds) {
        static Epoch of(EpochRecord e) {
            return new Epoch(e.epoch(), e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy(), e.lr(), e.seconds());
        }
    }

    /** {@code comparison.json}. */
    record Comparison(String title, String data, long seed, String evaluatedSplit, boolean sameSplit,
            List<Model> models) {
        static Comparison of(ModelComparison c) {
            return new Comparison(c.title(), c.data(), c.seed(), c.evaluatedSplit(), c.sameSplit(),
                    c.entries().stream().map(Model::of).toList());
        }
    }

    /** One model of a comparison; {@code val_accuracy} is its validation curve, null where unmeasured. */
    record Model(String model, double accuracy, double precisionMacro, double recallMacro, double f1Macro,
            double f1Weighted, Map<String, ClassRow> perClass, long parameters, long trainableParameters,
            double trainSeconds, int bestEpoch, double latencyBatch1Ms, int throughputBatch,
            double throughputImagesPerSecond, String run, List<Double> valAccuracy) {
        static Model of(ModelComparison.Entry e) {
            ClassificationMetrics m = e.metrics();
            return new Model(e.model(), m.accuracy(), m.macroAvg().precision(), m.macroAvg().recall(),
                    m.macroAvg().f1(), m.weightedAvg().f1(), classRows(m), e.parameters(), e.trainableParameters(),
                    e.trainSeconds(), e.bestEpoch(), e.batch1Millis(), e.throughputBatch(), e.imagesPerSecond(),
                    e.runDir(), e.history().stream().map(EpochRecord::valAccuracy).toList());
        }
    }

    static List<File> files(List<SkippedFile> skipped) {
        return skipped.stream().map(s -> new File(s.id(), s.reason())).toList();
    }

    private static Map<String, ClassRow> classRows(ClassificationMetrics m) {
        Map<String, ClassRow> rows = new LinkedHashMap<>();
        m.perClass().forEach(c -> rows.put(c.label(), ClassRow.of(c)));
        return rows;
    }
}
