package dev.rosetta.runtime.report;

/**
 * Wall-clock milliseconds of each phase; a phase that did not happen is {@code null}.
 *
 * @param loadSource loading the source model on its engine
 * @param loadConverted loading the converted model (or reading expected outputs, in golden mode)
 * @param runSource one forward pass of the source
 * @param runConverted one forward pass of the converted model
 * @param compare comparing outputs and intermediates
 */
public record TimingsReport(Double loadSource, Double loadConverted, Double runSource, Double runConverted,
                            Double compare) {
}
