package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import org.junit.jupiter.api.Test;

/** What auto picks, and the one line that says so. */
class ImageCacheTest {
    private static final long GB = 1L << 30;
    private static final ImageSpec GREY_96 = new ImageSpec(96, 1, Normalization.UNIT);

    @Test
    void autoKeepsInMemoryWhatTakesAtMostHalfTheHeap() {
        // 9,804 grey images at 96 px: 361 MB.
        ImageCache c = ImageCache.choose(CacheMode.AUTO, 9_804, GREY_96, 2 * GB, 100 * GB);
        assertEquals(CacheMode.RAM, c.mode());
        assertEquals("Cache: ram — 9,804 images at 96 px need 345 MB decoded, at most half the 2 GB heap", c.line());
    }

    @Test
    void autoGoesToDiskAboveHalfTheHeap() {
        // MRL Eye: 85,000 grey images at 96 px, 2.9 GB.
        ImageCache c = ImageCache.choose(CacheMode.AUTO, 85_000, GREY_96, 2 * GB, 100 * GB);
        assertEquals(CacheMode.DISK, c.mode());
        assertEquals("Cache: disk — 85,000 images at 96 px need 2.9 GB decoded, more than half the 2 GB heap", c.line());
        // Just above half the heap is disk, just at it is ram.
        long half = GB / (96 * 96 * 4);
        assertEquals(CacheMode.RAM, ImageCache.choose(CacheMode.AUTO, half, GREY_96, 2 * GB, 100 * GB).mode());
        assertEquals(CacheMode.DISK, ImageCache.choose(CacheMode.AUTO, half + 1, GREY_96, 2 * GB, 100 * GB).mode());
    }

    @Test
    void autoDecodesEveryEpochWhenTheDiskCannotHoldThem() {
        ImageCache c = ImageCache.choose(CacheMode.AUTO, 85_000, GREY_96, 2 * GB, 3 * GB);
        assertEquals(CacheMode.NONE, c.mode());
        assertEquals("Cache: none (images decoded every epoch) — 85,000 images at 96 px need 2.9 GB decoded, more than"
                + " half the 2 GB heap and more than the 3 GB free on disk", c.line());
    }

    @Test
    void aModeAskedForIsKeptAndSaidSo() {
        for (CacheMode m : new CacheMode[] {CacheMode.RAM, CacheMode.DISK, CacheMode.NONE}) {
            ImageCache c = ImageCache.choose(m, 85_000, GREY_96, 2 * GB, 0);
            assertEquals(m, c.mode());
            assertEquals("Cache: " + m.id() + " (asked for) — 85,000 images at 96 px need 2.9 GB decoded", c.line());
        }
        assertThrows(IllegalArgumentException.class, () -> new ImageCache(CacheMode.AUTO, "?"));
    }
}
