package dev.rosetta.convert;

import java.nio.file.Path;
import java.util.List;

/**
 * What a conversion did.
 *
 * @param log one line per notable step (passes, renames, warnings)
 */
public record ConversionResult(Path output, String sourceFormat, String targetFormat, int nodes,
                               int tensors, long parameterBytes, long elapsedMillis, List<String> log) {
    public ConversionResult {
        log = List.copyOf(log);
    }
}
