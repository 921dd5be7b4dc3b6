package dev.rosetta.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Admission: job count, budget, a job larger than the budget, and closing. */
class MemoryBudgetTest {
    static final long G = MemoryBudget.GIB;

    @Test
    void aJobStartsOnlyWhenItFits() throws Exception {
        MemoryBudget b = new MemoryBudget(4 * G, 4);
        assertTrue(b.acquire(3 * G));
        CompletableFuture<Boolean> big = CompletableFuture.supplyAsync(() -> acquire(b, 2 * G));
        assertFalse(isDoneSoon(big), "3 GiB + 2 GiB exceeds the 4 GiB budget: the second job waits");
        b.release(3 * G);
        assertTrue(big.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aJobLargerThanTheBudgetRunsAlone() throws Exception {
        MemoryBudget b = new MemoryBudget(4 * G, 4);
        assertTrue(b.acquire(10 * G), "nothing runs: the huge job starts");
        CompletableFuture<Boolean> small = CompletableFuture.supplyAsync(() -> acquire(b, G / 2));
        assertFalse(isDoneSoon(small), "nothing runs beside the huge job");
        b.release(10 * G);
        assertTrue(small.get(30, TimeUnit.SECONDS));
    }

    @Test
    void theJobCountLimitsToo() throws Exception {
        MemoryBudget b = new MemoryBudget(100 * G, 1);
        assertTrue(b.acquire(G));
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> acquire(b, G));
        assertFalse(isDoneSoon(second));
        b.close();
        assertFalse(second.get(30, TimeUnit.SECONDS), "closing wakes the waiter without admitting it");
    }

    @Test
    void costsGrowWithTheInputAndVerification() {
        assertEquals(G, MemoryBudget.heapFor(10));
        assertEquals(3 * 2 * G, MemoryBudget.heapFor(2 * G));
        assertTrue(MemoryBudget.costOf(G, true) > MemoryBudget.costOf(G, false));
        assertTrue(MemoryBudget.defaultBudget() > 0);
    }

    private static boolean acquire(MemoryBudget b, long cost) {
        try {
            return b.acquire(cost);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the future completes within a short grace period (it must not, when blocked). */
    private static boolean isDoneSoon(CompletableFuture<Boolean> f) throws InterruptedException {
        Thread.sleep(300);
        return f.isDone();
    }
}
