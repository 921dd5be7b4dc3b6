package dev.rosetta.bench.jmh;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * The memory-copy baseline: {@link MemorySegment#copy} of a whole segment, split into equal parts
 * on the common {@link ForkJoinPool} the same way the permutation kernel splits its tiles, so a
 * comparison at N threads is like with like.
 */
final class ParallelCopy {
    private ParallelCopy() {
    }

    /** Copies {@code src} into {@code dst} (same size) on up to {@code threads} threads. */
    static void copy(MemorySegment src, MemorySegment dst, int threads) {
        long n = src.byteSize();
        if (threads <= 1) {
            MemorySegment.copy(src, 0, dst, 0, n);
            return;
        }
        int parts = threads * 4;
        List<RecursiveAction> tasks = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            long from = n * p / parts / 64 * 64;
            long to = p == parts - 1 ? n : n * (p + 1) / parts / 64 * 64;
            tasks.add(new RecursiveAction() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void compute() {
                    MemorySegment.copy(src, from, dst, from, to - from);
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

    /** {@code 0} means all available processors. */
    static int resolve(int threads) {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
