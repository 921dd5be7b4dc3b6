package dev.rosetta.runtime;

import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.report.Divergence;
import dev.rosetta.runtime.report.OutputReport;
import dev.rosetta.runtime.report.PerLayerReport;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-layer diagnosis: walks the source's intermediates in its topological order, compares each
 * with the converted model's value of the same name (or the name the name map gives), and stops at
 * the first that fails the tolerance.
 *
 * <p>When both values carry known, different activation layouts (NCHW vs NHWC), the converted
 * value is permuted into the source's layout first. Values whose shapes still differ are skipped
 * and counted, not reported as divergences: a name shared by accident must not mask the real one.
 */
public final class LayerDiagnosis {

    /**
     * The outcome.
     *
     * @param report the summary
     * @param firstDivergence the first failing value, or {@code null}
     */
    public record Result(PerLayerReport report, Divergence firstDivergence) {
    }

    private LayerDiagnosis() {
    }

    /**
     * @param source the source's intermediates, topologically ordered
     * @param converted the converted model's intermediates
     * @param nameMap source name to converted name; names absent from it are looked up as they are
     */
    public static Result diagnose(List<Intermediate> source, List<Intermediate> converted, Map<String, String> nameMap,
                                  Tolerance tolerance, String sourceBackend, String convertedBackend) {
        Map<String, Intermediate> byName = new HashMap<>();
        for (Intermediate i : converted) {
            byName.putIfAbsent(i.value(), i);
        }
        int matched = 0;
        int compared = 0;
        int skipped = 0;
        for (Intermediate s : source) {
            String otherName = nameMap.getOrDefault(s.value(), s.value());
            Intermediate c = byName.get(otherName);
            if (c == null) {
                continue;
            }
            matched++;
            Tensor actual = c.tensor();
            int[] perm = Tensors.layoutPermutation(c.layout(), s.layout());
            if (perm != null && actual.rank() == perm.length) {
                actual = Tensors.transpose(actual, perm);
            }
            if (!Arrays.equals(actual.shape(), s.tensor().shape()) || actual.dtype() != s.tensor().dtype()) {
                skipped++;
                continue;
            }
            Metrics m = Comparator.compare(actual, s.tensor(), tolerance);
            if (!m.passed()) {
                OutputReport metrics = OutputReport.of(s.value(), otherName, s.tensor().shape(),
                        s.tensor().dtype().shortName(), m, perm == null ? null : c.layout() + " -> " + s.layout());
                Divergence d = new Divergence(s.node(), s.op(), s.value(), otherName, compared, metrics);
                return new Result(new PerLayerReport(true, sourceBackend, convertedBackend, source.size(), matched,
                        compared + 1, skipped, skipNote(skipped)), d);
            }
            compared++;
        }
        String note = matched == 0 ? "no intermediate value name is shared by both models; give --name-map"
                : skipNote(skipped);
        return new Result(new PerLayerReport(true, sourceBackend, convertedBackend, source.size(), matched, compared,
                skipped, note), null);
    }

    private static String skipNote(int skipped) {
        return skipped == 0 ? null : skipped + " shared names skipped: shapes or dtypes differ";
    }
}
