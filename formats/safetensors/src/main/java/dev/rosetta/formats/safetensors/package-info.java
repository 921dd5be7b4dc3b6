/**
 * The safetensors format: {@link dev.rosetta.formats.safetensors.SafetensorsFormat}, registered as
 * the {@code safetensors} provider.
 *
 * <p>Reading maps the file and validates the whole header first (length limit, strict bounded
 * JSON, dtypes, shapes, offsets that tile the data region exactly); tensors are slices of the
 * mapping owned by the returned model. The model is weights-only: a graph without nodes, one
 * initializer per tensor, {@code __metadata__} as model metadata. Writing streams each tensor's
 * bytes in chunks after an 8-byte-aligned header.
 */
package dev.rosetta.formats.safetensors;
