package dev.rosetta.runtime.report;

import java.util.List;

/**
 * One input fed to both models.
 *
 * @param name the source's input name
 * @param shape the shape fed to the source
 * @param dtype its dtype
 * @param source {@code "file:PATH"} or {@code "random(seed=N)"}
 * @param layoutConversion how the tensor was permuted for the converted model (e.g.
 *     {@code "NCHW -> NHWC, perm [0, 2, 3, 1]"}), or {@code null} when fed as is
 */
public record InputReport(String name, List<Long> shape, String dtype, String source, String layoutConversion) {
}
