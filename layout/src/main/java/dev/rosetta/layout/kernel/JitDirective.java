package dev.rosetta.layout.kernel;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Keeps methods away from the JIT's first tier (C1) with a compiler directive, so they are
 * interpreted, profiled and then compiled by the optimizing compiler (C2). {@link VectorTranspose}
 * needs this: C1 cannot compile its block loops at the profiling tier (out of virtual registers),
 * and when C2's queue is busy the JIT compiles them at C1's limited-profile tier instead, which
 * collects no profile, so they never reach C2 and run about 20x slower than the scalar kernels
 * (3 runs in 8 of a 100 MB 5x5 kernel on 2 cores; 10 in 10 fast with the directive). The
 * directive goes through the {@code DiagnosticCommand} MBean's {@code compilerDirectivesAdd},
 * which reads a file, so a temporary file holds it for the call.
 */
final class JitDirective {
    private JitDirective() {
    }

    /**
     * Excludes the methods matching {@code pattern} (the directive syntax:
     * {@code package/Class.method*}) from C1; false when the directive could not be added (no
     * management support in this runtime, or a refusal), true when it was.
     */
    static boolean excludeFromC1(String pattern) {
        Path file = null;
        try {
            file = Files.createTempFile("rosetta-jit", ".json");
            Files.writeString(file, "[{ match: \"" + pattern + "\", c1: { Exclude: true } }]");
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            return String.valueOf(answer).trim().startsWith("1 ");
        } catch (IOException | JMException | RuntimeException | LinkageError e) {
            return false;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover temporary file of a few bytes
                }
            }
        }
    }
}
