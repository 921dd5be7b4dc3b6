package dev.rosetta.error;

import java.util.List;

/**
 * The input is valid but uses something Rosetta does not support: an operator, a layer, a dtype,
 * a format variant. Carries every unsupported item found, not just the first, so a user sees the
 * whole list at once.
 */
public class UnsupportedFeatureException extends RosettaException {
    private static final long serialVersionUID = 1L;

    private final List<String> items;

    /** One unsupported thing, described in full. */
    public UnsupportedFeatureException(String message) {
        super(message);
        this.items = List.of(message);
    }

    /**
     * Several unsupported things found in one input.
     *
     * @param summary e.g. "model.onnx: 2 unsupported operators"
     * @param items one line per unsupported item, e.g. "Loop (ai.onnx opset 17), used by 3 nodes"
     */
    public UnsupportedFeatureException(String summary, List<String> items) {
        super(summary + ": " + String.join("; ", items));
        this.items = List.copyOf(items);
    }

    /** Each unsupported item, one per entry. */
    public List<String> items() {
        return items;
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.UNSUPPORTED;
    }
}
