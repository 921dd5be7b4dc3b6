package dev.rosetta.runtime;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Tensor;

/**
 * One value computed inside a model during a run, recorded for per-layer diagnosis.
 *
 * @param value the value's name
 * @param node the name of the node that produced it
 * @param op the producing node's op type
 * @param layout what the axes mean, {@link Layout#UNKNOWN} when not known
 * @param tensor the computed content
 */
public record Intermediate(String value, String node, String op, Layout layout, Tensor tensor) {
    public Intermediate {
        layout = layout == null ? Layout.UNKNOWN : layout;
    }
}
