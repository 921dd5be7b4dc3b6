package dev.rosetta.ir.pass;

import java.util.List;

/**
 * What a pass did: whether it changed the graph and one line per change, for {@code --explain}.
 */
public record PassResult(boolean modified, List<String> log) {
    public PassResult {
        log = List.copyOf(log);
    }

    public static PassResult unchanged() {
        return new PassResult(false, List.of());
    }

    public static PassResult changed(List<String> log) {
        return new PassResult(true, log);
    }
}
