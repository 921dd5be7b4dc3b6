package dev.rosetta.formats.onnx;

import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.io.RandomAccessFile;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM with a small heap by {@link LargeModelTest}: makes a model whose one
 * initializer is {@value #ELEMENTS} float32 values (over 2 GB) held by a sparse mapped file, writes
 * it as ONNX (external data is chosen automatically), reads it back mapped and checks the marked
 * values and the tail. Prints one line of timings.
 */
public final class LargeModelMain {
    static final long ELEMENTS = 560_000_000L;
    static final long[] MARKS = {0, 1, 123_456_789, ELEMENTS - 1};

    private LargeModelMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path source = dir.resolve("source.bin");
        try (RandomAccessFile f = new RandomAccessFile(source.toFile(), "rw")) {
            f.setLength(ELEMENTS * 4);
            for (long m : MARKS) {
                f.seek(m * 4);
                f.writeInt(Integer.reverseBytes(Float.floatToIntBits(m + 0.5f)));
            }
        }
        long t0 = System.nanoTime();
        Path target = dir.resolve("big.onnx");
        try (MappedFile mapped = MappedFile.open(source)) {
            Tensor w = Tensor.of(DType.FLOAT32, new long[] {ELEMENTS}, mapped.segment(), ByteOrder.LITTLE_ENDIAN);
            Graph g = new Graph("big");
            Value idx = g.addInput(new Value("idx", DType.INT64, Shape.of(MARKS.length), Layout.NONE));
            Value wv = g.addInitializer(Value.constant("w", w, Layout.NONE));
            Value y = new Value("y", DType.FLOAT32, Shape.of(MARKS.length), Layout.NONE);
            g.addNode(new Node("gather", "Gather", List.of(wv, idx), List.of(y), Map.of()));
            g.addOutput(y);
            Model m = new Model(g, "test");
            AtomicOutput.write(target, tmp -> new OnnxFormat().write(m, tmp, FormatOptions.none()));
        }
        long t1 = System.nanoTime();
        Path data = dir.resolve("big.onnx.data");
        if (!Files.exists(data) || Files.size(data) < ELEMENTS * 4 || Files.size(target) > 1_000_000) {
            throw new AssertionError("expected a small model and a side file of " + ELEMENTS * 4 + " bytes");
        }
        try (Model back = new OnnxFormat().read(target, FormatOptions.none())) {
            Tensor w = back.graph().initializer("w").constant();
            if (w.elementCount() != ELEMENTS) {
                throw new AssertionError("read back " + w.elementCount() + " elements");
            }
            for (long m : MARKS) {
                float v = w.data().get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), m * 4);
                if (v != m + 0.5f) {
                    throw new AssertionError("element " + m + " is " + v);
                }
            }
            if (w.getDouble(ELEMENTS / 2) != 0) {
                throw new AssertionError("a zero element is not zero");
            }
        }
        long t2 = System.nanoTime();
        System.out.printf("LARGE-OK write %.1f s, read+check %.1f s, data file %d bytes, max heap %d MB%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, Files.size(data), Runtime.getRuntime().maxMemory() >> 20);
    }
}
