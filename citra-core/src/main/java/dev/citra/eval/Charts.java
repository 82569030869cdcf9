package dev.citra.eval;

import dev.citra.train.EpochRecord;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** The plots papers show: training curves and the confusion matrix, as PNG, drawn with Java2D. */
public final class Charts {
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VAL = new Color(255, 127, 14);
    private static final Color GRID = new Color(225, 225, 225);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Charts() {}

    /** Writes loss and accuracy per epoch, train vs validation, side by side. */
    public static void curves(List<EpochRecord> history, Path png) {
        AtomicFiles.write(png, curvesPng(history));
    }

    /** The curves as PNG bytes. */
    public static byte[] curvesPng(List<EpochRecord> history) {
        BufferedImage img = canvas(1000, 400);
        Graphics2D g = graphics(img);
        linePanel(g, 0, 0, 500, 400, "Loss", history, EpochRecord::loss, EpochRecord::valLoss);
        linePanel(g, 500, 0, 500, 400, "Accuracy", history, EpochRecord::accuracy, EpochRecord::valAccuracy);
        g.dispose();
        return encode(img);
    }

    /** Writes the confusion matrix twice: counts, and rows normalised to recall. */
    public static void confusionMatrix(ConfusionMatrix cm, Path png) {
        AtomicFiles.write(png, confusionMatrixPng(cm));
    }

    /** The confusion matrix as PNG bytes. */
    public static byte[] confusionMatrixPng(ConfusionMatrix cm) {
        int n = cm.labels().size();
        int cell = Math.max(28, Math.min(70, 560 / Math.max(1, n)));
        int margin = 130;
        int panel = margin + n * cell + 60;
        BufferedImage img = canvas(2 * panel, margin + n * cell + 70);
        Graphics2D g = graphics(img);
        int[][] counts = cm.counts();
        double[][] norm = cm.rowNormalized();
        int max = 1;
        for (int[] row : counts) {
            for (int v : row) {
                max = Math.max(max, v);
            }
        }
        double[][] shadeCounts = new double[n][n];
        String[][] textCounts = new String[n][n];
        String[][] textNorm = new String[n][n];
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                shadeCounts[t][p] = counts[t][p] / (double) max;
                textCounts[t][p] = String.valueOf(counts[t][p]);
                textNorm[t][p] = String.format(Locale.ROOT, "%.2f", norm[t][p]);
            }
        }
        matrixPanel(g, 0, margin, cell, "Confusion matrix (counts)", cm.labels(), shadeCounts, textCounts);
        matrixPanel(g, panel, margin, cell, "Normalised by true class (recall)", cm.labels(), norm, textNorm);
        g.dispose();
        return encode(img);
    }

    private static void linePanel(Graphics2D g, int x0, int y0, int w, int h, String title, List<EpochRecord> history,
            ToDoubleFunction<EpochRecord> train, ToDoubleFunction<EpochRecord> val) {
        boolean accuracy = title.equals("Accuracy");
        int left = x0 + 65;
        int right = x0 + w - 20;
        int top = y0 + 40;
        int bottom = y0 + h - 55;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (EpochRecord r : history) {
            for (double v : new double[] {train.applyAsDouble(r), val.applyAsDouble(r)}) {
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo < 1e-9) {
            hi = lo + 1;
        }
        double pad = (hi - lo) * 0.05;
        // Loss and accuracy are never negative, and accuracy never passes 1: keep the axis there.
        lo = lo >= 0 ? Math.max(0, lo - pad) : lo - pad;
        hi = accuracy ? Math.min(1.0, hi + pad) : hi + pad;
        int first = history.isEmpty() ? 1 : history.get(0).epoch();
        int last = history.isEmpty() ? 1 : history.get(history.size() - 1).epoch();
        int span = Math.max(1, last - first);

        g.setFont(TITLE);
        g.setColor(Color.BLACK);
        centered(g, title, (left + right) / 2, y0 + 24);
        g.setFont(TEXT);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i <= 5; i++) {
            double v = lo + (hi - lo) * i / 5;
            int y = (int) Math.round(bottom - (bottom - top) * i / 5.0);
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, hi - lo < 0.1 ? "%.3f" : "%.2f", v);
            g.drawString(label, left - 6 - fm.stringWidth(label), y + 4);
        }
        int ticks = Math.min(span, 10);
        for (int i = 0; i <= ticks; i++) {
            int epoch = first + (int) Math.round(span * i / (double) Math.max(1, ticks));
            int x = xOf(epoch, first, span, left, right);
            g.setColor(GRID);
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.DARK_GRAY);
            centered(g, String.valueOf(epoch), x, bottom + 16);
        }
        centered(g, "epoch", (left + right) / 2, bottom + 34);
        g.setColor(Color.GRAY);
        g.drawRect(left, top, right - left, bottom - top);

        series(g, history, train, TRAIN, first, span, left, right, top, bottom, lo, hi);
        series(g, history, val, VAL, first, span, left, right, top, bottom, lo, hi);
        // Loss falls and accuracy rises, so the empty corner is top-right for one, bottom-right for the other.
        boolean withVal = history.stream().anyMatch(r -> !Double.isNaN(val.applyAsDouble(r)));
        legend(g, right - 120, accuracy ? bottom - (withVal ? 54 : 34) : top + 10, withVal);
    }

    private static void series(Graphics2D g, List<EpochRecord> history, ToDoubleFunction<EpochRecord> f, Color color,
            int first, int span, int left, int right, int top, int bottom, double lo, double hi) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f));
        Path2D path = new Path2D.Double();
        boolean started = false;
        for (EpochRecord r : history) {
            double v = f.applyAsDouble(r);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                started = false;
                continue;
            }
            double x = xOf(r.epoch(), first, span, left, right);
            double y = bottom - (bottom - top) * (v - lo) / (hi - lo);
            if (started) {
                path.lineTo(x, y);
            } else {
                path.moveTo(x, y);
                started = true;
            }
            g.fillOval((int) x - 3, (int) y - 3, 6, 6);
        }
        g.draw(path);
        g.setStroke(new BasicStroke(1f));
    }

    private static void legend(Graphics2D g, int x, int y, boolean withVal) {
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(x, y, 110, withVal ? 44 : 24);
        g.setColor(Color.LIGHT_GRAY);
        g.drawRect(x, y, 110, withVal ? 44 : 24);
        entry(g, x + 8, y + 16, TRAIN, "train");
        if (withVal) {
            entry(g, x + 8, y + 36, VAL, "validation");
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

    private static int xOf(int epoch, int first, int span, int left, int right) {
        return (int) Math.round(left + (right - left) * (epoch - first) / (double) span);
    }

    private static void matrixPanel(Graphics2D g, int x0, int top, int cell, String title, List<String> labels,
            double[][] shade, String[][] text) {
        int n = labels.size();
        int left = x0 + 130;
        g.setFont(TITLE);
        g.setColor(Color.BLACK);
        centered(g, title, left + n * cell / 2, 26);
        g.setFont(TEXT);
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                Color c = blues(shade[t][p]);
                g.setColor(c);
                g.fillRect(left + p * cell, top + t * cell, cell, cell);
                g.setColor(luminance(c) < 0.5 ? Color.WHITE : Color.BLACK);
                if (fm.stringWidth(text[t][p]) < cell - 2) {
                    centered(g, text[t][p], left + p * cell + cell / 2, top + t * cell + cell / 2 + 4);
                }
            }
        }
        g.setColor(Color.GRAY);
        g.drawRect(left, top, n * cell, n * cell);
        g.setColor(Color.BLACK);
        for (int i = 0; i < n; i++) {
            String label = shorten(labels.get(i), 16);
            g.drawString(label, left - 8 - fm.stringWidth(label), top + i * cell + cell / 2 + 4);
            AffineTransform saved = g.getTransform();
            g.translate(left + i * cell + cell / 2 + 4, top - 8);
            g.rotate(-Math.PI / 4);
            g.drawString(shorten(labels.get(i), 16), 0, 0);
            g.setTransform(saved);
        }
        centered(g, "Predicted", left + n * cell / 2, top + n * cell + 22);
        AffineTransform saved = g.getTransform();
        g.translate(x0 + 16, top + n * cell / 2);
        g.rotate(-Math.PI / 2);
        centered(g, "True", 0, 0);
        g.setTransform(saved);
        // Colour scale.
        int sx = left + n * cell + 14;
        for (int i = 0; i < n * cell; i++) {
            g.setColor(blues(1 - i / (double) (n * cell)));
            g.drawLine(sx, top + i, sx + 12, top + i);
        }
        g.setColor(Color.GRAY);
        g.drawRect(sx, top, 12, n * cell);
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

    private static void centered(Graphics2D g, String s, int x, int y) {
        g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, y);
    }

    private static BufferedImage canvas(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    private static byte[] encode(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
