package dev.rosetta.layout.kernel;

/**
 * Whether the SIMD kernels ({@link VectorTranspose}) can run: the JVM resolved the incubating
 * {@code jdk.incubator.vector} module ({@code --add-modules jdk.incubator.vector}) and the CPU has
 * 512-bit vectors. Answers without loading any class of that module when it is absent; the
 * property {@code rosetta.simd=false} turns the kernels off.
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
        try {
            return Wide.preferredBits() >= 512;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Touches the vector API only when called. */
    private static final class Wide {
        static int preferredBits() {
            return jdk.incubator.vector.IntVector.SPECIES_PREFERRED.vectorBitSize();
        }
    }
}
