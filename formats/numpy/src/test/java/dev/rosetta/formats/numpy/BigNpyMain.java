package dev.rosetta.formats.numpy;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Run in a child JVM with a small heap by {@link BigNpyTest}: detects and reads a large .npy
 * through the provider and prints what it found, one {@code key=value} per line.
 */
public final class BigNpyMain {
    private BigNpyMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long start = System.nanoTime();
        String detected = FormatRegistry.load().detect(file).name();
        try (Model model = new NpyFormat().read(file, FormatOptions.none())) {
            Tensor t = model.graph().initializers().getFirst().constant();
            long n = t.elementCount();
            float last = (float) t.getDouble(n - 1);
            double middle = t.getDouble(n / 2);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            Runtime rt = Runtime.getRuntime();
            System.out.println("detected=" + detected);
            System.out.println("name=" + model.graph().initializers().getFirst().name());
            System.out.println("shape=" + Arrays.toString(t.shape()));
            System.out.println("bytes=" + t.byteSize());
            System.out.println("mapped=" + t.data().isMapped());
            System.out.println("lastBits=" + Integer.toHexString(Float.floatToRawIntBits(last)));
            System.out.println("middle=" + middle);
            System.out.println("maxHeap=" + rt.maxMemory());
            System.out.println("usedHeap=" + (rt.totalMemory() - rt.freeMemory()));
            System.out.println("millis=" + elapsed);
        }
    }
}
