package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {
    /** Classes a, b, c with 40, 20 and 3 samples, listed in a scrambled order. */
    private static ImageDataset dataset() {
        List<Sample> samples = new ArrayList<>();
        int[] sizes = {40, 20, 3};
        for (int c = 0; c < sizes.length; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                String id = (char) ('a' + c) + "/" + String.format("%03d", (i * 7) % sizes[c]) + ".png";
                samples.add(new Sample(id, c, () -> new byte[0]));
            }
        }
        return new ImageDataset(List.of("a", "b", "c"), samples);
    }

    private static List<String> ids(ImageDataset ds) {
        return ds.samples().stream().map(Sample::id).toList();
    }

    @Test
    void splitsEachClassInProportion() {
        DatasetSplit split = Splits.stratified(dataset(), 0.2, 0.1, 1);
        assertArrayEquals(new int[] {8, 4, 1}, split.val().classCounts());
        assertArrayEquals(new int[] {4, 2, 1}, split.test().classCounts());
        assertArrayEquals(new int[] {28, 14, 1}, split.train().classCounts());
        for (ImageDataset part : List.of(split.train(), split.val(), split.test())) {
            assertEquals(List.of("a", "b", "c"), part.classes());
            List<String> sorted = new ArrayList<>(ids(part));
            sorted.sort(Comparator.naturalOrder());
            assertEquals(sorted, ids(part));
        }
    }

    @Test
    void partsAreDisjointAndCoverEverything() {
        ImageDataset ds = dataset();
        DatasetSplit split = Splits.stratified(ds, 0.15, 0.15, 5);
        Set<String> all = new HashSet<>();
        int total = 0;
        for (ImageDataset part : List.of(split.train(), split.val(), split.test())) {
            all.addAll(ids(part));
            total += part.size();
        }
        assertEquals(ds.size(), total);
        assertEquals(new HashSet<>(ids(ds)), all);
    }

    @Test
    void sameSeedSameSplitOtherSeedAnotherSplit() {
        DatasetSplit a = Splits.stratified(dataset(), 0.2, 0.2, 42);
        DatasetSplit b = Splits.stratified(dataset(), 0.2, 0.2, 42);
        DatasetSplit c = Splits.stratified(dataset(), 0.2, 0.2, 43);
        assertEquals(ids(a.val()), ids(b.val()));
        assertEquals(ids(a.test()), ids(b.test()));
        assertNotEquals(ids(a.val()), ids(c.val()));
    }

    @Test
    void zeroFractionsLeaveEmptyParts() {
        DatasetSplit split = Splits.stratified(dataset(), 0, 0, 1);
        assertEquals(63, split.train().size());
        assertEquals(0, split.val().size());
        assertEquals(0, split.test().size());
    }

    @Test
    void tinyClassesKeepATrainingImage() {
        List<Sample> samples = List.of(new Sample("x/1", 0, () -> new byte[0]), new Sample("x/2", 0, () -> new byte[0]),
                new Sample("y/1", 1, () -> new byte[0]));
        DatasetSplit split = Splits.stratified(new ImageDataset(List.of("x", "y"), samples), 0.5, 0.45, 1);
        assertArrayEquals(new int[] {1, 1}, split.train().classCounts());
    }

    @Test
    void rejectsBadFractionsNamingTheFlag() {
        ImageDataset ds = dataset();
        String val = assertThrows(CitraException.class, () -> Splits.stratified(ds, 1.0, 0, 1)).getMessage();
        assertTrue(val.startsWith("--val-split must be"), val);
        String test = assertThrows(CitraException.class, () -> Splits.stratified(ds, 0, -0.1, 1)).getMessage();
        assertTrue(test.startsWith("--test-split must be"), test);
        String nan = assertThrows(CitraException.class, () -> Splits.stratified(ds, Double.NaN, 0, 1)).getMessage();
        assertTrue(nan.startsWith("--val-split"), nan);
        String sum = assertThrows(CitraException.class, () -> Splits.stratified(ds, 0.6, 0.4, 1)).getMessage();
        assertTrue(sum.contains("--val-split 0.6 plus --test-split 0.4"), sum);
    }
}
