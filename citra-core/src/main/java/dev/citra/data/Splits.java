package dev.citra.data;

import dev.citra.CitraException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Seeded, stratified train/validation/test splits. */
public final class Splits {
    private Splits() {}

    /**
     * Splits each class on its own, so that every part has the data set's class proportions.
     *
     * <p>For each class, its samples (ordered by id) are shuffled with {@code new Random(seed)};
     * the first {@code round(n · testFraction)} go to test, the next {@code round(n · valFraction)}
     * to validation, the rest to training. A class of at least 3 samples gives at least one to a
     * part whose fraction is above 0, and training always keeps at least one. Each part has all
     * the data set's classes and its samples sorted by id. The same seed gives the same split.
     *
     * @throws CitraException when a fraction is outside [0, 1) or their sum is not below 1
     */
    public static DatasetSplit stratified(ImageDataset ds, double valFraction, double testFraction, long seed) {
        checkFraction("--val-split", valFraction);
        checkFraction("--test-split", testFraction);
        if (valFraction + testFraction >= 1) {
            throw new CitraException(String.format(Locale.ROOT,
                    "--val-split %s plus --test-split %s is %s: their sum must be below 1 to leave images for training.",
                    valFraction, testFraction, valFraction + testFraction));
        }
        List<List<Sample>> byClass = new ArrayList<>();
        for (int c = 0; c < ds.classes().size(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (Sample s : ds.samples()) {
            byClass.get(s.label()).add(s);
        }
        List<Sample> train = new ArrayList<>();
        List<Sample> val = new ArrayList<>();
        List<Sample> test = new ArrayList<>();
        for (List<Sample> members : byClass) {
            // Sorting first makes the split independent of the order the source listed the files in;
            // a Random per class keeps one class's split unchanged when another class changes.
            members.sort(Comparator.comparing(Sample::id));
            Collections.shuffle(members, new Random(seed));
            int n = members.size();
            int nTest = share(n, testFraction);
            int nVal = share(n, valFraction);
            // Training keeps at least one image of each class; take back from the larger part first.
            while (n > 0 && nTest + nVal > n - 1) {
                if (nVal >= nTest) {
                    nVal--;
                } else {
                    nTest--;
                }
            }
            test.addAll(members.subList(0, nTest));
            val.addAll(members.subList(nTest, nTest + nVal));
            train.addAll(members.subList(nTest + nVal, n));
        }
        return new DatasetSplit(part(ds, train), part(ds, val), part(ds, test));
    }

    private static int share(int n, double fraction) {
        int k = (int) Math.round(n * fraction);
        return fraction > 0 && n >= 3 ? Math.max(1, k) : k;
    }

    private static ImageDataset part(ImageDataset ds, List<Sample> samples) {
        samples.sort(Comparator.comparing(Sample::id));
        return ds.withSamples(samples);
    }

    private static void checkFraction(String flag, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new CitraException(flag + " must be at least 0 and below 1 (a fraction such as 0.15), not " + value + ".");
        }
    }
}
