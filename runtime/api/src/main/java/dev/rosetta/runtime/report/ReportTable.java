package dev.rosetta.runtime.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link VerificationReport} as the human table {@code rosetta verify} prints. */
public final class ReportTable {
    private ReportTable() {
    }

    /** Several lines ending with a newline. */
    public static String render(VerificationReport r) {
        StringBuilder sb = new StringBuilder();
        boolean golden = "golden".equals(r.mode());
        sb.append(r.passed() ? "PASSED" : "FAILED").append(": ");
        long failed = r.outputs().stream().filter(o -> !o.passed()).count();
        sb.append(r.outputs().size() - failed).append('/').append(r.outputs().size()).append(" outputs within ")
                .append(r.tolerance().dtype()).append(" tolerance rtol=").append(num(r.tolerance().rtol()))
                .append(" atol=").append(num(r.tolerance().atol()))
                .append(r.tolerance().overridden() ? " (overridden)" : "").append('\n');
        sb.append("  source:    ").append(r.models().source()).append(" on ").append(r.backends().source())
                .append(" (").append(r.device()).append(")\n");
        if (golden) {
            sb.append("  expected:  ").append(r.models().converted()).append('\n');
        } else {
            sb.append("  converted: ").append(r.models().converted()).append(" on ").append(r.backends().converted())
                    .append(" (").append(r.device()).append(")\n");
        }
        for (InputReport in : r.inputs()) {
            sb.append("  input:     ").append(in.name()).append(' ').append(in.shape()).append(' ')
                    .append(in.dtype()).append(" from ").append(in.source());
            if (in.layoutConversion() != null) {
                sb.append("; converted side gets ").append(in.layoutConversion());
            }
            sb.append('\n');
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"output", "shape", "max_abs", "max_rel", "mean_abs", "rmse", "cosine", "top1", "top5",
            "result"});
        for (OutputReport o : r.outputs()) {
            rows.add(new String[] {o.name(), o.shape() == null ? "?" : o.shape().toString().replace(" ", ""),
                num(o.maxAbs()), num(o.maxRel()), num(o.meanAbs()), num(o.rmse()), cos(o.cosine()),
                pct(o.top1Agreement()), pct(o.top5Agreement()), o.passed() ? "ok" : "FAIL: " + o.reason()});
        }
        table(sb, rows);
        if (r.perLayer() != null) {
            PerLayerReport p = r.perLayer();
            if (!p.available()) {
                sb.append("per-layer: unavailable: ").append(p.note()).append('\n');
            } else if (r.firstDivergence() == null) {
                sb.append("per-layer: ").append(p.matched()).append(" shared values compared, none diverges")
                        .append(p.note() == null ? "" : " (" + p.note() + ")").append('\n');
            }
        }
        Divergence d = r.firstDivergence();
        if (d != null) {
            sb.append("first divergence: node '").append(d.node()).append("' (").append(d.op()).append("), value '")
                    .append(d.output()).append('\'');
            if (d.convertedOutput() != null && !d.convertedOutput().equals(d.output())) {
                sb.append(" vs '").append(d.convertedOutput()).append('\'');
            }
            sb.append(": max_abs=").append(num(d.metrics().maxAbs())).append(" max_rel=")
                    .append(num(d.metrics().maxRel())).append(" cosine=").append(cos(d.metrics().cosine()))
                    .append(", ").append(d.metrics().reason()).append(" (after ").append(d.index())
                    .append(" shared values that agree)\n");
        }
        for (String n : r.notes()) {
            sb.append("note: ").append(n).append('\n');
        }
        TimingsReport t = r.timingsMs();
        if (t != null) {
            sb.append("timings ms: load source ").append(ms(t.loadSource())).append(", load ")
                    .append(golden ? "expected " : "converted ").append(ms(t.loadConverted())).append(", run source ")
                    .append(ms(t.runSource()));
            if (!golden) {
                sb.append(", run converted ").append(ms(t.runConverted()));
            }
            sb.append(", compare ").append(ms(t.compare())).append('\n');
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] row : rows) {
            for (int c = 0; c < cols - 1; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < cols; c++) {
                line.append(c == cols - 1 ? row[c] : pad(row[c], width[c])).append(c == cols - 1 ? "" : "  ");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    private static String num(Double v) {
        if (v == null) {
            return "-";
        }
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.2e", v)
                : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String cos(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static String ms(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }
}
