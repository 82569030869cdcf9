package dev.citra.eval;

import dev.citra.image.ImageEncoding;
import dev.citra.util.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The plots papers show: training curves and the confusion matrix, as PNG, drawn with Java2D
 * on off-screen images only (no window, no toolkit), so they work with or without a display.
 */
public final class Charts {
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VAL = new Color(255, 127, 14);
    /** matplotlib's tab10, for one line per run. */
    private static final Color[] PALETTE = {TRAIN, VAL, new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};
    private static final Color GRID = new Color(228, 228, 228);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final int LABEL_CHARS = 18;
    private static final double SIN45 = Math.sqrt(0.5);
    private static final String COUNTS_TITLE = "Confusion matrix (counts)";
    private static final String NORMALISED_TITLE = "Normalised by true class (recall)";

    private Charts() {}

    /** Writes loss and accuracy per epoch, train vs validation, side by side (1000×400). */
    public static void curves(List<EpochRecord> history, Path png) {
        AtomicFiles.write(png, curvesPng(history));
    }

    /** The curves as PNG bytes; NaN values (e.g. no validation split) are left out. */
    public static byte[] curvesPng(List<EpochRecord> history) {
        BufferedImage img = canvas(1000, 400);
        Graphics2D g = graphics(img);
        linePanel(g, 0, 500, 400, "Loss", false, List.of(new Series("train", TRAIN, history, EpochRecord::loss),
                new Series("validation", VAL, history, EpochRecord::valLoss)));
        linePanel(g, 500, 500, 400, "Accuracy", true, List.of(new Series("train", TRAIN, history, EpochRecord::accuracy),
                new Series("validation", VAL, history, EpochRecord::valAccuracy)));
        g.dispose();
        return ImageEncoding.png(img);
    }

    /**
     * Validation loss and accuracy of several runs overlaid, one colour per run (1000×400): the
     * curves of a model comparison.
     */
    public static byte[] validationCurvesPng(Map<String, List<EpochRecord>> historyByRun) {
        List<Series> loss = new ArrayList<>();
        List<Series> accuracy = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<EpochRecord>> e : historyByRun.entrySet()) {
            Color c = PALETTE[i++ % PALETTE.length];
            loss.add(new Series(e.getKey(), c, e.getValue(), EpochRecord::valLoss));
            accuracy.add(new Series(e.getKey(), c, e.getValue(), EpochRecord::valAccuracy));
        }
        BufferedImage img = canvas(1000, 400);
        Graphics2D g = graphics(img);
        linePanel(g, 0, 500, 400, "Validation loss", false, loss);
        linePanel(g, 500, 500, 400, "Validation accuracy", true, accuracy);
        g.dispose();
        return ImageEncoding.png(img);
    }

    /** One line of a panel: a run's metric per epoch. */
    private record Series(String name, Color color, List<EpochRecord> history, ToDoubleFunction<EpochRecord> value) {
        boolean hasValues() {
            return history.stream().anyMatch(r -> Double.isFinite(value.applyAsDouble(r)));
        }
    }

    /** Writes the confusion matrix twice: counts, and rows normalised to recall. */
    public static void confusionMatrix(ConfusionMatrix cm, Path png) {
        AtomicFiles.write(png, confusionMatrixPng(cm));
    }

    /** The confusion matrix as PNG bytes. */
    public static byte[] confusionMatrixPng(ConfusionMatrix cm) {
        int n = cm.labels().size();
        if (n == 0) {
            throw new IllegalArgumentException("a confusion matrix needs at least one class");
        }
        int cell = Math.max(28, Math.min(70, 560 / n));
        int labelWidth = 0;
        FontMetrics fm = measure(TEXT);
        for (String label : cm.labels()) {
            labelWidth = Math.max(labelWidth, fm.stringWidth(shorten(label, LABEL_CHARS)));
        }
        // Margins follow the longest label, so short labels do not leave a blank band.
        int left = 36 + labelWidth + 10;
        int top = 44 + (int) Math.ceil(labelWidth * SIN45) + 16;
        int right = Math.max(90, (int) Math.ceil(labelWidth * SIN45) - cell / 2 + 20);
        // A panel is never narrower than its title (one or two classes with short names).
        int panel = Math.max(left + n * cell + right, measure(TITLE).stringWidth(NORMALISED_TITLE) + 24);
        BufferedImage img = canvas(2 * panel, top + n * cell + 50);
        Graphics2D g = graphics(img);

        int[][] counts = cm.counts();
        double[][] norm = cm.rowNormalized();
        int max = 0;
        for (int[] row : counts) {
            for (int v : row) {
                max = Math.max(max, v);
            }
        }
        double[] countTicks = niceTicks(0, Math.max(1, max), 5, true);
        double countTop = countTicks[countTicks.length - 1];
        double[][] shadeCounts = new double[n][n];
        String[][] textCounts = new String[n][n];
        String[][] textNorm = new String[n][n];
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                shadeCounts[t][p] = counts[t][p] / countTop;
                textCounts[t][p] = String.valueOf(counts[t][p]);
                textNorm[t][p] = String.format(Locale.ROOT, "%.2f", norm[t][p]);
            }
        }
        String[] countLabels = new String[countTicks.length];
        for (int i = 0; i < countTicks.length; i++) {
            countLabels[i] = String.valueOf(Math.round(countTicks[i]));
        }
        double[] unitTicks = {0, 0.25, 0.5, 0.75, 1};
        String[] unitLabels = {"0.00", "0.25", "0.50", "0.75", "1.00"};
        matrixPanel(g, 0, left, top, cell, COUNTS_TITLE, cm.labels(), shadeCounts, textCounts,
                scaled(countTicks, countTop), countLabels);
        matrixPanel(g, panel, left, top, cell, NORMALISED_TITLE, cm.labels(), norm, textNorm,
                unitTicks, unitLabels);
        g.dispose();
        return ImageEncoding.png(img);
    }

    /**
     * The reliability diagram (600×460): each confidence bin's accuracy as a bar beside the
     * diagonal a calibrated model would follow, the gap shaded, bins' image counts underneath.
     */
    public static byte[] calibrationPng(Calibration calibration) {
        int w = 600;
        int h = 460;
        int left = 65;
        int right = w - 20;
        int top = 40;
        int bottom = h - 110;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        g.setFont(TITLE);
        g.setColor(Color.BLACK);
        centered(g, String.format(Locale.ROOT, "Reliability (ECE %.3f)", calibration.ece()), (left + right) / 2, 26);
        g.setFont(TEXT);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i <= 4; i++) {
            double v = i / 4.0;
            int y = (int) Math.round(bottom - (bottom - top) * v);
            int x = (int) Math.round(left + (right - left) * v);
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%.2f", v);
            g.drawString(label, left - 6 - fm.stringWidth(label), y + 4);
            centered(g, label, x, bottom + 16);
        }
        int most = calibration.bins().stream().mapToInt(Calibration.Bin::count).max().orElse(0);
        for (Calibration.Bin b : calibration.bins()) {
            int x0 = (int) Math.round(left + (right - left) * b.lower());
            int x1 = (int) Math.round(left + (right - left) * b.upper());
            if (b.count() > 0) {
                int yAcc = (int) Math.round(bottom - (bottom - top) * b.accuracy());
                int yConf = (int) Math.round(bottom - (bottom - top) * b.confidence());
                g.setColor(TRAIN);
                g.fillRect(x0 + 1, yAcc, x1 - x0 - 2, bottom - yAcc);
                g.setColor(new Color(214, 39, 40, 110));
                g.fillRect(x0 + 1, Math.min(yAcc, yConf), x1 - x0 - 2, Math.abs(yAcc - yConf));
                // The images per bin, as a strip under the axis: where the confidence values lie.
                int stripHeight = most == 0 ? 0 : (int) Math.round(40.0 * b.count() / most);
                g.setColor(Color.GRAY);
                g.fillRect(x0 + 1, bottom + 86 - stripHeight, x1 - x0 - 2, stripHeight);
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.drawLine(left, bottom, right, top);
        g.setStroke(new BasicStroke(1));
        g.setColor(Color.GRAY);
        g.drawRect(left, top, right - left, bottom - top);
        g.setColor(Color.DARK_GRAY);
        centered(g, "confidence (probability of the predicted class); grey: images per bin", (left + right) / 2,
                bottom + 34);
        AffineTransform saved = g.getTransform();
        g.translate(16, (top + bottom) / 2);
        g.rotate(-Math.PI / 2);
        centered(g, "accuracy", 0, 0);
        g.setTransform(saved);
        g.dispose();
        return ImageEncoding.png(img);
    }

    private static void linePanel(Graphics2D g, int x0, int w, int h, String title, boolean accuracy,
            List<Series> lines) {
        int left = x0 + 65;
        int right = x0 + w - 20;
        int top = 40;
        int bottom = h - 55;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        for (Series line : lines) {
            for (EpochRecord r : line.history()) {
                double v = line.value().applyAsDouble(r);
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                first = Math.min(first, r.epoch());
                last = Math.max(last, r.epoch());
            }
        }
        if (first > last) {
            first = 1;
            last = 1;
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo < 1e-9) {
            // One value (e.g. a single epoch): open a window around it so the axis has ticks.
            double pad = Math.max(Math.abs(lo) * 0.1, 0.05);
            lo -= pad;
            hi += pad;
        }
        // Loss and accuracy are never negative, and accuracy never passes 1: keep the axis there.
        if (lo >= 0) {
            lo = Math.max(0, lo);
        }
        if (accuracy) {
            hi = Math.min(1.0, hi);
        }
        double[] yTicks = niceTicks(lo, hi, 5, false);
        lo = yTicks[0];
        hi = yTicks[yTicks.length - 1];

        int span = last - first;
        // A margin on the x axis keeps the first and last markers off the frame; one epoch sits mid-panel.
        double xPad = span == 0 ? 1 : span * 0.03;
        double xLo = first - xPad;
        double xHi = last + xPad;

        g.setFont(TITLE);
        g.setColor(Color.BLACK);
        centered(g, title, (left + right) / 2, 26);
        g.setFont(TEXT);
        FontMetrics fm = g.getFontMetrics();
        yAxis(g, yTicks, left, right, top, bottom);
        for (double e : niceTicks(first, Math.max(first + 1, last), 10, true)) {
            if (e < first || e > last) {
                continue;
            }
            int x = (int) Math.round(xOf(e, xLo, xHi, left, right));
            g.setColor(GRID);
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.DARK_GRAY);
            centered(g, String.valueOf(Math.round(e)), x, bottom + 16);
        }
        centered(g, "epoch", (left + right) / 2, bottom + 36);
        AffineTransform saved = g.getTransform();
        g.translate(x0 + 16, (top + bottom) / 2);
        g.rotate(-Math.PI / 2);
        centered(g, accuracy ? "accuracy" : "loss", 0, 0);
        g.setTransform(saved);
        g.setColor(Color.GRAY);
        g.drawRect(left, top, right - left, bottom - top);

        java.awt.Shape clip = g.getClip();
        g.clipRect(left, top, right - left + 1, bottom - top + 1);
        List<Series> shown = lines.stream().filter(Series::hasValues).toList();
        for (Series line : shown) {
            series(g, line.history(), line.value(), line.color(), xLo, xHi, left, right, top, bottom, lo, hi);
        }
        g.setClip(clip);
        // Loss falls and accuracy rises, so the empty corner is top-right for one, bottom-right for the other.
        int legendWidth = 60 + shown.stream().mapToInt(l -> fm.stringWidth(l.name())).max().orElse(0);
        int legendHeight = 4 + 20 * shown.size();
        legend(g, right - legendWidth - 10, accuracy ? bottom - legendHeight - 10 : top + 10, legendWidth, shown);
    }

    /**
     * The y axis of a panel whose range is the first to the last of {@code ticks}: a grid line and a
     * label per tick, the labels with as many decimals as the step needs.
     */
    static void yAxis(Graphics2D g, double[] ticks, int left, int right, int top, int bottom) {
        FontMetrics fm = g.getFontMetrics();
        double lo = ticks[0];
        double hi = ticks[ticks.length - 1];
        int decimals = decimals(ticks);
        for (double v : ticks) {
            int y = (int) Math.round(bottom - (bottom - top) * (v - lo) / (hi - lo));
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%." + decimals + "f", v);
            g.drawString(label, left - 6 - fm.stringWidth(label), y + 4);
        }
    }

    private static void series(Graphics2D g, List<EpochRecord> history, ToDoubleFunction<EpochRecord> f, Color color,
            double xLo, double xHi, int left, int right, int top, int bottom, double lo, double hi) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D path = new Path2D.Double();
        boolean started = false;
        for (EpochRecord r : history) {
            double v = f.applyAsDouble(r);
            if (!Double.isFinite(v)) {
                // A gap, not a line across the missing epoch.
                started = false;
                continue;
            }
            double x = xOf(r.epoch(), xLo, xHi, left, right);
            double y = bottom - (bottom - top) * (v - lo) / (hi - lo);
            if (started) {
                path.lineTo(x, y);
            } else {
                path.moveTo(x, y);
                started = true;
            }
            g.fill(new java.awt.geom.Ellipse2D.Double(x - 3, y - 3, 6, 6));
        }
        g.draw(path);
        g.setStroke(new BasicStroke(1f));
    }

    private static void legend(Graphics2D g, int x, int y, int width, List<Series> lines) {
        int height = 4 + 20 * lines.size();
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(x, y, width, height);
        g.setColor(Color.LIGHT_GRAY);
        g.drawRect(x, y, width, height);
        for (int i = 0; i < lines.size(); i++) {
            entry(g, x + 8, y + 16 + 20 * i, lines.get(i).color(), lines.get(i).name());
        }
    }

    private static void entry(Graphics2D g, int x, int y, Color c, String text) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2.2f));
        g.drawLine(x, y - 4, x + 22, y - 4);
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.BLACK);
        g.drawString(text, x + 30, y);
    }

    private static double xOf(double epoch, double xLo, double xHi, int left, int right) {
        return left + (right - left) * (epoch - xLo) / (xHi - xLo);
    }

    private static void matrixPanel(Graphics2D g, int x0, int leftMargin, int top, int cell, String title,
            List<String> labels, double[][] shade, String[][] text, double[] scaleAt, String[] scaleLabels) {
        int n = labels.size();
        int left = x0 + leftMargin;
        int size = n * cell;
        g.setFont(TITLE);
        g.setColor(Color.BLACK);
        int titleWidth = g.getFontMetrics().stringWidth(title);
        centered(g, title, Math.max(left + size / 2, x0 + titleWidth / 2 + 8), 26);

        Font cellFont = cellFont(g, text, cell);
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                Color c = blues(shade[t][p]);
                g.setColor(c);
                g.fillRect(left + p * cell, top + t * cell, cell, cell);
                if (cellFont != null) {
                    g.setFont(cellFont);
                    g.setColor(luminance(c) < 0.5 ? Color.WHITE : Color.BLACK);
                    FontMetrics fm = g.getFontMetrics();
                    int baseline = top + t * cell + (cell + fm.getAscent() - fm.getDescent()) / 2;
                    centered(g, text[t][p], left + p * cell + cell / 2, baseline);
                }
            }
        }
        g.setColor(Color.GRAY);
        g.drawRect(left, top, size, size);

        g.setFont(TEXT);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        for (int i = 0; i < n; i++) {
            String label = shorten(labels.get(i), LABEL_CHARS);
            g.drawString(label, left - 8 - fm.stringWidth(label), top + i * cell + (cell + fm.getAscent()) / 2 - 2);
            // Column labels slant up-right from their column, so long names never collide.
            AffineTransform saved = g.getTransform();
            g.translate(left + i * cell + cell / 2 - 2, top - 8);
            g.rotate(-Math.PI / 4);
            g.drawString(label, 0, 0);
            g.setTransform(saved);
        }
        g.setFont(TITLE.deriveFont(Font.PLAIN, 13f));
        centered(g, "Predicted", left + size / 2, top + size + 26);
        AffineTransform saved = g.getTransform();
        g.translate(x0 + 20, top + size / 2);
        g.rotate(-Math.PI / 2);
        centered(g, "True", 0, 0);
        g.setTransform(saved);

        // Colour scale, dark at the top like the largest values, with its numbers.
        g.setFont(TEXT);
        int sx = left + size + 14;
        for (int i = 0; i < size; i++) {
            g.setColor(blues(1 - i / (double) size));
            g.drawLine(sx, top + i, sx + 12, top + i);
        }
        g.setColor(Color.GRAY);
        g.drawRect(sx, top, 12, size);
        for (int i = 0; i < scaleAt.length; i++) {
            int y = (int) Math.round(top + size - scaleAt[i] * size);
            g.setColor(Color.GRAY);
            g.drawLine(sx + 12, y, sx + 16, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(scaleLabels[i], sx + 19, y + 4);
        }
    }

    /** The largest font (13 down to 8 pt) whose widest cell text fits the cell, or null. */
    private static Font cellFont(Graphics2D g, String[][] text, int cell) {
        for (float size = 13; size >= 8; size -= 1) {
            Font f = TEXT.deriveFont(size);
            FontMetrics fm = g.getFontMetrics(f);
            int widest = 0;
            for (String[] row : text) {
                for (String s : row) {
                    widest = Math.max(widest, fm.stringWidth(s));
                }
            }
            if (widest <= cell - 4 && fm.getAscent() <= cell - 4) {
                return f;
            }
        }
        return null;
    }

    /**
     * Round tick values covering [lo, hi]: steps of 1, 2, 2.5 or 5 times a power of ten, about
     * {@code target} intervals; integer steps only when {@code integers}.
     */
    static double[] niceTicks(double lo, double hi, int target, boolean integers) {
        double raw = (hi - lo) / target;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = 10 * magnitude;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            boolean fractional = Math.abs(m * magnitude - Math.rint(m * magnitude)) > 1e-9;
            if (integers && fractional && m * magnitude > 1) {
                continue; // a step of 2.5 epochs or counts gives uneven labels
            }
            if (m * magnitude >= raw - 1e-12) {
                step = m * magnitude;
                break;
            }
        }
        if (integers) {
            step = Math.max(1, Math.ceil(step));
        }
        double start = Math.floor(lo / step + 1e-9) * step;
        double end = Math.ceil(hi / step - 1e-9) * step;
        int count = (int) Math.round((end - start) / step) + 1;
        double[] ticks = new double[count];
        for (int i = 0; i < count; i++) {
            // Multiplying (not accumulating) keeps 0.1-steps free of drift like 0.30000000000000004.
            ticks[i] = start + i * step;
        }
        return ticks;
    }

    static int decimals(double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int d = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        // A step like 0.25 or 0.025 needs one digit more than its magnitude.
        if (Math.abs(step * Math.pow(10, d) - Math.round(step * Math.pow(10, d))) > 1e-6) {
            d++;
        }
        return Math.min(d, 6);
    }

    private static double[] scaled(double[] ticks, double top) {
        double[] out = new double[ticks.length];
        for (int i = 0; i < ticks.length; i++) {
            out[i] = ticks[i] / top;
        }
        return out;
    }

    private static Color blues(double v) {
        double t = Math.max(0, Math.min(1, v));
        int r = (int) Math.round(247 + (8 - 247) * t);
        int gg = (int) Math.round(251 + (48 - 251) * t);
        int b = (int) Math.round(255 + (107 - 255) * t);
        return new Color(r, gg, b);
    }

    private static double luminance(Color c) {
        return (0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue()) / 255;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static void centered(Graphics2D g, String s, int x, int y) {
        g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, y);
    }

    private static FontMetrics measure(Font font) {
        Graphics2D g = graphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        try {
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    static BufferedImage canvas(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        return g;
    }
}
