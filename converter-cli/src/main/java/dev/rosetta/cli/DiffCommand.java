package dev.rosetta.cli;

import dev.rosetta.error.ExitCode;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.naming.NameMap;
import dev.rosetta.layout.naming.NameMapJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rosetta diff A B [--name-map MAP.json]}: compares the weights of two files tensor by
 * tensor. Without a map, tensors pair by name; with one (as written by {@code convert --name-map}),
 * each tensor of A is renamed and re-laid-out as the map says before it is compared with B's.
 * Prints the max-abs difference per tensor; exit 0 when every tensor of A has its counterpart in B
 * within {@code --atol}, 1 otherwise.
 */
@Command(name = "diff", description = "Compare two weight files tensor by tensor (through a name map).")
final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The reference weights (any readable format).")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The weights to compare with A.")
    Path b;

    @Option(names = "--name-map", paramLabel = "MAP.json", description = "How A's tensors became B's (from convert --name-map).")
    Path nameMap;

    @Option(names = "--atol", paramLabel = "X", defaultValue = "0",
            description = "Largest absolute difference that still counts as equal (default 0: bit-exact values).")
    double atol;

    @Override
    public Integer call() {
        ModelLoader loader = new ModelLoader(FormatRegistry.load());
        FormatOptions weightsOnly = FormatOptions.none().with("weights-only", "true");
        NameMap map = nameMap == null ? null : NameMapJson.read(nameMap);
        PrintWriter out = spec.commandLine().getOut();
        try (Model ma = loader.load(a, null, weightsOnly).model(); Model mb = loader.load(b, null, weightsOnly).model()) {
            Map<String, Tensor> bt = new LinkedHashMap<>();
            for (Value v : mb.graph().initializers()) {
                bt.put(v.name(), v.constant());
            }
            int width = 8;
            for (Value v : ma.graph().initializers()) {
                width = Math.max(width, v.name().length());
            }
            out.printf("%-" + width + "s  %-" + width + "s  %-18s  %-10s  %s%n", "A", "B", "SHAPE (B)", "MAX_ABS", "RESULT");
            int bad = 0;
            int compared = 0;
            for (Value v : ma.graph().initializers()) {
                Tensor t = v.constant();
                String target = v.name();
                if (map != null) {
                    var entry = map.bySource(v.name());
                    if (entry.isPresent()) {
                        target = entry.get().targetName();
                        t = entry.get().transform().apply(t);
                    }
                }
                Tensor other = bt.remove(target);
                String result;
                double maxAbs = Double.NaN;
                if (other == null) {
                    result = "missing in B";
                } else if (!Arrays.equals(t.shape(), other.shape())) {
                    result = "shape " + Arrays.toString(t.shape()) + " vs " + Arrays.toString(other.shape());
                } else {
                    maxAbs = maxAbs(t, other);
                    result = maxAbs <= atol ? "ok" : "differs";
                }
                compared++;
                if (!result.equals("ok")) {
                    bad++;
                }
                out.printf("%-" + width + "s  %-" + width + "s  %-18s  %-10s  %s%n", v.name(), target,
                        other == null ? "-" : Arrays.toString(other.shape()),
                        Double.isNaN(maxAbs) ? "-" : String.format(java.util.Locale.ROOT, "%.3g", maxAbs), result);
            }
            bt.keySet().forEach(name -> out.println("(only in B) " + name));
            out.printf("%d tensors compared, %d differ or are missing; %d only in B%n", compared, bad, bt.size());
            out.flush();
            return bad == 0 ? ExitCode.SUCCESS.code() : ExitCode.MISMATCH.code();
        }
    }

    /** Largest |a - b| over all elements; a NaN on one side only is an infinite difference, NaN on both sides equal. */
    static double maxAbs(Tensor x, Tensor y) {
        double m = 0;
        long n = x.elementCount();
        for (long i = 0; i < n; i++) {
            double p = x.getDouble(i);
            double q = y.getDouble(i);
            if (Double.isNaN(p) || Double.isNaN(q)) {
                if (Double.isNaN(p) != Double.isNaN(q)) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            m = Math.max(m, Math.abs(p - q));
        }
        return m;
    }
}
