package dev.citra.infer;

import java.util.List;
import java.util.Locale;

/** {@code predictions.csv}: one row per image, {@code label_i,probability_i} for the top k, then the error. */
public final class PredictionCsv {
    private PredictionCsv() {}

    /** The CSV text; rows with fewer than {@code k} predictions (or an error) leave those cells empty. */
    public static String of(List<ImagePrediction> rows, int k) {
        StringBuilder sb = new StringBuilder("image");
        for (int i = 1; i <= k; i++) {
            sb.append(",label_").append(i).append(",probability_").append(i);
        }
        sb.append(",error\n");
        for (ImagePrediction r : rows) {
            sb.append(field(r.image()));
            for (int i = 0; i < k; i++) {
                if (i < r.predictions().size()) {
                    Prediction p = r.predictions().get(i);
                    sb.append(',').append(field(p.label())).append(',')
                            .append(String.format(Locale.ROOT, "%.6f", p.probability()));
                } else {
                    sb.append(",,");
                }
            }
            sb.append(',').append(r.error() == null ? "" : field(r.error())).append('\n');
        }
        return sb.toString();
    }

    private static String field(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
