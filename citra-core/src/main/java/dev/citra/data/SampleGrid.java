package dev.citra.data;

import dev.citra.image.CorruptImageException;
import dev.citra.image.ImageDecoder;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A labelled grid of sample images, one row per class: what {@code data inspect --grid} writes,
 * to see at a glance what each class looks like and whether labels are right. Images keep their
 * aspect ratio inside square cells; unreadable ones are passed over.
 */
public final class SampleGrid {
    private static final int GAP = 4;
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private SampleGrid() {}

    /**
     * Draws up to {@code perClass} images of each class, picked at random with {@code seed}, in
     * {@code cell}-pixel squares, each row headed by the class name and its count.
     */
    public static BufferedImage draw(ImageDataset data, int perClass, int cell, long seed) {
        List<List<Sample>> byClass = new ArrayList<>();
        for (int c = 0; c < data.classes().size(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (Sample s : data.samples()) {
            byClass.get(s.label()).add(s);
        }
        int labelWidth = labelWidth(data, byClass);
        BufferedImage out = new BufferedImage(labelWidth + perClass * (cell + GAP) + GAP,
                Math.max(1, data.classes().size()) * (cell + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(LABEL);
        ImageDecoder decoder = new ImageDecoder();
        Random random = new Random(seed);
        for (int c = 0; c < byClass.size(); c++) {
            int top = GAP + c * (cell + GAP);
            g.setColor(Color.BLACK);
            g.drawString(data.classes().get(c), GAP, top + cell / 2);
            g.setColor(Color.GRAY);
            g.drawString(byClass.get(c).size() + " images", GAP, top + cell / 2 + 16);
            List<Sample> members = new ArrayList<>(byClass.get(c));
            java.util.Collections.shuffle(members, random);
            int col = 0;
            for (int i = 0; i < members.size() && col < perClass; i++) {
                BufferedImage img = decode(decoder, members.get(i));
                if (img == null) {
                    continue;
                }
                double scale = Math.min(cell / (double) img.getWidth(), cell / (double) img.getHeight());
                int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
                int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
                int left = labelWidth + col * (cell + GAP);
                g.drawImage(img, left + (cell - w) / 2, top + (cell - h) / 2, w, h, null);
                col++;
            }
        }
        g.dispose();
        return out;
    }

    private static int labelWidth(ImageDataset data, List<List<Sample>> byClass) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        FontMetrics fm = g.getFontMetrics(LABEL);
        int width = 0;
        for (int c = 0; c < data.classes().size(); c++) {
            width = Math.max(width, fm.stringWidth(data.classes().get(c)));
            width = Math.max(width, fm.stringWidth(byClass.get(c).size() + " images"));
        }
        g.dispose();
        return width + 3 * GAP;
    }

    private static BufferedImage decode(ImageDecoder decoder, Sample s) {
        try {
            return decoder.decode(s.source().read());
        } catch (IOException | CorruptImageException e) {
            return null;
        }
    }
}
