package dev.citra.eval;

/**
 * One row of {@code history.csv}: what an epoch measured. Validation figures are NaN when the
 * run has no validation split.
 *
 * @param accuracy training accuracy as the epoch's steps saw it: training mode, augmented images
 * @param trainEvalAccuracy inference-mode accuracy on a fixed sample of the training images as they
 *     are; far below {@code accuracy}, it means the two modes disagree (NaN when not measured)
 */
public record EpochRecord(
        int epoch,
        double loss,
        double accuracy,
        double valLoss,
        double valAccuracy,
        double trainEvalAccuracy,
        double lr,
        double seconds) {

    /** The CSV header, in the column order of {@link #toCsv()}; the last column came later, so it is last. */
    public static final String CSV_HEADER = "epoch,loss,accuracy,val_loss,val_accuracy,lr,seconds,train_eval_accuracy";

    /** A row without the inference-mode training accuracy. */
    public EpochRecord(int epoch, double loss, double accuracy, double valLoss, double valAccuracy, double lr,
            double seconds) {
        this(epoch, loss, accuracy, valLoss, valAccuracy, Double.NaN, lr, seconds);
    }

    public String toCsv() {
        return epoch + "," + num(loss) + "," + num(accuracy) + "," + num(valLoss) + ","
                + num(valAccuracy) + "," + num(lr) + "," + String.format(java.util.Locale.ROOT, "%.3f", seconds)
                + "," + num(trainEvalAccuracy);
    }

    /** Parses one line written by {@link #toCsv()}, or by a citra that wrote 7 columns. */
    public static EpochRecord parseCsv(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 7 && f.length != 8) {
            throw new IllegalArgumentException("history row needs 8 fields: " + line);
        }
        return new EpochRecord(Integer.parseInt(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]),
                f.length == 8 ? d(f[7]) : Double.NaN, d(f[5]), d(f[6]));
    }

    /** Every digit a double needs to read back the same, so a resumed run's history is the run's own. */
    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static double d(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
