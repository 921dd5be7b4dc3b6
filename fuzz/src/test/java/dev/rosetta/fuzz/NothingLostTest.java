package dev.rosetta.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.cli.Main;
import dev.rosetta.convert.ConversionRequest;
import dev.rosetta.convert.Converter;
import dev.rosetta.error.ExitCode;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is lost: a conversion that fails (a full disk, an injected write failure) or is killed
 * with SIGKILL leaves the previous output as it was, or nothing, and no temporaries once the next
 * run is over; inputs are opened read-only and never change.
 */
class NothingLostTest {
    @TempDir
    Path dir;

    private static Path golden(String model, String file) {
        Path p = TestFiles.golden().resolve(model).resolve(file);
        Assumptions.assumeTrue(Files.isRegularFile(p), "golden model file " + p + " is absent");
        return p;
    }

    /** The CLI's exit code and what it printed. */
    private record Cli(int code, String out, String err) {
    }

    private static Cli rosetta(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(code, out.toString(), err.toString());
    }

    private static List<String> temporaries(Path folder) {
        return TestFiles.list(folder).stream().filter(n -> n.contains(AtomicOutput.TEMP_MARKER)).toList();
    }

    private static byte[] previousOutput() {
        byte[] b = new byte[1000];
        new Random(7).nextBytes(b);
        return b;
    }

    // --- a full disk

    @Test
    void aFilesystemThatFillsUpGivesAnIoErrorAndNoPartialOutput() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small-tmpfs"));
        String why = run("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", mount.toString());
        Assumptions.assumeTrue(why == null, () -> "cannot mount a 128 KiB tmpfs here (needs root and mount"
                + " rights): " + why + "; the injected write failure tests cover this case instead");
        try {
            Path in = golden("resnet_basic_narrow", "state_dict.pt");
            assertTrue(Files.size(in) > 2 * 128 * 1024, "the model is larger than the filesystem");
            // Onto an existing output: it stays as it was.
            Path previous = Files.write(mount.resolve("model.safetensors"), previousOutput());
            String before = TestFiles.sha256(previous);
            Cli r = rosetta("convert", in.toString(), "-o", previous.toString());
            assertEquals(ExitCode.IO_ERROR.code(), r.code(), () -> "exit code for a full disk; stderr: " + r.err());
            assertTrue(r.err().contains("No space left on device"), () -> "the error says why: " + r.err());
            assertEquals(before, TestFiles.sha256(previous), "the previous output is intact");
            assertEquals(List.of("model.safetensors"), TestFiles.list(mount), "no partial output, no temporaries");
            // Onto nothing, through another writer: nothing appears.
            Cli onnx = rosetta("convert", in.toString(), "-o", mount.resolve("model.onnx").toString());
            assertEquals(ExitCode.IO_ERROR.code(), onnx.code(), () -> "exit code for a full disk; stderr: " + onnx.err());
            assertEquals(List.of("model.safetensors"), TestFiles.list(mount), "no partial output, no temporaries");
        } finally {
            run("umount", mount.toString());
        }
    }

    @Test
    void anInjectedWriteFailureLeavesThePreviousOutputAndNoTemporaries() throws IOException {
        Path in = golden("convnet_flatten", "state_dict.pt");
        Path out = Files.write(dir.resolve("model" + DiskFullFormat.EXTENSION), previousOutput());
        String before = TestFiles.sha256(out);
        Converter converter = new Converter(FormatRegistry.load());
        RosettaIOException e = assertThrows(RosettaIOException.class, () -> converter.convert(
                new ConversionRequest(in, out, null, DiskFullFormat.NAME, FormatOptions.none(), FormatOptions.none())));
        assertEquals(ExitCode.IO_ERROR, e.exitCode());
        assertTrue(e.getMessage().contains(DiskFullFormat.MESSAGE), e.getMessage());
        assertEquals(before, TestFiles.sha256(out), "the previous output is intact");
        assertEquals(List.of(out.getFileName().toString()), TestFiles.list(dir), "no partial output, no temporaries");
        // The same through the command line, onto no previous output: exit 5 and nothing written.
        Path fresh = dir.resolve("fresh" + DiskFullFormat.EXTENSION);
        Cli r = rosetta("convert", in.toString(), "-o", fresh.toString());
        assertEquals(ExitCode.IO_ERROR.code(), r.code(), () -> "stderr: " + r.err());
        assertTrue(r.err().contains(DiskFullFormat.MESSAGE), r.err());
        assertFalse(Files.exists(fresh));
        assertEquals(List.of(out.getFileName().toString()), TestFiles.list(dir), "no partial output, no temporaries");
    }

    // --- SIGKILL

    @Test
    void sigkillMidWriteLeavesThePreviousOutputAndTheNextRunCleansUp() throws Exception {
        Path big = bigNpy(dir.resolve("big.npy"), 300L << 20);
        Path small = Files.copy(golden("convnet_flatten", "input.npy"), dir.resolve("small.npy"));
        Path outDir = Files.createDirectories(dir.resolve("out"));
        Path out = outDir.resolve("weights.safetensors");
        Cli first = rosetta("convert", small.toString(), "-o", out.toString());
        assertEquals(0, first.code(), first.err());
        String before = TestFiles.sha256(out);

        Process child = new ProcessBuilder(TestFiles.javaCommand("-Xmx512m", Main.class.getName(), "convert", big.toString(),
                "-o", out.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long seen = waitForTemporary(outDir, child, 1L << 20);
        child.destroyForcibly();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the killed JVM is gone");
        assertTrue(seen > 0, () -> "the conversion was killed mid-write (a temporary of its output was growing);"
                + " child log: " + read(dir.resolve("child.log")));
        assertNotEquals(0, child.exitValue());
        assertEquals(before, TestFiles.sha256(out), "the previous output is intact");
        assertFalse(temporaries(outDir).isEmpty(), "SIGKILL leaves its temporary (nothing can delete it)");

        Cli next = rosetta("convert", small.toString(), "-o", out.toString());
        assertEquals(0, next.code(), next.err());
        assertEquals(List.of(), temporaries(outDir), "the next run removed the leftover temporary");
        assertEquals(List.of("weights.safetensors"), TestFiles.list(outDir));
    }

    @Test
    void temporariesOfAKilledRunAreRemovedByTheNextRunExternalDataIncluded() throws IOException {
        Path outDir = Files.createDirectories(dir.resolve("onnx"));
        // What a run killed while writing model.onnx with --external-data leaves behind.
        Files.write(outDir.resolve(".model.onnx" + AtomicOutput.TEMP_MARKER + "killed"), new byte[100]);
        Files.write(outDir.resolve(".model.onnx.data" + AtomicOutput.TEMP_MARKER + "killed"), new byte[100]);
        Cli r = rosetta("convert", golden("convnet_flatten", "model.onnx").toString(), "-o",
                outDir.resolve("model.onnx").toString(), "--external-data");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("model.onnx", "model.onnx.data"), TestFiles.list(outDir), "no temporaries are left");
    }

    /** Waits until a temporary of the output holds at least {@code bytes}; returns its size, or 0 if the child ended first. */
    private static long waitForTemporary(Path outDir, Process child, long bytes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline && child.isAlive()) {
            for (String t : temporaries(outDir)) {
                try {
                    long n = Files.size(outDir.resolve(t));
                    if (n >= bytes) {
                        return n;
                    }
                } catch (IOException vanished) {
                    // renamed or deleted between listing and sizing
                }
            }
            Thread.sleep(1);
        }
        return 0;
    }

    /** A little-endian float32 {@code .npy} of about {@code bytes}, all zeros (a sparse file: no disk, no time). */
    private static Path bigNpy(Path file, long bytes) throws IOException {
        long n = bytes / 4;
        byte[] npy = HostileFiles.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ",), }", new byte[0]);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN));
            ch.write(ByteBuffer.wrap(new byte[] {0}), npy.length + n * 4 - 1);
        }
        return file;
    }

    // --- read-only inputs

    @Test
    void inputsAreOpenedReadOnlyAndNeverChange() throws Exception {
        Path in = Files.copy(golden("resnet_basic_narrow", "state_dict.pt"), dir.resolve("state_dict.pt"));
        Files.setPosixFilePermissions(in, PosixFilePermissions.fromString("r--r--r--"));
        // Root ignores permission bits; the immutable attribute stops even root from opening it for writing.
        boolean immutable = run("chattr", "+i", in.toString()) == null;
        try {
            String hash = TestFiles.sha256(in);
            long modified = Files.getLastModifiedTime(in).toMillis();
            for (String ext : List.of(".onnx", ".safetensors", ".pt")) {
                Cli r = rosetta("convert", in.toString(), "-o", dir.resolve("out" + ext).toString());
                assertEquals(0, r.code(), () -> ext + ": " + r.err());
                assertTrue(Files.size(dir.resolve("out" + ext)) > 0);
            }
            new Converter(FormatRegistry.load()).convert(new ConversionRequest(in, dir.resolve("api.npz"), null, null,
                    FormatOptions.none().with("weights-only", "true"), FormatOptions.none()));
            assertEquals(hash, TestFiles.sha256(in), "the input's bytes are unchanged");
            assertEquals(modified, Files.getLastModifiedTime(in).toMillis(), "the input was not touched");
            assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(in)));
        } finally {
            if (immutable) {
                run("chattr", "-i", in.toString());
            }
        }
    }

    // --- helpers

    /** Runs a command; {@code null} when it succeeded, else what it printed. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? null : "'" + String.join(" ", command) + "' exited " + p.exitValue() + ": " + output;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
