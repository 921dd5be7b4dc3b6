package dev.rosetta.formats.onnx;

import dev.rosetta.formats.onnx.ops.OnnxOps;
import dev.rosetta.ir.Model;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the ONNX format supports, asked of a model: the {@code inspect} command lists every
 * unsupported item at once with these, and a strict read or a write fails with the same list.
 */
public final class OnnxSupport {
    private OnnxSupport() {
    }

    /** The ONNX operators (default domain) Rosetta reads and writes, sorted. */
    public static List<String> supportedOps() {
        return OnnxOps.supported();
    }

    /** The items a lenient read ({@link OnnxReader.Mode#KEEP_UNSUPPORTED}) found unsupported. */
    public static List<String> readIssues(Model model) {
        String s = model.metadata().get(OnnxReader.UNSUPPORTED_KEY);
        return s == null || s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }

    /**
     * What stops {@code model} from being written as ONNX at {@code opset}, one item a line
     * (unknown ops, variants the opset cannot express, channels-last nodes). Does not write.
     */
    public static List<String> exportIssues(Model model, int opset) {
        return new OnnxExporter(model, OnnxWriteOptions.of(opset)).check();
    }

    /**
     * Every unsupported item of a model read from ONNX or made otherwise: the read issues and,
     * when there are none, the issues of writing it at the default opset.
     */
    public static List<String> unsupportedOps(Model model) {
        Set<String> all = new LinkedHashSet<>(readIssues(model));
        if (all.isEmpty()) {
            all.addAll(exportIssues(model, OnnxWriteOptions.DEFAULT_OPSET));
        }
        return new ArrayList<>(all);
    }
}
