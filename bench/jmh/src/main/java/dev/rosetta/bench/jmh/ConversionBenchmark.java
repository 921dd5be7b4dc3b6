package dev.rosetta.bench.jmh;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.ElementConversions;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * dtype and byte-order conversions of 2^25 elements (128 MiB as float32), single-threaded, next to a
 * memory copy of the float32 bytes. The {@code tensor*} benchmarks are the element-wise paths of
 * {@code dev.rosetta.ir.Tensor} the readers and writers call today, for comparison with the bulk
 * kernels of {@link ElementConversions}. Rates count the float32 side's bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Xms3g"})
public class ConversionBenchmark {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final long N = 1L << 25;

    private MemorySegment f32;
    private MemorySegment f32out;
    private MemorySegment f16;
    private MemorySegment bf16;
    private Tensor bigEndianF32;
    private Tensor f16Tensor;

    @Setup
    public void setUp() {
        f32 = Tensor.allocate(4 * N);
        f32out = Tensor.allocate(4 * N);
        f16 = Tensor.allocate(2 * N);
        bf16 = Tensor.allocate(2 * N);
        for (long i = 0; i < N; i++) {
            f32.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (i % 4099) * 0.37f - 700f);
        }
        ElementConversions.float32ToFloat16(f32, LE, f16, LE);
        ElementConversions.float32ToBfloat16(f32, LE, bf16, LE);
        bigEndianF32 = Tensor.of(DType.FLOAT32, new long[] {N}, f32, ByteOrder.BIG_ENDIAN);
        f16Tensor = Tensor.of(DType.FLOAT16, new long[] {N}, f16, LE);
    }

    @Benchmark
    public MemorySegment memcpy(Traffic traffic) {
        MemorySegment.copy(f32, 0, f32out, 0, 4 * N);
        traffic.bytes += 4 * N;
        return f32out;
    }

    @Benchmark
    public MemorySegment float16ToFloat32(Traffic traffic) {
        ElementConversions.float16ToFloat32(f16, LE, f32out, LE);
        traffic.bytes += 4 * N;
        return f32out;
    }

    @Benchmark
    public MemorySegment bfloat16ToFloat32(Traffic traffic) {
        ElementConversions.bfloat16ToFloat32(bf16, LE, f32out, LE);
        traffic.bytes += 4 * N;
        return f32out;
    }

    @Benchmark
    public MemorySegment float32ToFloat16(Traffic traffic) {
        ElementConversions.float32ToFloat16(f32, LE, f16, LE);
        traffic.bytes += 4 * N;
        return f16;
    }

    @Benchmark
    public MemorySegment swapBytesFloat32(Traffic traffic) {
        ElementConversions.swapBytes(f32, f32out, 4);
        traffic.bytes += 4 * N;
        return f32out;
    }

    /** Today's byte-order change: {@code Tensor.withByteOrder}, a byte-by-byte loop. */
    @Benchmark
    public Tensor tensorWithByteOrder(Traffic traffic) {
        Tensor t = bigEndianF32.withByteOrder(LE);
        traffic.bytes += 4 * N;
        return t;
    }

    /** Today's float16 widening: {@code Tensor.toFloatArray}, element by element. */
    @Benchmark
    public float[] tensorFloat16ToFloatArray(Traffic traffic) {
        float[] out = f16Tensor.toFloatArray();
        traffic.bytes += 4 * N;
        return out;
    }
}
