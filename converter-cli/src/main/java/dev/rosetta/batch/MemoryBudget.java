package dev.rosetta.batch;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admission of jobs under a memory budget and a job count.
 *
 * <p>Each job has an estimated cost ({@link #costOf}); a job starts when fewer than {@code slots}
 * jobs run and the running jobs' costs plus its own fit in the budget, or when no job runs at all
 * (so a job larger than the whole budget still runs, alone). Jobs are admitted in plan order: a
 * large job waits for room rather than being overtaken indefinitely by small ones.
 *
 * <p>The estimate: a child JVM gets a heap of {@code max(1 GiB, 3 × input)}; its cost is that heap
 * plus 256 MiB of JVM overhead, plus, when verifying, 512 MiB for the engines' native libraries and
 * {@code 2 × input} for the weights each engine holds.
 */
final class MemoryBudget {
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;

    private final long budget;
    private final int slots;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long used;
    private int running;
    private boolean closed;

    MemoryBudget(long budget, int slots) {
        this.budget = budget;
        this.slots = slots;
    }

    /** Three quarters of the machine's (or container's) physical memory. */
    static long defaultBudget() {
        long total = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            total = os.getTotalMemorySize();
        }
        if (total <= 0) {
            total = Math.max(Runtime.getRuntime().maxMemory(), 4 * GIB);
        }
        return total / 4 * 3;
    }

    /** The heap of a job's JVM for an input of {@code inputBytes}. */
    static long heapFor(long inputBytes) {
        return Math.max(GIB, 3 * inputBytes);
    }

    /** The estimated memory of a job: heap, JVM overhead and, when verifying, the engines. */
    static long costOf(long inputBytes, boolean verify) {
        long cost = heapFor(inputBytes) + 256 * MIB;
        if (verify) {
            cost += 512 * MIB + 2 * inputBytes;
        }
        return cost;
    }

    /**
     * Waits until a job of this cost may start, and counts it as running.
     *
     * @return false when the budget was closed (the batch is stopping): nothing was counted
     */
    boolean acquire(long cost) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && !(running < slots && (running == 0 || used + cost <= budget))) {
                changed.await();
            }
            if (closed) {
                return false;
            }
            used += cost;
            running++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A job of this cost has ended. */
    void release(long cost) {
        lock.lock();
        try {
            used -= cost;
            running--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** No more jobs start; waiting {@link #acquire} calls return false. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long budget() {
        return budget;
    }
}
