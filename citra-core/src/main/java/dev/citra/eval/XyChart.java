package dev.citra.eval;

import dev.citra.image.ImageEncoding;
import dev.citra.util.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One y against one x as a PNG (800×450): a line through the points, or the points alone; the x
 * axis linear, logarithmic (decades) or categorical (one slot per label); one point may be marked
 * and named. The learning-rate finder's loss-vs-rate plot and a sweep's metric-vs-value plots.
 * Made with {@link #builder}.
 */
public final class XyChart {
    private static final int W = 800;
    private static final int H = 450;
    private static final Color LINE = new Color(31, 119, 180);
    private static final Color MARK = new Color(214, 39, 40);
    private static final Color GRID = new Color(228, 228, 228);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    /** How the x axis maps values to positions. */
    public enum Scale {
        LINEAR, LOG, CATEGORICAL
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final double[] xs;
    private final double[] ys;
    private final Scale scale;
    private final List<String> categories;
    private final boolean line;
    private final int marked;
    private final String markLabel;

    private XyChart(Builder b) {
        if (b.xs.length != b.ys.length) {
            throw new IllegalArgumentException(b.xs.length + " x values for " + b.ys.length + " y values");
        }
        this.title = b.title;
        this.xLabel = b.xLabel;
        this.yLabel = b.yLabel;
        this.xs = b.xs.clone();
        this.ys = b.ys.clone();
        this.scale = b.scale;
        this.categories = List.copyOf(b.categories);
        this.line = b.line;
        this.marked = b.marked;
        this.markLabel = b.markLabel;
    }

    /** A chart titled {@code title} with its axes named; points, scale, line and mark are set on the builder. */
    public static Builder builder(String title, String xLabel, String yLabel) {
        return new Builder(title, xLabel, yLabel);
    }

    /** The parts of a chart; unset, it has no points, a linear x axis, points only and no mark. */
    public static final class Builder {
        private final String title;
        private final String xLabel;
        private final String yLabel;
        private double[] xs = new double[0];
        private double[] ys = new double[0];
        private Scale scale = Scale.LINEAR;
        private List<String> categories = List.of();
        private boolean line;
        private int marked = -1;
        private String markLabel = "";

        private Builder(String title, String xLabel, String yLabel) {
            this.title = title;
            this.xLabel = xLabel;
            this.yLabel = yLabel;
        }

        /** The points; non-finite y values are left out (with a categorical axis, x indexes the categories). */
        public Builder points(double[] x, double[] y) {
            this.xs = x;
            this.ys = y;
            return this;
        }

        public Builder scale(Scale s) {
            this.scale = s;
            return this;
        }

        /** A categorical x axis with these labels, one slot each. */
        public Builder categories(List<String> labels) {
            this.scale = Scale.CATEGORICAL;
            this.categories = labels;
            return this;
        }

        /** Whether a line joins the points in order. */
        public Builder line(boolean joined) {
            this.line = joined;
            return this;
        }

        /** Marks point {@code index} (-1: none) with {@code label}. */
        public Builder mark(int index, String label) {
            this.marked = index;
            this.markLabel = label;
            return this;
        }

        public XyChart build() {
            return new XyChart(this);
        }
    }

    /** Writes the chart to {@code png}, atomically. */
    public void write(Path png) {
        AtomicFiles.write(png, png());
    }

    /** The chart as PNG bytes. */
    public byte[] png() {
        BufferedImage img = Charts.canvas(W, H);
        Graphics2D g = Charts.graphics(img);
        int left = 80;
        int right = W - 30;
        int top = 45;
        int bottom = H - 60;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(ys[i]) && Double.isFinite(axis(xs[i]))) {
                yLo = Math.min(yLo, ys[i]);
                yHi = Math.max(yHi, ys[i]);
                xLo = Math.min(xLo, axis(xs[i]));
                xHi = Math.max(xHi, axis(xs[i]));
            }
        }
        if (scale == Scale.CATEGORICAL) {
            xLo = -0.5;
            xHi = Math.max(0, categories.size() - 1) + 0.5;
        }
        if (xLo > xHi) {
            xLo = 0;
            xHi = 1;
        }
        if (yLo > yHi) {
            yLo = 0;
            yHi = 1;
        }
        if (yHi - yLo < 1e-12) {
            double pad = Math.max(Math.abs(yLo) * 0.1, 0.05);
            yLo -= pad;
            yHi += pad;
        }
        if (xHi - xLo < 1e-12) {
            xLo -= 1;
            xHi += 1;
        }
        double[] yTicks = Charts.niceTicks(yLo, yHi, 6, false);
        yLo = yTicks[0];
        yHi = yTicks[yTicks.length - 1];
        if (scale != Scale.CATEGORICAL) {
            // A margin keeps the end points off the frame.
            double pad = (xHi - xLo) * 0.03;
            xLo -= pad;
            xHi += pad;
        }

        g.setFont(TITLE);
        g.setColor(Color.BLACK);
        Charts.centered(g, title, (left + right) / 2, 28);
        g.setFont(TEXT);
        FontMetrics fm = g.getFontMetrics();
        Charts.yAxis(g, yTicks, left, right, top, bottom);
        for (Tick t : xTicks(xLo, xHi)) {
            int x = (int) Math.round(xOf(t.position(), xLo, xHi, left, right));
            g.setColor(GRID);
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.DARK_GRAY);
            Charts.centered(g, t.label(), x, bottom + 16);
        }
        Charts.centered(g, xLabel, (left + right) / 2, bottom + 40);
        AffineTransform saved = g.getTransform();
        g.translate(18, (top + bottom) / 2);
        g.rotate(-Math.PI / 2);
        Charts.centered(g, yLabel, 0, 0);
        g.setTransform(saved);
        g.setColor(Color.GRAY);
        g.drawRect(left, top, right - left, bottom - top);

        g.setColor(LINE);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D path = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(ys[i]) || !Double.isFinite(axis(xs[i]))) {
                started = false;
                continue;
            }
            double x = xOf(axis(xs[i]), xLo, xHi, left, right);
            double y = yOf(ys[i], yLo, yHi, top, bottom);
            if (!started) {
                path.moveTo(x, y);
                started = true;
            } else {
                path.lineTo(x, y);
            }
            if (!line || xs.length <= 30) {
                g.fill(new Ellipse2D.Double(x - 3.5, y - 3.5, 7, 7));
            }
        }
        if (line) {
            g.draw(path);
        }
        if (marked >= 0 && marked < xs.length && Double.isFinite(ys[marked])) {
            double x = xOf(axis(xs[marked]), xLo, xHi, left, right);
            double y = yOf(ys[marked], yLo, yHi, top, bottom);
            g.setColor(MARK);
            g.fill(new Ellipse2D.Double(x - 6, y - 6, 12, 12));
            int width = fm.stringWidth(markLabel);
            int tx = (int) Math.min(right - width - 4, Math.max(left + 4, x - width / 2.0));
            int ty = (int) (y - 12 < top + 14 ? y + 24 : y - 12);
            g.drawString(markLabel, tx, ty);
        }
        g.dispose();
        return ImageEncoding.png(img);
    }

    private record Tick(double position, String label) {}

    private double axis(double x) {
        return scale == Scale.LOG ? (x > 0 ? Math.log10(x) : Double.NaN) : x;
    }

    private List<Tick> xTicks(double lo, double hi) {
        return switch (scale) {
            case CATEGORICAL -> java.util.stream.IntStream.range(0, categories.size())
                    .mapToObj(i -> new Tick(i, categories.get(i))).toList();
            case LOG -> java.util.stream.IntStream.rangeClosed((int) Math.ceil(lo), (int) Math.floor(hi))
                    .mapToObj(d -> new Tick(d, "1e" + d)).toList();
            case LINEAR -> {
                double[] ticks = Charts.niceTicks(lo, hi, 8, false);
                int decimals = Charts.decimals(ticks);
                yield java.util.Arrays.stream(ticks).filter(t -> t >= lo && t <= hi)
                        .mapToObj(t -> new Tick(t, String.format(Locale.ROOT, "%." + decimals + "f", t))).toList();
            }
        };
    }

    private static double xOf(double v, double lo, double hi, int left, int right) {
        return left + (right - left) * (v - lo) / (hi - lo);
    }

    private static double yOf(double v, double lo, double hi, int top, int bottom) {
        return bottom - (bottom - top) * (v - lo) / (hi - lo);
    }
}
