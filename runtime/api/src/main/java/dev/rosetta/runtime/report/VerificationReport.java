package dev.rosetta.runtime.report;

import java.util.List;

/**
 * The result of one verification, as written to {@code --report FILE.json} (schema in
 * {@code docs/verify-report.md}; field names are the snake_case of these components).
 *
 * @param schema always {@value #SCHEMA}
 * @param passed true when every output passed
 * @param mode {@code "compare"} (source vs converted) or {@code "golden"} (one model vs stored
 *     expected outputs)
 * @param outputs one entry per source output, in the source's order
 * @param tolerance the pass rule used
 * @param backends which backend ran each side
 * @param models what each side was (file name or IR description)
 * @param device where both ran
 * @param inputs what was fed, in the source's input order
 * @param firstDivergence the first intermediate that failed, or {@code null}
 * @param perLayer what the per-layer diagnosis did, or {@code null} when not asked for
 * @param timingsMs wall-clock milliseconds of each phase
 * @param notes anything a reader should know (ignored options, fallbacks)
 */
public record VerificationReport(String schema, boolean passed, String mode, List<OutputReport> outputs,
                                 ToleranceReport tolerance, Sides backends, Sides models, String device,
                                 List<InputReport> inputs, Divergence firstDivergence, PerLayerReport perLayer,
                                 TimingsReport timingsMs, List<String> notes) {
    /** The schema identifier written in every report. */
    public static final String SCHEMA = "rosetta-verify/1";

    public VerificationReport {
        outputs = List.copyOf(outputs);
        inputs = List.copyOf(inputs);
        notes = List.copyOf(notes);
    }

    /**
     * A pair of strings, one per side; {@code converted} is {@code null} in golden mode.
     *
     * @param source the source side
     * @param converted the converted side
     */
    public record Sides(String source, String converted) {
    }
}
