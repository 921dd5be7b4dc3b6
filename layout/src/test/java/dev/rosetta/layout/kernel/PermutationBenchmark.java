package dev.rosetta.layout.kernel;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;

/**
 * Not a test: a JMH-free microbenchmark. Times the OIHW→HWIO permutation of ~100 MB float32
 * kernels (on one thread and on all processors) against {@link MemorySegment#copy} of the same bytes and prints GB/s and the ratio.
 *
 * <p>Run: {@code mvn -q -pl layout test-compile} then
 * {@code java -cp layout/target/classes:layout/target/test-classes:ir/target/classes
 * dev.rosetta.layout.kernel.PermutationBenchmark [iterations]}.
 */
public final class PermutationBenchmark {
    private PermutationBenchmark() {
    }

    public static void main(String[] args) {
        int iters = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long[][] shapes = {{1024, 1024, 5, 5}, {2048, 1422, 3, 3}, {5120, 5120, 1, 1}, {512, 512, 10, 10}};
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "%d processors; median of %d runs; GB/s = tensor bytes / time%n", cores, iters);
        System.out.printf(Locale.ROOT, "%-22s %7s %10s %12s %7s %12s %7s%n", "OIHW shape", "MB", "copy GB/s",
                "perm 1T GB/s", "ratio", "perm " + cores + "T GB/s", "ratio");
        for (long[] shape : shapes) {
            long n = Tensor.elementCount(shape);
            MemorySegment src = Tensor.allocate(n * 4);
            for (long i = 0; i < n; i += 1024) {
                src.set(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, i * 4, i);
            }
            Tensor t = Tensor.of(DType.FLOAT32, shape, src, ByteOrder.LITTLE_ENDIAN);
            MemorySegment dst = Tensor.allocate(n * 4);
            double copy = best(iters, () -> MemorySegment.copy(t.data(), 0, dst, 0, t.byteSize()));
            double one = best(iters, () -> Transpose.permute(t.data(), shape, 4, WeightPermutations.OIHW_TO_HWIO, dst, 1));
            double all = best(iters, () -> Transpose.permute(t.data(), shape, 4, WeightPermutations.OIHW_TO_HWIO, dst, cores));
            double gb = t.byteSize() / 1e9;
            System.out.printf(Locale.ROOT, "%-22s %7.1f %10.2f %12.2f %6.0f%% %12.2f %6.0f%%%n", Arrays.toString(shape),
                    t.byteSize() / 1e6, gb / copy, gb / one, 100 * copy / one, gb / all, 100 * copy / all);
        }
    }

    /** Median of {@code iters} timed runs after a warm-up, in seconds. */
    private static double best(int iters, Runnable r) {
        for (int i = 0; i < 5; i++) {
            r.run();
        }
        double[] s = new double[iters];
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            r.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(s);
        return s[iters / 2];
    }
}
