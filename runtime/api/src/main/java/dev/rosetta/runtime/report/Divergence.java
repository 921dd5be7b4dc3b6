package dev.rosetta.runtime.report;

/**
 * The first intermediate value, in the source graph's topological order, that failed.
 *
 * @param node the source node that produced it
 * @param op that node's op type
 * @param output the source value's name
 * @param convertedOutput the converted model's value it was compared with
 * @param index its position among the compared values (0-based)
 * @param metrics how far apart they are
 */
public record Divergence(String node, String op, String output, String convertedOutput, int index,
                         OutputReport metrics) {
}
