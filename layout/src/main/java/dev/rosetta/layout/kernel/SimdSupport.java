package dev.rosetta.layout.kernel;

/**
 * Whether the SIMD kernels ({@link VectorTranspose}) can run: the JVM resolved the incubating
 * {@code jdk.incubator.vector} module ({@code --add-modules jdk.incubator.vector}), the CPU has
 * 512-bit vectors, and the optimizing JIT is on (with {@code -Xint} or
 * {@code -XX:TieredStopAtLevel} below 4, as the launcher sets for short jobs, vector code is never
 * compiled to vector instructions and runs far slower than the scalar kernels), and the kernel's
 * block loops could be kept from C1 ({@link JitDirective}: else the JIT may leave them at a C1
 * tier for good, far slower than the scalar kernels). Answers without
 * loading any class of that module when it is absent; the property {@code rosetta.simd=false}
 * turns the kernels off.
 */
final class SimdSupport {
    private static final boolean AVAILABLE = probe();

    private SimdSupport() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    private static boolean probe() {
        if (!Boolean.parseBoolean(System.getProperty("rosetta.simd", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        if (!optimizingJit()) {
            return false;
        }
        try {
            if (Wide.preferredBits() < 512) {
                return false;
            }
        } catch (LinkageError e) {
            return false;
        }
        return JitDirective.excludeFromC1("dev/rosetta/layout/kernel/VectorTranspose.blocks*");
    }

    /** False under {@code -Xint} or when the last {@code -XX:TieredStopAtLevel} is below 4. */
    private static boolean optimizingJit() {
        boolean on = true;
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.equals("-Xint")) {
                return false;
            }
            if (arg.startsWith("-XX:TieredStopAtLevel=")) {
                on = arg.equals("-XX:TieredStopAtLevel=4");
            }
        }
        return on;
    }

    /** Touches the vector API only when called. */
    private static final class Wide {
        static int preferredBits() {
            return jdk.incubator.vector.IntVector.SPECIES_PREFERRED.vectorBitSize();
        }
    }
}
