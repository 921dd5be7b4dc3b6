package dev.rosetta.layout.kernel;

import java.util.Locale;

/**
 * The order in which {@link VectorTranspose} visits its 16x16 blocks, with the tile each order
 * sweeps. Both orders write the same bytes; which one runs faster depends on how the machine's
 * caches and memory serve the two access patterns for a given shape (on the project's Zen 4,
 * OIHW→HWIO of a 100 MB [2048,1280,3,3] kernel runs 1.3x faster along source rows, while
 * [1024,1024,5,5] and [16384,1600,1,1] run 1.5-1.7x faster along output rows);
 * {@link BlockOrderChoice} tells them apart.
 */
enum BlockOrder {
    /**
     * Consecutive blocks advance along the source rows: the 16 rows a block reads are read as
     * streams, and each block writes 64 bytes into 16 different output rows. Tiles of 512 columns
     * by 64 rows, swept in bands of 1024 rows.
     */
    ALONG_SOURCE_ROWS(512, 64, 1024),
    /**
     * Consecutive blocks go down the source rows, so the 16 output rows a column block fills are
     * each written as one run (up to 8 KB) while the reads jump from row to row. Tiles of 32
     * columns by 2048 rows.
     */
    ALONG_OUTPUT_ROWS(32, 2048, 2048);

    /** Source columns per tile. */
    final int tileColumns;
    /** Source rows per tile. */
    final int tileRows;
    /** Source rows per pass over all column tiles. */
    final int band;

    BlockOrder(int tileColumns, int tileRows, int band) {
        this.tileColumns = tileColumns;
        this.tileRows = tileRows;
        this.band = band;
    }

    /**
     * The order the system property {@code rosetta.simd.order} forces ({@code along-source-rows}
     * or {@code along-output-rows}), or null for {@code auto} (the default) and anything else.
     */
    static BlockOrder forced() {
        String name = System.getProperty("rosetta.simd.order", "auto").trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (BlockOrder order : values()) {
            if (order.name().equals(name)) {
                return order;
            }
        }
        return null;
    }
}
