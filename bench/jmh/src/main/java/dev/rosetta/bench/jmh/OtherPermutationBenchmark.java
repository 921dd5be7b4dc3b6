package dev.rosetta.bench.jmh;

import dev.rosetta.ir.Tensor;
import dev.rosetta.layout.kernel.Transpose;
import dev.rosetta.layout.kernel.TransformStep;
import dev.rosetta.layout.kernel.WeightPermutations;
import dev.rosetta.layout.kernel.WeightTransform;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The other weight permutations on ~100 MB float32 tensors, each as the kernel runs it (the
 * transform's single view-and-transpose step), next to a memory copy of the same bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Xms3g", "--add-modules", "jdk.incubator.vector"})
public class OtherPermutationBenchmark {
    /** Threads for both the copy and the permutation; 0 = all available processors. */
    @Param({"1", "0"})
    public int threads;

    /** Depthwise (C·M, 1, H, W) with C = 2^20, M = 1, 5x5: 105 MB. */
    private static final long[] DEPTHWISE = {1 << 20, 1, 5, 5};
    /** Dense (out, in) 5120 x 5120: 105 MB. */
    private static final long[] DENSE = {5120, 5120};
    /** Dense (out, C·H·W) after flattening a 512 x 7 x 7 map, 1024 outputs: 103 MB. */
    private static final long[] FLATTEN = {1024, 512 * 7 * 7};

    private TransformStep depthwise;
    private TransformStep dense;
    private TransformStep flatten;
    private MemorySegment src;
    private MemorySegment dst;
    private int n;

    @Setup
    public void setUp() {
        depthwise = only(WeightPermutations.depthwiseOihwToHwcm(DEPTHWISE, DEPTHWISE[0]));
        dense = only(WeightPermutations.oiToIo(DENSE));
        flatten = only(WeightPermutations.flattenChwToHwc(FLATTEN, 1, 512, 7, 7));
        long bytes = 4 * Math.max(Tensor.elementCount(DEPTHWISE), Math.max(Tensor.elementCount(DENSE),
                Tensor.elementCount(FLATTEN)));
        src = Tensor.allocate(bytes);
        dst = Tensor.allocate(bytes);
        for (long i = 0; i < bytes; i += 4096) {
            src.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, i, (int) i);
        }
        n = ParallelCopy.resolve(threads);
    }

    private static TransformStep only(WeightTransform t) {
        if (t.steps().size() != 1) {
            throw new IllegalStateException(t + " is not one transpose step");
        }
        return t.steps().get(0);
    }

    private long run(TransformStep step, Traffic traffic) {
        long bytes = 4 * Tensor.elementCount(step.view());
        Transpose.permute(src.asSlice(0, bytes), step.view(), 4, step.perm(), dst.asSlice(0, bytes), n);
        traffic.bytes += bytes;
        return bytes;
    }

    @Benchmark
    public MemorySegment memcpy(Traffic traffic) {
        long bytes = 4 * Tensor.elementCount(DENSE);
        ParallelCopy.copy(src.asSlice(0, bytes), dst.asSlice(0, bytes), n);
        traffic.bytes += bytes;
        return dst;
    }

    @Benchmark
    public long depthwiseOihwToHwcm(Traffic traffic) {
        return run(depthwise, traffic);
    }

    @Benchmark
    public long denseOiToIo(Traffic traffic) {
        return run(dense, traffic);
    }

    @Benchmark
    public long flattenChwToHwc(Traffic traffic) {
        return run(flatten, traffic);
    }
}
