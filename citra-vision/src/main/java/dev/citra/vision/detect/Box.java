package dev.citra.vision.detect;

/** An axis-aligned rectangle in pixel coordinates of the frame. */
public record Box(int x, int y, int width, int height) {
    public int area() {
        return width * height;
    }

    public double centerX() {
        return x + width / 2.0;
    }

    public double centerY() {
        return y + height / 2.0;
    }

    /** Intersection over union with another box (0 when they do not overlap). */
    public double iou(Box other) {
        int ix = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
        int iy = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
        long inter = (long) ix * iy;
        long union = (long) area() + other.area() - inter;
        return union <= 0 ? 0 : (double) inter / union;
    }

    /** This box grown by {@code fraction} of its size on each side, clipped to a {@code w}×{@code h} frame. */
    public Box grow(double fraction, int w, int h) {
        int dx = (int) Math.round(width * fraction);
        int dy = (int) Math.round(height * fraction);
        return clip(x - dx, y - dy, width + 2 * dx, height + 2 * dy, w, h);
    }

    /** A box clipped to a {@code w}×{@code h} frame (possibly empty). */
    public static Box clip(int x, int y, int width, int height, int w, int h) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(w, x + width);
        int y1 = Math.min(h, y + height);
        return new Box(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }
}
