package dev.rosetta.formats.safetensors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code /usr/bin/python3} with numpy, when present, for oracle tests. */
final class PythonOracle {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static Boolean available;

    private PythonOracle() {
    }

    /** True when /usr/bin/python3 runs and imports numpy. */
    static synchronized boolean hasNumpy() {
        if (available == null) {
            try {
                available = Files.isExecutable(PYTHON) && run(List.of("-c", "import numpy, json")).exit == 0;
            } catch (IOException e) {
                available = false;
            }
        }
        return available;
    }

    record Result(int exit, String stdout, String stderr) {
    }

    /** Runs python with {@code args}; fails after two minutes. */
    static Result run(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(PYTHON.toString());
        cmd.addAll(args);
        Path out = Files.createTempFile("py-out", ".txt");
        Path err = Files.createTempFile("py-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("python timed out: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The path of a script among the test resources. */
    static Path script(String name) {
        try {
            return Path.of(PythonOracle.class.getResource(name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("test resource " + name + " missing", e);
        }
    }
}
