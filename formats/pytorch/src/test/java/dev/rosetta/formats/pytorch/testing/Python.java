package dev.rosetta.formats.pytorch.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code /usr/bin/python3} (with PyTorch when it is installed) for oracle tests.
 * Availability is probed once per JVM.
 */
public final class Python {
    public static final Path PYTHON = Path.of("/usr/bin/python3");
    private static Boolean python;
    private static Boolean torch;

    private Python() {
    }

    /** True when {@code /usr/bin/python3} runs. */
    public static synchronized boolean available() {
        if (python == null) {
            python = Files.isExecutable(PYTHON) && probe("import sys");
        }
        return python;
    }

    /** True when {@code /usr/bin/python3 -c "import torch"} succeeds. */
    public static synchronized boolean torchAvailable() {
        if (torch == null) {
            torch = available() && probe("import torch");
        }
        return torch;
    }

    private static boolean probe(String code) {
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", code).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The path of a script under {@code src/test/resources/scripts}. */
    public static Path script(String name) {
        try {
            return Path.of(Python.class.getResource("/scripts/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs a Python script and returns its standard output.
     *
     * @throws AssertionError when it exits with a non-zero status (its output is in the message)
     */
    public static String run(Path script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Path err = Files.createTempFile("python-stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python " + script.getFileName() + " did not finish");
        }
        String stderr = Files.readString(err);
        Files.deleteIfExists(err);
        if (p.exitValue() != 0) {
            throw new AssertionError("python " + script.getFileName() + " failed (" + p.exitValue() + "):\n" + stderr + "\n" + out);
        }
        return out;
    }
}
