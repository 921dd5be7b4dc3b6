package dev.rosetta.layout.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Runs a range of independent work units as contiguous parts on the common {@link ForkJoinPool},
 * the calling thread taking part: {@code invoke} runs the root task on the caller, so {@code n}
 * threads work even where the pool has {@code n - 1} workers (a 2-core machine's pool has one).
 * A runtime exception in a part is rethrown to the caller.
 */
final class ParallelParts {
    /** The units {@code [from, to)} of one part. */
    @FunctionalInterface
    interface Part {
        void run(long from, long to);
    }

    private ParallelParts() {
    }

    /**
     * Runs units {@code [0, count)}: on the caller alone when {@code threads <= 1} or there is one
     * unit, else in up to {@code 4 * threads} parts of near-equal size.
     */
    static void run(long count, int threads, Part part) {
        if (threads <= 1 || count < 2) {
            part.run(0, count);
            return;
        }
        int parts = (int) Math.min(count, threads * 4L);
        List<RecursiveAction> tasks = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            long from = count * p / parts;
            long to = count * (p + 1) / parts;
            tasks.add(new RecursiveAction() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void compute() {
                    part.run(from, to);
                }
            });
        }
        ForkJoinPool.commonPool().invoke(new RecursiveAction() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void compute() {
                invokeAll(tasks);
            }
        });
    }
}
