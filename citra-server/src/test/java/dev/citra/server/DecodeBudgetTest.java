package dev.citra.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.image.ImageEncoding;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DecodeBudgetTest {
    private static byte[] jpeg(int w, int h) {
        return ImageEncoding.jpeg(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB));
    }

    @Test
    void aRequestBeyondTheBudgetWaitsThenGets503WithRetryAfter() {
        DecodeBudget budget = new DecodeBudget(100, Duration.ofMillis(50));
        try (DecodeBudget.Lease held = budget.acquire(80)) {
            ApiException refused = assertThrows(ApiException.class, () -> budget.acquire(30));
            assertEquals(503, refused.status());
            assertEquals("1", refused.headers().get("Retry-After"));
            assertTrue(refused.getMessage().contains("retry"), refused.getMessage());
            budget.acquire(20).close(); // what fits goes through at once
        }
        assertEquals(0, budget.inUse());
    }

    @Test
    void aWaitingRequestGoesThroughWhenRoomIsGivenBack() throws Exception {
        DecodeBudget budget = new DecodeBudget(100, Duration.ofSeconds(10));
        DecodeBudget.Lease first = budget.acquire(100);
        CountDownLatch through = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try (DecodeBudget.Lease second = budget.acquire(60)) {
                through.countDown();
            }
        });
        waiter.start();
        assertTrue(!through.await(100, TimeUnit.MILLISECONDS), "went through while the budget was full");
        first.close();
        first.close(); // twice gives back once
        assertTrue(through.await(10, TimeUnit.SECONDS));
        waiter.join();
        assertEquals(0, budget.inUse());
    }

    @Test
    void theGateHoldsAnImagesPixelsUntilItIsClosedAndGivesThemBackWhenDecodingFails() {
        DecodeBudget budget = new DecodeBudget(100 * 100, Duration.ofMillis(20));
        ImageGate gate = new ImageGate(1_000_000, budget);
        try (ImageGate.Decoded image = gate.open(jpeg(100, 80))) {
            assertEquals(8000, budget.inUse());
            assertEquals(503, assertThrows(ApiException.class, () -> gate.open(jpeg(50, 50))).status());
        }
        assertEquals(0, budget.inUse());
        byte[] cut = java.util.Arrays.copyOf(jpeg(100, 80), 200);
        assertEquals(422, assertThrows(ApiException.class, () -> gate.open(cut)).status());
        assertEquals(0, budget.inUse());
    }

    @Test
    void theDefaultBudgetAlwaysFitsOneImageOfTheLargestAcceptedSize() {
        assertTrue(DecodeBudget.forHeap(Long.MAX_VALUE / 2, Duration.ZERO).capacity() >= Long.MAX_VALUE / 2);
        assertTrue(DecodeBudget.forHeap(1, Duration.ZERO).capacity()
                >= Runtime.getRuntime().maxMemory() / 2 / DecodeBudget.BYTES_PER_PIXEL);
    }
}
