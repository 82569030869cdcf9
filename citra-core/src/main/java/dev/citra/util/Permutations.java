package dev.citra.util;

import java.util.Random;

/** Seeded orders of indices: the same seed always gives the same order. */
public final class Permutations {
    private Permutations() {}

    /** 0..n-1 in a random order (Fisher-Yates, drawing from {@code random}). */
    public static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
