package dev.rosetta.bench.jmh;

import dev.rosetta.ir.Tensor;
import dev.rosetta.layout.kernel.Transpose;
import dev.rosetta.layout.kernel.WeightPermutations;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
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
 * OIHW⇄HWIO of ~100 MB float32 convolution kernels against a memory copy of the same bytes, on
 * one thread and on all processors ({@code threads = 0}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Xms3g", "--add-modules", "jdk.incubator.vector"})
public class ConvPermutationBenchmark {
    /** OIHW shapes: a big 3x3, a 5x5 and a 1x1 convolution, each about 100 MB of float32. */
    @Param({"2048x1280x3x3", "1024x1024x5x5", "16384x1600x1x1"})
    public String shape;

    /** Threads for both the copy and the permutation; 0 = all available processors. */
    @Param({"1", "0"})
    public int threads;

    /**
     * Where both tensors live: {@code heap} (a {@code byte[]}, as {@code Tensor.allocate} makes
     * tensors up to 2 GiB) or {@code native} (off-heap, as a mapped source file and the writers'
     * scratch buffer are: the path a conversion's re-laid weights take).
     */
    @Param({"heap", "native"})
    public String memory;

    private long[] oihw;
    private long[] hwio;
    private MemorySegment src;
    private MemorySegment dst;
    private int n;

    @Setup
    public void setUp() {
        oihw = Arrays.stream(shape.split("x")).mapToLong(Long::parseLong).toArray();
        hwio = WeightPermutations.OIHW_TO_HWIO.apply(oihw);
        long bytes = Tensor.elementCount(oihw) * 4;
        src = memory.equals("native") ? Arena.ofShared().allocate(bytes, 64) : Tensor.allocate(bytes);
        dst = memory.equals("native") ? Arena.ofShared().allocate(bytes, 64) : Tensor.allocate(bytes);
        for (long i = 0; i < src.byteSize() / 4; i++) {
            src.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, i * 0.25f);
        }
        n = ParallelCopy.resolve(threads);
    }

    @Benchmark
    public MemorySegment memcpy(Traffic traffic) {
        ParallelCopy.copy(src, dst, n);
        traffic.bytes += src.byteSize();
        return dst;
    }

    /**
     * The same copy made in 1 MiB pieces. Above a few MiB the JDK's copy writes without reading
     * the destination's cache lines first (streaming stores, about 1.5x faster here); in pieces of
     * 1 MiB it reads them, as every store a Java kernel can make does. Shows how much of the gap
     * between a permutation and {@link #memcpy} is that write path.
     */
    @Benchmark
    public MemorySegment memcpyInPieces(Traffic traffic) {
        ParallelCopy.copyInPieces(src, dst, n, 1 << 20);
        traffic.bytes += src.byteSize();
        return dst;
    }

    @Benchmark
    public MemorySegment oihwToHwio(Traffic traffic) {
        Transpose.permute(src, oihw, 4, WeightPermutations.OIHW_TO_HWIO, dst, n);
        traffic.bytes += src.byteSize();
        return dst;
    }

    @Benchmark
    public MemorySegment hwioToOihw(Traffic traffic) {
        Transpose.permute(src, hwio, 4, WeightPermutations.HWIO_TO_OIHW, dst, n);
        traffic.bytes += src.byteSize();
        return dst;
    }
}
