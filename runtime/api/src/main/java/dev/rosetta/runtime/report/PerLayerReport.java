package dev.rosetta.runtime.report;

/**
 * What the per-layer diagnosis did.
 *
 * @param available false when a side could not record intermediates (then nothing was compared)
 * @param sourceBackend the backend that recorded the source's intermediates
 * @param convertedBackend the backend that recorded the converted model's intermediates
 * @param sourceValues intermediates the source recorded
 * @param matched source intermediates the converted model also named (directly or by name map)
 * @param compared matched values compared before the first divergence (all when none)
 * @param skipped matched values skipped because their shapes differ
 * @param note why it was unavailable or what was skipped, or {@code null}
 */
public record PerLayerReport(boolean available, String sourceBackend, String convertedBackend, int sourceValues,
                             int matched, int compared, int skipped, String note) {
}
