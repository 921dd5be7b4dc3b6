package dev.rosetta.layout.kernel;

/**
 * Chooses the {@link BlockOrder} of a transpose from where its stores would land in the cache.
 * Along source rows, each block stores 16 lines into 16 output rows, and the next block 16 more.
 * A second-level cache is periodic in {@value #SET_PERIOD} bytes (1-2 MB with 8-16 ways: 1024-2048
 * sets of 64-byte lines), so output rows a multiple of that period apart share a set. When two
 * consecutive blocks put more than {@value #CROWDED} lines into one set, the set evicts them
 * before they are complete and written back ([1024,1024,5,5]: the 25 lines of an input channel in one set;
 * [16384,1600,1,1]: 32 lines in two), and the order along output rows, whose stores stream, is
 * 1.5-1.7x faster; otherwise (9 lines in a set at most for [2048,1280,3,3], [2048,2048,3,3],
 * [1024,2560,3,3]; 2 for [2048,12800,1,1]) the order along source rows is 1.2-2.5x faster
 * (measured on the project's Zen 4, bench/jmh/RESULTS.md). Deterministic: the same shape always
 * takes the same order.
 */
final class BlockOrderChoice {
    /** Bytes after which a 1-2 MB second-level cache's set index repeats. */
    static final int SET_PERIOD = 128 * 1024;
    /** Lines one set may receive from two consecutive blocks before they crowd each other out. */
    static final int CROWDED = 12;
    private static final int LINE = 64;
    private static final int BLOCK = 16;
    /** Block windows examined: those of the first tile row, enough to meet every column pattern. */
    private static final int WINDOWS = 64;

    private BlockOrderChoice() {
    }

    /**
     * The order for a transpose whose source column {@code m} goes to output byte offset
     * {@code outRow[m]} (as many columns as {@code outRow} has, a multiple of 16).
     */
    static BlockOrder forOutputRows(long[] outRow) {
        return crowding(outRow) > CROWDED ? BlockOrder.ALONG_OUTPUT_ROWS : BlockOrder.ALONG_SOURCE_ROWS;
    }

    /** The most lines two consecutive blocks along a source row put into one cache set. */
    static int crowding(long[] outRow) {
        int blocks = outRow.length / BLOCK;
        int[] lines = new int[SET_PERIOD / LINE];
        int most = 0;
        for (int w = 0; w < Math.min(WINDOWS, Math.max(1, blocks - 1)); w++) {
            int end = Math.min(outRow.length, (w + 2) * BLOCK);
            for (int m = w * BLOCK; m < end; m++) {
                most = Math.max(most, ++lines[set(outRow[m])]);
            }
            for (int m = w * BLOCK; m < end; m++) {
                lines[set(outRow[m])]--;
            }
        }
        return most;
    }

    private static int set(long offset) {
        return (int) (Math.floorMod(offset, SET_PERIOD) / LINE);
    }
}
