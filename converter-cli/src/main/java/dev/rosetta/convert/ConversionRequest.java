package dev.rosetta.convert;

import dev.rosetta.formats.FormatOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One conversion: read {@code input} (as {@code from}, or detected), write {@code output} (as
 * {@code to}, or inferred from its extension).
 *
 * @param from a format name, or {@code null} to detect by content
 * @param to a format name, or {@code null} to infer from the output's extension
 * @param graph another file of the same model whose graph the input's weights go into, or
 *     {@code null} (for a state dict whose architecture Rosetta does not recognize)
 */
public record ConversionRequest(Path input, Path output, String from, String to,
                                FormatOptions readOptions, FormatOptions writeOptions, Path graph) {
    public ConversionRequest(Path input, Path output, String from, String to,
                             FormatOptions readOptions, FormatOptions writeOptions) {
        this(input, output, from, to, readOptions, writeOptions, null);
    }

    public ConversionRequest {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        readOptions = readOptions == null ? FormatOptions.none() : readOptions;
        writeOptions = writeOptions == null ? FormatOptions.none() : writeOptions;
    }
}
