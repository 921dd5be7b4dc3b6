package dev.rosetta.layout.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The block order chosen for OIHW→HWIO shapes, against the faster order measured for each on the
 * project's machine (bench/jmh/RESULTS.md), and the crowding the choice counts.
 */
class BlockOrderChoiceTest {

    @ParameterizedTest
    @CsvSource({
        // O, I, H*W, lines two consecutive blocks put in one set, the faster order measured
        "1024, 1024, 25, 25, ALONG_OUTPUT_ROWS",
        "16384, 1600, 1, 16, ALONG_OUTPUT_ROWS",
        "2048, 1280, 9, 9, ALONG_SOURCE_ROWS",
        "2048, 2048, 9, 9, ALONG_SOURCE_ROWS",
        "1024, 2560, 9, 9, ALONG_SOURCE_ROWS",
        "2560, 1024, 9, 9, ALONG_SOURCE_ROWS",
        "1280, 2048, 9, 9, ALONG_SOURCE_ROWS",
        "2048, 12800, 1, 2, ALONG_SOURCE_ROWS"})
    void choosesTheOrderMeasuredFaster(int o, int i, int k, int crowding, BlockOrder faster) {
        long[] outRow = new long[i * k];
        for (int col = 0; col < outRow.length; col++) {
            outRow[col] = ((long) (col % k) * i + col / k) * o * 4L;
        }
        assertEquals(crowding, BlockOrderChoice.crowding(outRow));
        assertEquals(faster, BlockOrderChoice.forOutputRows(outRow));
    }

    @ParameterizedTest
    @CsvSource({"16", "32", "48"})
    void fewColumnsAreCountedToo(int columns) {
        long[] outRow = new long[columns];
        for (int col = 0; col < columns; col++) {
            outRow[col] = (long) col * BlockOrderChoice.SET_PERIOD;
        }
        assertEquals(Math.min(columns, 32), BlockOrderChoice.crowding(outRow));
    }
}
