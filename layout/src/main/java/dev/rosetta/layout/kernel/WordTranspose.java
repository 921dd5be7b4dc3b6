package dev.rosetta.layout.kernel;

/**
 * Transposes a tile of 1-, 2-, 4- or 8-byte elements packed into {@code long} words, in place of
 * an element-by-element loop: a word holds {@code k = 8 / elementSize} elements, and a k×k block
 * of elements (k words in, k words out) is transposed with masks and shifts, so a 4-byte tile
 * costs one load and one store per two elements and a 1-byte tile one per eight.
 *
 * <p>Layout: input row {@code q} (of {@code t}) starts at word {@code q * inPitch} and holds
 * columns {@code 0..jj-1}; output row {@code j} starts at word {@code j * outPitch} and receives
 * {@code in[q][j]} at element {@code q}. Element {@code e} of a word is its bits
 * {@code 8·eb·e .. 8·eb·(e+1)-1}, i.e. memory order on a little-endian host. Rows past {@code t}
 * and columns past {@code jj} up to the next multiple of k are read and written as don't-care
 * padding, so both arrays must have room for {@code t} and {@code jj} rounded up to k.
 */
final class WordTranspose {
    private static final long LO8 = 0x00FF00FF00FF00FFL;
    private static final long LO16 = 0x0000FFFF0000FFFFL;
    private static final long LO32 = 0x00000000FFFFFFFFL;

    private WordTranspose() {
    }

    /** {@code out[j][q] = in[q][j]} for {@code q < t}, {@code j < jj}, elements of {@code eb} bytes. */
    static void flip(int eb, long[] in, int inPitch, long[] out, int outPitch, int t, int jj) {
        switch (eb) {
            case 1 -> flip1(in, inPitch, out, outPitch, t, jj);
            case 2 -> flip2(in, inPitch, out, outPitch, t, jj);
            case 4 -> flip4(in, inPitch, out, outPitch, t, jj);
            case 8 -> flip8(in, inPitch, out, outPitch, t, jj);
            default -> throw new IllegalArgumentException("element size " + eb + " is not 1, 2, 4 or 8");
        }
    }

    /** Even elements of {@code x} interleaved with even elements of {@code y} (fields of {@code s} bits). */
    private static long evens(long x, long y, long mask, int s) {
        return (x & mask) | ((y & mask) << s);
    }

    /** Odd elements of {@code x} interleaved with odd elements of {@code y} (fields of {@code s} bits). */
    private static long odds(long x, long y, long mask, int s) {
        return ((x >>> s) & mask) | (y & ~mask);
    }

    private static void flip8(long[] in, int inPitch, long[] out, int outPitch, int t, int jj) {
        for (int q = 0; q < t; q++) {
            int i = q * inPitch;
            for (int j = 0; j < jj; j++) {
                out[j * outPitch + q] = in[i + j];
            }
        }
    }

    private static void flip4(long[] in, int inPitch, long[] out, int outPitch, int t, int jj) {
        int words = (jj + 1) >>> 1;
        for (int q = 0; q < t; q += 2) {
            int i0 = q * inPitch;
            int i1 = i0 + inPitch;
            int o = q >>> 1;
            for (int w = 0; w < words; w++) {
                long x = in[i0 + w];
                long y = in[i1 + w];
                int o0 = 2 * w * outPitch + o;
                out[o0] = evens(x, y, LO32, 32);
                out[o0 + outPitch] = odds(x, y, LO32, 32);
            }
        }
    }

    private static void flip2(long[] in, int inPitch, long[] out, int outPitch, int t, int jj) {
        int words = (jj + 3) >>> 2;
        for (int q = 0; q < t; q += 4) {
            int i0 = q * inPitch;
            int o = q >>> 2;
            for (int w = 0; w < words; w++) {
                long r0 = in[i0 + w];
                long r1 = in[i0 + inPitch + w];
                long r2 = in[i0 + 2 * inPitch + w];
                long r3 = in[i0 + 3 * inPitch + w];
                long e01 = evens(r0, r1, LO16, 16);
                long o01 = odds(r0, r1, LO16, 16);
                long e23 = evens(r2, r3, LO16, 16);
                long o23 = odds(r2, r3, LO16, 16);
                int o0 = 4 * w * outPitch + o;
                out[o0] = evens(e01, e23, LO32, 32);
                out[o0 + outPitch] = evens(o01, o23, LO32, 32);
                out[o0 + 2 * outPitch] = odds(e01, e23, LO32, 32);
                out[o0 + 3 * outPitch] = odds(o01, o23, LO32, 32);
            }
        }
    }

    private static void flip1(long[] in, int inPitch, long[] out, int outPitch, int t, int jj) {
        int words = (jj + 7) >>> 3;
        for (int q = 0; q < t; q += 8) {
            int i0 = q * inPitch;
            int o = q >>> 3;
            for (int w = 0; w < words; w++) {
                int i = i0 + w;
                long r0 = in[i];
                long r1 = in[i + inPitch];
                long r2 = in[i + 2 * inPitch];
                long r3 = in[i + 3 * inPitch];
                long r4 = in[i + 4 * inPitch];
                long r5 = in[i + 5 * inPitch];
                long r6 = in[i + 6 * inPitch];
                long r7 = in[i + 7 * inPitch];
                // bytes: p* hold elements 0,2,4,6 of a row pair, n* elements 1,3,5,7
                long p01 = evens(r0, r1, LO8, 8);
                long n01 = odds(r0, r1, LO8, 8);
                long p23 = evens(r2, r3, LO8, 8);
                long n23 = odds(r2, r3, LO8, 8);
                long p45 = evens(r4, r5, LO8, 8);
                long n45 = odds(r4, r5, LO8, 8);
                long p67 = evens(r6, r7, LO8, 8);
                long n67 = odds(r6, r7, LO8, 8);
                // 16-bit fields: rows 0-3 (or 4-7) of elements {0,4}, {2,6}, {1,5}, {3,7}
                long a04 = evens(p01, p23, LO16, 16);
                long a26 = odds(p01, p23, LO16, 16);
                long a15 = evens(n01, n23, LO16, 16);
                long a37 = odds(n01, n23, LO16, 16);
                long b04 = evens(p45, p67, LO16, 16);
                long b26 = odds(p45, p67, LO16, 16);
                long b15 = evens(n45, n67, LO16, 16);
                long b37 = odds(n45, n67, LO16, 16);
                int o0 = 8 * w * outPitch + o;
                out[o0] = evens(a04, b04, LO32, 32);
                out[o0 + outPitch] = evens(a15, b15, LO32, 32);
                out[o0 + 2 * outPitch] = evens(a26, b26, LO32, 32);
                out[o0 + 3 * outPitch] = evens(a37, b37, LO32, 32);
                out[o0 + 4 * outPitch] = odds(a04, b04, LO32, 32);
                out[o0 + 5 * outPitch] = odds(a15, b15, LO32, 32);
                out[o0 + 6 * outPitch] = odds(a26, b26, LO32, 32);
                out[o0 + 7 * outPitch] = odds(a37, b37, LO32, 32);
            }
        }
    }
}
