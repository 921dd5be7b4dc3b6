package dev.rosetta.bench.jmh;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * The memory-copy baselines: {@link MemorySegment#copy} of a whole segment, split into equal
 * parts on the common {@link ForkJoinPool} (the caller taking part) the way the permutation
 * kernels split their work, so a comparison at N threads is like with like.
 */
final class ParallelCopy {
    /** Bytes {@code [from, to)} of one part. */
    @FunctionalInterface
    private interface Part {
        void copy(long from, long to);
    }

    private ParallelCopy() {
    }

    /** Copies {@code src} into {@code dst} (same size) on up to {@code threads} threads. */
    static void copy(MemorySegment src, MemorySegment dst, int threads) {
        split(src.byteSize(), threads, (from, to) -> MemorySegment.copy(src, from, dst, from, to - from));
    }

    /** {@link #copy}, each part copied in pieces of at most {@code piece} bytes. */
    static void copyInPieces(MemorySegment src, MemorySegment dst, int threads, long piece) {
        split(src.byteSize(), threads, (from, to) -> {
            for (long at = from; at < to; at += piece) {
                MemorySegment.copy(src, at, dst, at, Math.min(piece, to - at));
            }
        });
    }

    private static void split(long n, int threads, Part part) {
        if (threads <= 1) {
            part.copy(0, n);
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
                    part.copy(from, to);
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
