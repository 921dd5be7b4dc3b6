package dev.rosetta.convert;

import java.nio.file.Path;
import java.util.List;

/**
 * What a conversion did.
 *
 * @param log one line per notable step (read, graph recognized, written)
 * @param explain one line per layout decision (transposes inserted or removed, and why)
 */
public record ConversionResult(Path output, String sourceFormat, String targetFormat, int nodes,
                               int tensors, long parameterBytes, long elapsedMillis, List<String> log,
                               List<String> explain) {
    public ConversionResult {
        log = List.copyOf(log);
        explain = List.copyOf(explain);
    }
}
