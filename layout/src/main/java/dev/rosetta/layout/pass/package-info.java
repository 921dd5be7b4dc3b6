/**
 * Layout graph passes on the IR's {@link dev.rosetta.ir.pass.GraphPass} contract:
 * {@link dev.rosetta.layout.pass.InferLayoutTags}, {@link dev.rosetta.layout.pass.ToChannelsLast},
 * {@link dev.rosetta.layout.pass.ToChannelsFirst}, {@link dev.rosetta.layout.pass.CancelTransposes},
 * {@link dev.rosetta.layout.pass.DenseWeightLayout} and
 * {@link dev.rosetta.layout.pass.PermuteWeightsByTag}. Each logs what it changed, one line per
 * change, for {@code --explain}.
 */
package dev.rosetta.layout.pass;
