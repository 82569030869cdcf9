package dev.citra.vision.monitor;

import java.util.ArrayDeque;
import java.util.Deque;

/** The mean of the last few probability vectors: one label per face that does not flicker. */
final class Smoother {
    private final int frames;
    private final Deque<float[]> history = new ArrayDeque<>();
    private int label = -1;

    Smoother(int frames) {
        this.frames = Math.max(1, frames);
    }

    /** Adds a frame's probabilities and returns the mean over the last {@code frames}. */
    float[] add(float[] probabilities) {
        history.addLast(probabilities.clone());
        while (history.size() > frames) {
            history.removeFirst();
        }
        float[] mean = new float[probabilities.length];
        for (float[] p : history) {
            for (int c = 0; c < mean.length; c++) {
                mean[c] += p[c] / history.size();
            }
        }
        return mean;
    }

    /** Records the label now shown; true when it differs from the one shown before. */
    boolean changedTo(int newLabel) {
        boolean changed = newLabel != label;
        label = newLabel;
        return changed;
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }
}
