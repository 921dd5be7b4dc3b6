package dev.rosetta.runtime.pytorch;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's python3 with python3-onnx (and numpy, torch where a test needs them) as an oracle. */
final class PythonOnnx {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static String reason;
    private static boolean probed;

    private PythonOnnx() {
    }

    /** Why the oracle cannot run, or {@code null} when it can. */
    static synchronized String unavailableReason() {
        if (!probed) {
            probed = true;
            if (!Files.isExecutable(PYTHON)) {
                reason = PYTHON + " is not installed";
            } else {
                try {
                    run(List.of("-c", "import onnx, numpy"));
                } catch (IOException | RuntimeException e) {
                    reason = "python3-onnx or python3-numpy missing: " + e.getMessage();
                }
            }
        }
        return reason;
    }

    static Path script(String resource) {
        try {
            return Path.of(PythonOnnx.class.getResource("/" + resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs python3 with these arguments; throws with its output when it fails. */
    static String run(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(PYTHON.toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("python3 " + args + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
