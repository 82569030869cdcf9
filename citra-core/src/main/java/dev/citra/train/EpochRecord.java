package dev.citra.train;

/**
 * One row of {@code history.csv}: what an epoch measured. Validation figures are NaN when the
 * run has no validation split.
 */
public record EpochRecord(
        int epoch,
        double loss,
        double accuracy,
        double valLoss,
        double valAccuracy,
        double lr,
        double seconds) {

    /** The CSV header, in the column order of {@link #toCsv()}. */
    public static final String CSV_HEADER = "epoch,loss,accuracy,val_loss,val_accuracy,lr,seconds";

    public String toCsv() {
        return epoch + "," + num(loss) + "," + num(accuracy) + "," + num(valLoss) + ","
                + num(valAccuracy) + "," + num(lr) + "," + String.format(java.util.Locale.ROOT, "%.3f", seconds);
    }

    /** Parses one line written by {@link #toCsv()}. */
    public static EpochRecord parseCsv(String line) {
        String[] f = line.split(",");
        if (f.length != 7) {
            throw new IllegalArgumentException("history row needs 7 fields: " + line);
        }
        return new EpochRecord(Integer.parseInt(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[6]));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    private static double d(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
