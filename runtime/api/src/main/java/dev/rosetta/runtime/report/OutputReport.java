package dev.rosetta.runtime.report;

import dev.rosetta.runtime.Metrics;
import java.util.List;

/**
 * How one output compared. Metric fields are {@code null} when not computable (a shape or dtype
 * mismatch, a missing output) or not finite.
 *
 * @param name the source's output name
 * @param convertedName the converted model's output name it was matched with ({@code null} when
 *     none), or the expected file in golden mode
 * @param shape the source's output shape
 * @param dtype the source's output dtype
 * @param elements element pairs compared
 * @param maxAbs largest absolute difference
 * @param maxRel largest relative difference over elements whose expected value is not zero
 * @param meanAbs mean absolute difference
 * @param rmse root mean square difference
 * @param cosine cosine similarity of the flattened tensors
 * @param top1Agreement fraction of rows whose arg-max agrees (classifier-shaped outputs only)
 * @param top5Agreement fraction of rows whose top-5 index sets agree (classifier-shaped only)
 * @param mismatches elements outside tolerance (NaN included)
 * @param nonFinite element pairs where either side is NaN or infinite
 * @param passed true when within tolerance
 * @param reason why not, or {@code null}
 * @param layoutConversion how the converted output was permuted to the source's layout, or
 *     {@code null}
 */
public record OutputReport(String name, String convertedName, List<Long> shape, String dtype, long elements,
                           Double maxAbs, Double maxRel, Double meanAbs, Double rmse, Double cosine,
                           Double top1Agreement, Double top5Agreement, long mismatches, long nonFinite,
                           boolean passed, String reason, String layoutConversion) {

    /** An entry from computed metrics. */
    public static OutputReport of(String name, String convertedName, long[] shape, String dtype, Metrics m,
                                  String layoutConversion) {
        return new OutputReport(name, convertedName, shape == null ? null : box(shape), dtype, m.elements(),
                finite(m.maxAbs()), finite(m.maxRel()), finite(m.meanAbs()), finite(m.rmse()), finite(m.cosine()),
                m.top1(), m.top5(), m.mismatches(), m.nonFinite(), m.passed(), m.reason(), layoutConversion);
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static List<Long> box(long[] shape) {
        return java.util.Arrays.stream(shape).boxed().toList();
    }
}
