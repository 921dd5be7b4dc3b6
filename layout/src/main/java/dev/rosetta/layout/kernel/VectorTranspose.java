package dev.rosetta.layout.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 4-byte-element transposes of weight re-layout in 512-bit SIMD registers: a reduced plan
 * {@code (A, B, C) → (C, B, A)} (OIHW→HWIO is {@code (O, I, H·W)}, HWIO→OIHW the reverse) or
 * {@code (A, C) → (C, A)} (a 1x1 conv, a dense kernel). The source is read as rows of
 * {@code M = B·C} words; 16x16 blocks are loaded as 16 vectors, transposed in registers with
 * four rounds of two-source lane selects, and stored as 16 runs of 64 bytes into output rows
 * {@code c·B + b}. The blocks are visited in one of two {@link BlockOrder}s, each in its own
 * tiles, the one {@link BlockOrderChoice} expects to be faster for the shape. Rows and columns must be multiples of 16
 * (true of the channel counts of real networks); other shapes go to the scalar kernels. Words
 * move as raw bits, so either byte order is kept.
 *
 * <p>Loaded only when {@link SimdSupport#available()}: the JVM must run with
 * {@code --add-modules jdk.incubator.vector} on a CPU with 512-bit vectors.
 */
final class VectorTranspose {
    private static final VectorSpecies<Integer> S = IntVector.SPECIES_512;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_512;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final int L = 16;
    /** Columns per unit of work shared among threads: a whole number of both orders' tiles. */
    private static final int WORK_COLUMNS = 512;
    private static final BlockOrder FORCED = BlockOrder.forced();
    // Round r pairs rows j and j+h (h = 8, 4, 2, 1): the low result keeps a's lanes whose bit h is
    // clear and takes b's lanes shifted up by h; the high result the mirror (indices 16..31 pick b).
    private static final IntVector LO0 = selector(8, true), HI0 = selector(8, false);
    private static final IntVector LO1 = selector(4, true), HI1 = selector(4, false);
    private static final IntVector LO2 = selector(2, true), HI2 = selector(2, false);
    private static final IntVector LO3 = selector(1, true), HI3 = selector(1, false);

    private VectorTranspose() {
    }

    private static IntVector selector(int h, boolean low) {
        int[] idx = new int[L];
        for (int c = 0; c < L; c++) {
            boolean fromA = (c & h) == 0;
            idx[c] = low ? (fromA ? c : L + c - h) : (fromA ? c + h : L + c);
        }
        return IntVector.fromArray(S, idx, 0);
    }

    /** True for the plans this kernel runs (4-byte elements are the caller's check). */
    static boolean fits(TransposePlan plan) {
        int[] p = plan.perm();
        long[] s = plan.shape();
        boolean shapeOk = p.length == 2 && p[0] == 1 && p[1] == 0
                || p.length == 3 && p[0] == 2 && p[1] == 1 && p[2] == 0;
        if (!shapeOk) {
            return false;
        }
        long rows = s[0];
        long columns = plan.elements() / rows;
        return rows % L == 0 && columns % L == 0 && rows <= Integer.MAX_VALUE && columns <= Integer.MAX_VALUE;
    }

    /** Runs {@code plan} (which {@link #fits}) on up to {@code threads} threads. */
    static void transpose(MemorySegment src, MemorySegment dst, TransposePlan plan, int threads) {
        transpose(src, dst, plan, threads, FORCED);
    }

    /** Runs {@code plan} in {@code order}, or in the order {@link BlockOrderChoice} picks when it is null. */
    static void transpose(MemorySegment src, MemorySegment dst, TransposePlan plan, int threads, BlockOrder order) {
        Grid grid = Grid.of(src, dst, plan);
        BlockOrder chosen = order != null ? order : BlockOrderChoice.forOutputRows(grid.outRow);
        long units = (grid.columns + WORK_COLUMNS - 1) / WORK_COLUMNS;
        ParallelParts.run(units, threads, (from, to) -> grid.sweep((int) (from * WORK_COLUMNS),
                (int) Math.min(grid.columns, to * WORK_COLUMNS), chosen));
    }

    /**
     * One transpose seen as a {@code rows x columns} source matrix of words: the source row stride,
     * each source column's output row offset, and which of the four memory pairings it is.
     */
    private record Grid(MemorySegment src, MemorySegment dst, int rows, int columns, long inRow, long[] outRow,
                        int kinds) {
        static Grid of(MemorySegment src, MemorySegment dst, TransposePlan plan) {
            long[] s = plan.shape();
            int a = (int) s[0];
            int b = s.length == 3 ? (int) s[1] : 1;
            int c = (int) s[s.length - 1];
            int m = (int) (plan.elements() / a);
            long[] outRow = new long[m];
            for (int col = 0; col < m; col++) {
                int bi = col / c;
                int ci = col - bi * c;
                outRow[col] = ((long) ci * b + bi) * a * 4L;
            }
            int kinds = (src.isNative() ? 0 : 2) + (dst.isNative() ? 0 : 1);
            return new Grid(src, dst, a, m, (long) m * 4, outRow, kinds);
        }

        /** Columns {@code [colFrom, colTo)} of all rows, tile by tile in {@code order}. */
        void sweep(int colFrom, int colTo, BlockOrder order) {
            boolean downRows = order == BlockOrder.ALONG_OUTPUT_ROWS;
            for (int band = 0; band < rows; band += order.band) {
                int bandEnd = Math.min(rows, band + order.band);
                for (int mt = colFrom; mt < colTo; mt += order.tileColumns) {
                    int mEnd = Math.min(colTo, mt + order.tileColumns);
                    for (int rt = band; rt < bandEnd; rt += order.tileRows) {
                        blocks(src, dst, rt, Math.min(bandEnd, rt + order.tileRows), inRow, outRow, mt, mEnd, kinds,
                                downRows);
                    }
                }
            }
        }
    }

    /**
     * The 16x16 blocks of rows {@code [rowFrom, rowTo)} and columns {@code [mt, mEnd)}, visited
     * down the rows first when {@code downRows} ({@link BlockOrder#ALONG_OUTPUT_ROWS}), else along
     * them: 16 rows loaded as 16 vectors, four rounds of lane selects, 16 stores of 64 bytes into
     * output rows {@code outRow[m0 + c]}. The four variants are the same transposition; they
     * differ in how vectors meet memory, because the JIT compiles int-vector access to off-heap
     * memory, and byte-vector access to heap {@code byte[]} segments, into plain vector loads and
     * stores (the other pairings run an order of magnitude slower). Each keeps its loop and its
     * block in one method, which only the optimizing compiler can compile: {@link SimdSupport}
     * keeps them from the first tier ({@link JitDirective}).
     */
    private static void blocks(MemorySegment src, MemorySegment dst, int rowFrom, int rowTo, long inRow,
                               long[] outRow, int mt, int mEnd, int kinds, boolean downRows) {
        switch (kinds) {
            case 0 -> blocksNativeToNative(src, dst, rowFrom, rowTo, inRow, outRow, mt, mEnd, downRows);
            case 1 -> blocksNativeToHeap(src, dst, rowFrom, rowTo, inRow, outRow, mt, mEnd, downRows);
            case 2 -> blocksHeapToNative(src, dst, rowFrom, rowTo, inRow, outRow, mt, mEnd, downRows);
            default -> blocksHeapToHeap(src, dst, rowFrom, rowTo, inRow, outRow, mt, mEnd, downRows);
        }
    }

    /** {@link #blocks} from an off-heap source into an off-heap destination. */
    private static void blocksNativeToNative(MemorySegment src, MemorySegment dst, int rowFrom, int rowTo, long inRow,
                                long[] outRow, int mt, int mEnd, boolean downRows) {
        int rowBlocks = (rowTo - rowFrom) / L;
        int columnBlocks = (mEnd - mt) / L;
        int count = rowBlocks * columnBlocks;
        for (int k = 0; k < count; k++) {
            int r0 = rowFrom + L * (downRows ? k % rowBlocks : k / columnBlocks);
            int m0 = mt + L * (downRows ? k / rowBlocks : k % columnBlocks);
            long out = r0 * 4L;
            long in = r0 * inRow + m0 * 4L;
            IntVector v0 = IntVector.fromMemorySegment(S, src, in + 0L * inRow, NATIVE);
            IntVector v1 = IntVector.fromMemorySegment(S, src, in + 1L * inRow, NATIVE);
            IntVector v2 = IntVector.fromMemorySegment(S, src, in + 2L * inRow, NATIVE);
            IntVector v3 = IntVector.fromMemorySegment(S, src, in + 3L * inRow, NATIVE);
            IntVector v4 = IntVector.fromMemorySegment(S, src, in + 4L * inRow, NATIVE);
            IntVector v5 = IntVector.fromMemorySegment(S, src, in + 5L * inRow, NATIVE);
            IntVector v6 = IntVector.fromMemorySegment(S, src, in + 6L * inRow, NATIVE);
            IntVector v7 = IntVector.fromMemorySegment(S, src, in + 7L * inRow, NATIVE);
            IntVector v8 = IntVector.fromMemorySegment(S, src, in + 8L * inRow, NATIVE);
            IntVector v9 = IntVector.fromMemorySegment(S, src, in + 9L * inRow, NATIVE);
            IntVector v10 = IntVector.fromMemorySegment(S, src, in + 10L * inRow, NATIVE);
            IntVector v11 = IntVector.fromMemorySegment(S, src, in + 11L * inRow, NATIVE);
            IntVector v12 = IntVector.fromMemorySegment(S, src, in + 12L * inRow, NATIVE);
            IntVector v13 = IntVector.fromMemorySegment(S, src, in + 13L * inRow, NATIVE);
            IntVector v14 = IntVector.fromMemorySegment(S, src, in + 14L * inRow, NATIVE);
            IntVector v15 = IntVector.fromMemorySegment(S, src, in + 15L * inRow, NATIVE);
            IntVector s0x0 = LO0.selectFrom(v0, v8);
            IntVector s0x8 = HI0.selectFrom(v0, v8);
            IntVector s0x1 = LO0.selectFrom(v1, v9);
            IntVector s0x9 = HI0.selectFrom(v1, v9);
            IntVector s0x2 = LO0.selectFrom(v2, v10);
            IntVector s0x10 = HI0.selectFrom(v2, v10);
            IntVector s0x3 = LO0.selectFrom(v3, v11);
            IntVector s0x11 = HI0.selectFrom(v3, v11);
            IntVector s0x4 = LO0.selectFrom(v4, v12);
            IntVector s0x12 = HI0.selectFrom(v4, v12);
            IntVector s0x5 = LO0.selectFrom(v5, v13);
            IntVector s0x13 = HI0.selectFrom(v5, v13);
            IntVector s0x6 = LO0.selectFrom(v6, v14);
            IntVector s0x14 = HI0.selectFrom(v6, v14);
            IntVector s0x7 = LO0.selectFrom(v7, v15);
            IntVector s0x15 = HI0.selectFrom(v7, v15);
            IntVector s1x0 = LO1.selectFrom(s0x0, s0x4);
            IntVector s1x4 = HI1.selectFrom(s0x0, s0x4);
            IntVector s1x1 = LO1.selectFrom(s0x1, s0x5);
            IntVector s1x5 = HI1.selectFrom(s0x1, s0x5);
            IntVector s1x2 = LO1.selectFrom(s0x2, s0x6);
            IntVector s1x6 = HI1.selectFrom(s0x2, s0x6);
            IntVector s1x3 = LO1.selectFrom(s0x3, s0x7);
            IntVector s1x7 = HI1.selectFrom(s0x3, s0x7);
            IntVector s1x8 = LO1.selectFrom(s0x8, s0x12);
            IntVector s1x12 = HI1.selectFrom(s0x8, s0x12);
            IntVector s1x9 = LO1.selectFrom(s0x9, s0x13);
            IntVector s1x13 = HI1.selectFrom(s0x9, s0x13);
            IntVector s1x10 = LO1.selectFrom(s0x10, s0x14);
            IntVector s1x14 = HI1.selectFrom(s0x10, s0x14);
            IntVector s1x11 = LO1.selectFrom(s0x11, s0x15);
            IntVector s1x15 = HI1.selectFrom(s0x11, s0x15);
            IntVector s2x0 = LO2.selectFrom(s1x0, s1x2);
            IntVector s2x2 = HI2.selectFrom(s1x0, s1x2);
            IntVector s2x1 = LO2.selectFrom(s1x1, s1x3);
            IntVector s2x3 = HI2.selectFrom(s1x1, s1x3);
            IntVector s2x4 = LO2.selectFrom(s1x4, s1x6);
            IntVector s2x6 = HI2.selectFrom(s1x4, s1x6);
            IntVector s2x5 = LO2.selectFrom(s1x5, s1x7);
            IntVector s2x7 = HI2.selectFrom(s1x5, s1x7);
            IntVector s2x8 = LO2.selectFrom(s1x8, s1x10);
            IntVector s2x10 = HI2.selectFrom(s1x8, s1x10);
            IntVector s2x9 = LO2.selectFrom(s1x9, s1x11);
            IntVector s2x11 = HI2.selectFrom(s1x9, s1x11);
            IntVector s2x12 = LO2.selectFrom(s1x12, s1x14);
            IntVector s2x14 = HI2.selectFrom(s1x12, s1x14);
            IntVector s2x13 = LO2.selectFrom(s1x13, s1x15);
            IntVector s2x15 = HI2.selectFrom(s1x13, s1x15);
            IntVector s3x0 = LO3.selectFrom(s2x0, s2x1);
            IntVector s3x1 = HI3.selectFrom(s2x0, s2x1);
            IntVector s3x2 = LO3.selectFrom(s2x2, s2x3);
            IntVector s3x3 = HI3.selectFrom(s2x2, s2x3);
            IntVector s3x4 = LO3.selectFrom(s2x4, s2x5);
            IntVector s3x5 = HI3.selectFrom(s2x4, s2x5);
            IntVector s3x6 = LO3.selectFrom(s2x6, s2x7);
            IntVector s3x7 = HI3.selectFrom(s2x6, s2x7);
            IntVector s3x8 = LO3.selectFrom(s2x8, s2x9);
            IntVector s3x9 = HI3.selectFrom(s2x8, s2x9);
            IntVector s3x10 = LO3.selectFrom(s2x10, s2x11);
            IntVector s3x11 = HI3.selectFrom(s2x10, s2x11);
            IntVector s3x12 = LO3.selectFrom(s2x12, s2x13);
            IntVector s3x13 = HI3.selectFrom(s2x12, s2x13);
            IntVector s3x14 = LO3.selectFrom(s2x14, s2x15);
            IntVector s3x15 = HI3.selectFrom(s2x14, s2x15);
            s3x0.intoMemorySegment(dst, outRow[m0 + 0] + out, NATIVE);
            s3x1.intoMemorySegment(dst, outRow[m0 + 1] + out, NATIVE);
            s3x2.intoMemorySegment(dst, outRow[m0 + 2] + out, NATIVE);
            s3x3.intoMemorySegment(dst, outRow[m0 + 3] + out, NATIVE);
            s3x4.intoMemorySegment(dst, outRow[m0 + 4] + out, NATIVE);
            s3x5.intoMemorySegment(dst, outRow[m0 + 5] + out, NATIVE);
            s3x6.intoMemorySegment(dst, outRow[m0 + 6] + out, NATIVE);
            s3x7.intoMemorySegment(dst, outRow[m0 + 7] + out, NATIVE);
            s3x8.intoMemorySegment(dst, outRow[m0 + 8] + out, NATIVE);
            s3x9.intoMemorySegment(dst, outRow[m0 + 9] + out, NATIVE);
            s3x10.intoMemorySegment(dst, outRow[m0 + 10] + out, NATIVE);
            s3x11.intoMemorySegment(dst, outRow[m0 + 11] + out, NATIVE);
            s3x12.intoMemorySegment(dst, outRow[m0 + 12] + out, NATIVE);
            s3x13.intoMemorySegment(dst, outRow[m0 + 13] + out, NATIVE);
            s3x14.intoMemorySegment(dst, outRow[m0 + 14] + out, NATIVE);
            s3x15.intoMemorySegment(dst, outRow[m0 + 15] + out, NATIVE);
        }
    }

    /** {@link #blocks} from an off-heap source into a heap destination. */
    private static void blocksNativeToHeap(MemorySegment src, MemorySegment dst, int rowFrom, int rowTo, long inRow,
                                long[] outRow, int mt, int mEnd, boolean downRows) {
        int rowBlocks = (rowTo - rowFrom) / L;
        int columnBlocks = (mEnd - mt) / L;
        int count = rowBlocks * columnBlocks;
        for (int k = 0; k < count; k++) {
            int r0 = rowFrom + L * (downRows ? k % rowBlocks : k / columnBlocks);
            int m0 = mt + L * (downRows ? k / rowBlocks : k % columnBlocks);
            long out = r0 * 4L;
            long in = r0 * inRow + m0 * 4L;
            IntVector v0 = IntVector.fromMemorySegment(S, src, in + 0L * inRow, NATIVE);
            IntVector v1 = IntVector.fromMemorySegment(S, src, in + 1L * inRow, NATIVE);
            IntVector v2 = IntVector.fromMemorySegment(S, src, in + 2L * inRow, NATIVE);
            IntVector v3 = IntVector.fromMemorySegment(S, src, in + 3L * inRow, NATIVE);
            IntVector v4 = IntVector.fromMemorySegment(S, src, in + 4L * inRow, NATIVE);
            IntVector v5 = IntVector.fromMemorySegment(S, src, in + 5L * inRow, NATIVE);
            IntVector v6 = IntVector.fromMemorySegment(S, src, in + 6L * inRow, NATIVE);
            IntVector v7 = IntVector.fromMemorySegment(S, src, in + 7L * inRow, NATIVE);
            IntVector v8 = IntVector.fromMemorySegment(S, src, in + 8L * inRow, NATIVE);
            IntVector v9 = IntVector.fromMemorySegment(S, src, in + 9L * inRow, NATIVE);
            IntVector v10 = IntVector.fromMemorySegment(S, src, in + 10L * inRow, NATIVE);
            IntVector v11 = IntVector.fromMemorySegment(S, src, in + 11L * inRow, NATIVE);
            IntVector v12 = IntVector.fromMemorySegment(S, src, in + 12L * inRow, NATIVE);
            IntVector v13 = IntVector.fromMemorySegment(S, src, in + 13L * inRow, NATIVE);
            IntVector v14 = IntVector.fromMemorySegment(S, src, in + 14L * inRow, NATIVE);
            IntVector v15 = IntVector.fromMemorySegment(S, src, in + 15L * inRow, NATIVE);
            IntVector s0x0 = LO0.selectFrom(v0, v8);
            IntVector s0x8 = HI0.selectFrom(v0, v8);
            IntVector s0x1 = LO0.selectFrom(v1, v9);
            IntVector s0x9 = HI0.selectFrom(v1, v9);
            IntVector s0x2 = LO0.selectFrom(v2, v10);
            IntVector s0x10 = HI0.selectFrom(v2, v10);
            IntVector s0x3 = LO0.selectFrom(v3, v11);
            IntVector s0x11 = HI0.selectFrom(v3, v11);
            IntVector s0x4 = LO0.selectFrom(v4, v12);
            IntVector s0x12 = HI0.selectFrom(v4, v12);
            IntVector s0x5 = LO0.selectFrom(v5, v13);
            IntVector s0x13 = HI0.selectFrom(v5, v13);
            IntVector s0x6 = LO0.selectFrom(v6, v14);
            IntVector s0x14 = HI0.selectFrom(v6, v14);
            IntVector s0x7 = LO0.selectFrom(v7, v15);
            IntVector s0x15 = HI0.selectFrom(v7, v15);
            IntVector s1x0 = LO1.selectFrom(s0x0, s0x4);
            IntVector s1x4 = HI1.selectFrom(s0x0, s0x4);
            IntVector s1x1 = LO1.selectFrom(s0x1, s0x5);
            IntVector s1x5 = HI1.selectFrom(s0x1, s0x5);
            IntVector s1x2 = LO1.selectFrom(s0x2, s0x6);
            IntVector s1x6 = HI1.selectFrom(s0x2, s0x6);
            IntVector s1x3 = LO1.selectFrom(s0x3, s0x7);
            IntVector s1x7 = HI1.selectFrom(s0x3, s0x7);
            IntVector s1x8 = LO1.selectFrom(s0x8, s0x12);
            IntVector s1x12 = HI1.selectFrom(s0x8, s0x12);
            IntVector s1x9 = LO1.selectFrom(s0x9, s0x13);
            IntVector s1x13 = HI1.selectFrom(s0x9, s0x13);
            IntVector s1x10 = LO1.selectFrom(s0x10, s0x14);
            IntVector s1x14 = HI1.selectFrom(s0x10, s0x14);
            IntVector s1x11 = LO1.selectFrom(s0x11, s0x15);
            IntVector s1x15 = HI1.selectFrom(s0x11, s0x15);
            IntVector s2x0 = LO2.selectFrom(s1x0, s1x2);
            IntVector s2x2 = HI2.selectFrom(s1x0, s1x2);
            IntVector s2x1 = LO2.selectFrom(s1x1, s1x3);
            IntVector s2x3 = HI2.selectFrom(s1x1, s1x3);
            IntVector s2x4 = LO2.selectFrom(s1x4, s1x6);
            IntVector s2x6 = HI2.selectFrom(s1x4, s1x6);
            IntVector s2x5 = LO2.selectFrom(s1x5, s1x7);
            IntVector s2x7 = HI2.selectFrom(s1x5, s1x7);
            IntVector s2x8 = LO2.selectFrom(s1x8, s1x10);
            IntVector s2x10 = HI2.selectFrom(s1x8, s1x10);
            IntVector s2x9 = LO2.selectFrom(s1x9, s1x11);
            IntVector s2x11 = HI2.selectFrom(s1x9, s1x11);
            IntVector s2x12 = LO2.selectFrom(s1x12, s1x14);
            IntVector s2x14 = HI2.selectFrom(s1x12, s1x14);
            IntVector s2x13 = LO2.selectFrom(s1x13, s1x15);
            IntVector s2x15 = HI2.selectFrom(s1x13, s1x15);
            IntVector s3x0 = LO3.selectFrom(s2x0, s2x1);
            IntVector s3x1 = HI3.selectFrom(s2x0, s2x1);
            IntVector s3x2 = LO3.selectFrom(s2x2, s2x3);
            IntVector s3x3 = HI3.selectFrom(s2x2, s2x3);
            IntVector s3x4 = LO3.selectFrom(s2x4, s2x5);
            IntVector s3x5 = HI3.selectFrom(s2x4, s2x5);
            IntVector s3x6 = LO3.selectFrom(s2x6, s2x7);
            IntVector s3x7 = HI3.selectFrom(s2x6, s2x7);
            IntVector s3x8 = LO3.selectFrom(s2x8, s2x9);
            IntVector s3x9 = HI3.selectFrom(s2x8, s2x9);
            IntVector s3x10 = LO3.selectFrom(s2x10, s2x11);
            IntVector s3x11 = HI3.selectFrom(s2x10, s2x11);
            IntVector s3x12 = LO3.selectFrom(s2x12, s2x13);
            IntVector s3x13 = HI3.selectFrom(s2x12, s2x13);
            IntVector s3x14 = LO3.selectFrom(s2x14, s2x15);
            IntVector s3x15 = HI3.selectFrom(s2x14, s2x15);
            s3x0.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 0] + out, NATIVE);
            s3x1.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 1] + out, NATIVE);
            s3x2.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 2] + out, NATIVE);
            s3x3.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 3] + out, NATIVE);
            s3x4.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 4] + out, NATIVE);
            s3x5.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 5] + out, NATIVE);
            s3x6.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 6] + out, NATIVE);
            s3x7.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 7] + out, NATIVE);
            s3x8.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 8] + out, NATIVE);
            s3x9.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 9] + out, NATIVE);
            s3x10.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 10] + out, NATIVE);
            s3x11.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 11] + out, NATIVE);
            s3x12.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 12] + out, NATIVE);
            s3x13.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 13] + out, NATIVE);
            s3x14.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 14] + out, NATIVE);
            s3x15.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 15] + out, NATIVE);
        }
    }

    /** {@link #blocks} from a heap source into an off-heap destination. */
    private static void blocksHeapToNative(MemorySegment src, MemorySegment dst, int rowFrom, int rowTo, long inRow,
                                long[] outRow, int mt, int mEnd, boolean downRows) {
        int rowBlocks = (rowTo - rowFrom) / L;
        int columnBlocks = (mEnd - mt) / L;
        int count = rowBlocks * columnBlocks;
        for (int k = 0; k < count; k++) {
            int r0 = rowFrom + L * (downRows ? k % rowBlocks : k / columnBlocks);
            int m0 = mt + L * (downRows ? k / rowBlocks : k % columnBlocks);
            long out = r0 * 4L;
            long in = r0 * inRow + m0 * 4L;
            IntVector v0 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 0L * inRow, NATIVE).reinterpretAsInts();
            IntVector v1 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 1L * inRow, NATIVE).reinterpretAsInts();
            IntVector v2 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 2L * inRow, NATIVE).reinterpretAsInts();
            IntVector v3 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 3L * inRow, NATIVE).reinterpretAsInts();
            IntVector v4 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 4L * inRow, NATIVE).reinterpretAsInts();
            IntVector v5 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 5L * inRow, NATIVE).reinterpretAsInts();
            IntVector v6 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 6L * inRow, NATIVE).reinterpretAsInts();
            IntVector v7 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 7L * inRow, NATIVE).reinterpretAsInts();
            IntVector v8 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 8L * inRow, NATIVE).reinterpretAsInts();
            IntVector v9 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 9L * inRow, NATIVE).reinterpretAsInts();
            IntVector v10 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 10L * inRow, NATIVE).reinterpretAsInts();
            IntVector v11 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 11L * inRow, NATIVE).reinterpretAsInts();
            IntVector v12 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 12L * inRow, NATIVE).reinterpretAsInts();
            IntVector v13 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 13L * inRow, NATIVE).reinterpretAsInts();
            IntVector v14 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 14L * inRow, NATIVE).reinterpretAsInts();
            IntVector v15 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 15L * inRow, NATIVE).reinterpretAsInts();
            IntVector s0x0 = LO0.selectFrom(v0, v8);
            IntVector s0x8 = HI0.selectFrom(v0, v8);
            IntVector s0x1 = LO0.selectFrom(v1, v9);
            IntVector s0x9 = HI0.selectFrom(v1, v9);
            IntVector s0x2 = LO0.selectFrom(v2, v10);
            IntVector s0x10 = HI0.selectFrom(v2, v10);
            IntVector s0x3 = LO0.selectFrom(v3, v11);
            IntVector s0x11 = HI0.selectFrom(v3, v11);
            IntVector s0x4 = LO0.selectFrom(v4, v12);
            IntVector s0x12 = HI0.selectFrom(v4, v12);
            IntVector s0x5 = LO0.selectFrom(v5, v13);
            IntVector s0x13 = HI0.selectFrom(v5, v13);
            IntVector s0x6 = LO0.selectFrom(v6, v14);
            IntVector s0x14 = HI0.selectFrom(v6, v14);
            IntVector s0x7 = LO0.selectFrom(v7, v15);
            IntVector s0x15 = HI0.selectFrom(v7, v15);
            IntVector s1x0 = LO1.selectFrom(s0x0, s0x4);
            IntVector s1x4 = HI1.selectFrom(s0x0, s0x4);
            IntVector s1x1 = LO1.selectFrom(s0x1, s0x5);
            IntVector s1x5 = HI1.selectFrom(s0x1, s0x5);
            IntVector s1x2 = LO1.selectFrom(s0x2, s0x6);
            IntVector s1x6 = HI1.selectFrom(s0x2, s0x6);
            IntVector s1x3 = LO1.selectFrom(s0x3, s0x7);
            IntVector s1x7 = HI1.selectFrom(s0x3, s0x7);
            IntVector s1x8 = LO1.selectFrom(s0x8, s0x12);
            IntVector s1x12 = HI1.selectFrom(s0x8, s0x12);
            IntVector s1x9 = LO1.selectFrom(s0x9, s0x13);
            IntVector s1x13 = HI1.selectFrom(s0x9, s0x13);
            IntVector s1x10 = LO1.selectFrom(s0x10, s0x14);
            IntVector s1x14 = HI1.selectFrom(s0x10, s0x14);
            IntVector s1x11 = LO1.selectFrom(s0x11, s0x15);
            IntVector s1x15 = HI1.selectFrom(s0x11, s0x15);
            IntVector s2x0 = LO2.selectFrom(s1x0, s1x2);
            IntVector s2x2 = HI2.selectFrom(s1x0, s1x2);
            IntVector s2x1 = LO2.selectFrom(s1x1, s1x3);
            IntVector s2x3 = HI2.selectFrom(s1x1, s1x3);
            IntVector s2x4 = LO2.selectFrom(s1x4, s1x6);
            IntVector s2x6 = HI2.selectFrom(s1x4, s1x6);
            IntVector s2x5 = LO2.selectFrom(s1x5, s1x7);
            IntVector s2x7 = HI2.selectFrom(s1x5, s1x7);
            IntVector s2x8 = LO2.selectFrom(s1x8, s1x10);
            IntVector s2x10 = HI2.selectFrom(s1x8, s1x10);
            IntVector s2x9 = LO2.selectFrom(s1x9, s1x11);
            IntVector s2x11 = HI2.selectFrom(s1x9, s1x11);
            IntVector s2x12 = LO2.selectFrom(s1x12, s1x14);
            IntVector s2x14 = HI2.selectFrom(s1x12, s1x14);
            IntVector s2x13 = LO2.selectFrom(s1x13, s1x15);
            IntVector s2x15 = HI2.selectFrom(s1x13, s1x15);
            IntVector s3x0 = LO3.selectFrom(s2x0, s2x1);
            IntVector s3x1 = HI3.selectFrom(s2x0, s2x1);
            IntVector s3x2 = LO3.selectFrom(s2x2, s2x3);
            IntVector s3x3 = HI3.selectFrom(s2x2, s2x3);
            IntVector s3x4 = LO3.selectFrom(s2x4, s2x5);
            IntVector s3x5 = HI3.selectFrom(s2x4, s2x5);
            IntVector s3x6 = LO3.selectFrom(s2x6, s2x7);
            IntVector s3x7 = HI3.selectFrom(s2x6, s2x7);
            IntVector s3x8 = LO3.selectFrom(s2x8, s2x9);
            IntVector s3x9 = HI3.selectFrom(s2x8, s2x9);
            IntVector s3x10 = LO3.selectFrom(s2x10, s2x11);
            IntVector s3x11 = HI3.selectFrom(s2x10, s2x11);
            IntVector s3x12 = LO3.selectFrom(s2x12, s2x13);
            IntVector s3x13 = HI3.selectFrom(s2x12, s2x13);
            IntVector s3x14 = LO3.selectFrom(s2x14, s2x15);
            IntVector s3x15 = HI3.selectFrom(s2x14, s2x15);
            s3x0.intoMemorySegment(dst, outRow[m0 + 0] + out, NATIVE);
            s3x1.intoMemorySegment(dst, outRow[m0 + 1] + out, NATIVE);
            s3x2.intoMemorySegment(dst, outRow[m0 + 2] + out, NATIVE);
            s3x3.intoMemorySegment(dst, outRow[m0 + 3] + out, NATIVE);
            s3x4.intoMemorySegment(dst, outRow[m0 + 4] + out, NATIVE);
            s3x5.intoMemorySegment(dst, outRow[m0 + 5] + out, NATIVE);
            s3x6.intoMemorySegment(dst, outRow[m0 + 6] + out, NATIVE);
            s3x7.intoMemorySegment(dst, outRow[m0 + 7] + out, NATIVE);
            s3x8.intoMemorySegment(dst, outRow[m0 + 8] + out, NATIVE);
            s3x9.intoMemorySegment(dst, outRow[m0 + 9] + out, NATIVE);
            s3x10.intoMemorySegment(dst, outRow[m0 + 10] + out, NATIVE);
            s3x11.intoMemorySegment(dst, outRow[m0 + 11] + out, NATIVE);
            s3x12.intoMemorySegment(dst, outRow[m0 + 12] + out, NATIVE);
            s3x13.intoMemorySegment(dst, outRow[m0 + 13] + out, NATIVE);
            s3x14.intoMemorySegment(dst, outRow[m0 + 14] + out, NATIVE);
            s3x15.intoMemorySegment(dst, outRow[m0 + 15] + out, NATIVE);
        }
    }

    /** {@link #blocks} from a heap source into a heap destination. */
    private static void blocksHeapToHeap(MemorySegment src, MemorySegment dst, int rowFrom, int rowTo, long inRow,
                                long[] outRow, int mt, int mEnd, boolean downRows) {
        int rowBlocks = (rowTo - rowFrom) / L;
        int columnBlocks = (mEnd - mt) / L;
        int count = rowBlocks * columnBlocks;
        for (int k = 0; k < count; k++) {
            int r0 = rowFrom + L * (downRows ? k % rowBlocks : k / columnBlocks);
            int m0 = mt + L * (downRows ? k / rowBlocks : k % columnBlocks);
            long out = r0 * 4L;
            long in = r0 * inRow + m0 * 4L;
            IntVector v0 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 0L * inRow, NATIVE).reinterpretAsInts();
            IntVector v1 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 1L * inRow, NATIVE).reinterpretAsInts();
            IntVector v2 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 2L * inRow, NATIVE).reinterpretAsInts();
            IntVector v3 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 3L * inRow, NATIVE).reinterpretAsInts();
            IntVector v4 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 4L * inRow, NATIVE).reinterpretAsInts();
            IntVector v5 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 5L * inRow, NATIVE).reinterpretAsInts();
            IntVector v6 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 6L * inRow, NATIVE).reinterpretAsInts();
            IntVector v7 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 7L * inRow, NATIVE).reinterpretAsInts();
            IntVector v8 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 8L * inRow, NATIVE).reinterpretAsInts();
            IntVector v9 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 9L * inRow, NATIVE).reinterpretAsInts();
            IntVector v10 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 10L * inRow, NATIVE).reinterpretAsInts();
            IntVector v11 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 11L * inRow, NATIVE).reinterpretAsInts();
            IntVector v12 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 12L * inRow, NATIVE).reinterpretAsInts();
            IntVector v13 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 13L * inRow, NATIVE).reinterpretAsInts();
            IntVector v14 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 14L * inRow, NATIVE).reinterpretAsInts();
            IntVector v15 = (IntVector) ByteVector.fromMemorySegment(B, src, in + 15L * inRow, NATIVE).reinterpretAsInts();
            IntVector s0x0 = LO0.selectFrom(v0, v8);
            IntVector s0x8 = HI0.selectFrom(v0, v8);
            IntVector s0x1 = LO0.selectFrom(v1, v9);
            IntVector s0x9 = HI0.selectFrom(v1, v9);
            IntVector s0x2 = LO0.selectFrom(v2, v10);
            IntVector s0x10 = HI0.selectFrom(v2, v10);
            IntVector s0x3 = LO0.selectFrom(v3, v11);
            IntVector s0x11 = HI0.selectFrom(v3, v11);
            IntVector s0x4 = LO0.selectFrom(v4, v12);
            IntVector s0x12 = HI0.selectFrom(v4, v12);
            IntVector s0x5 = LO0.selectFrom(v5, v13);
            IntVector s0x13 = HI0.selectFrom(v5, v13);
            IntVector s0x6 = LO0.selectFrom(v6, v14);
            IntVector s0x14 = HI0.selectFrom(v6, v14);
            IntVector s0x7 = LO0.selectFrom(v7, v15);
            IntVector s0x15 = HI0.selectFrom(v7, v15);
            IntVector s1x0 = LO1.selectFrom(s0x0, s0x4);
            IntVector s1x4 = HI1.selectFrom(s0x0, s0x4);
            IntVector s1x1 = LO1.selectFrom(s0x1, s0x5);
            IntVector s1x5 = HI1.selectFrom(s0x1, s0x5);
            IntVector s1x2 = LO1.selectFrom(s0x2, s0x6);
            IntVector s1x6 = HI1.selectFrom(s0x2, s0x6);
            IntVector s1x3 = LO1.selectFrom(s0x3, s0x7);
            IntVector s1x7 = HI1.selectFrom(s0x3, s0x7);
            IntVector s1x8 = LO1.selectFrom(s0x8, s0x12);
            IntVector s1x12 = HI1.selectFrom(s0x8, s0x12);
            IntVector s1x9 = LO1.selectFrom(s0x9, s0x13);
            IntVector s1x13 = HI1.selectFrom(s0x9, s0x13);
            IntVector s1x10 = LO1.selectFrom(s0x10, s0x14);
            IntVector s1x14 = HI1.selectFrom(s0x10, s0x14);
            IntVector s1x11 = LO1.selectFrom(s0x11, s0x15);
            IntVector s1x15 = HI1.selectFrom(s0x11, s0x15);
            IntVector s2x0 = LO2.selectFrom(s1x0, s1x2);
            IntVector s2x2 = HI2.selectFrom(s1x0, s1x2);
            IntVector s2x1 = LO2.selectFrom(s1x1, s1x3);
            IntVector s2x3 = HI2.selectFrom(s1x1, s1x3);
            IntVector s2x4 = LO2.selectFrom(s1x4, s1x6);
            IntVector s2x6 = HI2.selectFrom(s1x4, s1x6);
            IntVector s2x5 = LO2.selectFrom(s1x5, s1x7);
            IntVector s2x7 = HI2.selectFrom(s1x5, s1x7);
            IntVector s2x8 = LO2.selectFrom(s1x8, s1x10);
            IntVector s2x10 = HI2.selectFrom(s1x8, s1x10);
            IntVector s2x9 = LO2.selectFrom(s1x9, s1x11);
            IntVector s2x11 = HI2.selectFrom(s1x9, s1x11);
            IntVector s2x12 = LO2.selectFrom(s1x12, s1x14);
            IntVector s2x14 = HI2.selectFrom(s1x12, s1x14);
            IntVector s2x13 = LO2.selectFrom(s1x13, s1x15);
            IntVector s2x15 = HI2.selectFrom(s1x13, s1x15);
            IntVector s3x0 = LO3.selectFrom(s2x0, s2x1);
            IntVector s3x1 = HI3.selectFrom(s2x0, s2x1);
            IntVector s3x2 = LO3.selectFrom(s2x2, s2x3);
            IntVector s3x3 = HI3.selectFrom(s2x2, s2x3);
            IntVector s3x4 = LO3.selectFrom(s2x4, s2x5);
            IntVector s3x5 = HI3.selectFrom(s2x4, s2x5);
            IntVector s3x6 = LO3.selectFrom(s2x6, s2x7);
            IntVector s3x7 = HI3.selectFrom(s2x6, s2x7);
            IntVector s3x8 = LO3.selectFrom(s2x8, s2x9);
            IntVector s3x9 = HI3.selectFrom(s2x8, s2x9);
            IntVector s3x10 = LO3.selectFrom(s2x10, s2x11);
            IntVector s3x11 = HI3.selectFrom(s2x10, s2x11);
            IntVector s3x12 = LO3.selectFrom(s2x12, s2x13);
            IntVector s3x13 = HI3.selectFrom(s2x12, s2x13);
            IntVector s3x14 = LO3.selectFrom(s2x14, s2x15);
            IntVector s3x15 = HI3.selectFrom(s2x14, s2x15);
            s3x0.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 0] + out, NATIVE);
            s3x1.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 1] + out, NATIVE);
            s3x2.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 2] + out, NATIVE);
            s3x3.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 3] + out, NATIVE);
            s3x4.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 4] + out, NATIVE);
            s3x5.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 5] + out, NATIVE);
            s3x6.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 6] + out, NATIVE);
            s3x7.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 7] + out, NATIVE);
            s3x8.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 8] + out, NATIVE);
            s3x9.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 9] + out, NATIVE);
            s3x10.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 10] + out, NATIVE);
            s3x11.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 11] + out, NATIVE);
            s3x12.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 12] + out, NATIVE);
            s3x13.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 13] + out, NATIVE);
            s3x14.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 14] + out, NATIVE);
            s3x15.reinterpretAsBytes().intoMemorySegment(dst, outRow[m0 + 15] + out, NATIVE);
        }
    }
}
