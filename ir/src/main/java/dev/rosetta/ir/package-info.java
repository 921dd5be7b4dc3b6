/**
 * The neutral model every format reads into and writes from.
 *
 * <p>A {@link dev.rosetta.ir.Model} holds a {@link dev.rosetta.ir.Graph} of
 * {@link dev.rosetta.ir.Node}s connected by {@link dev.rosetta.ir.Value}s; constants are
 * {@link dev.rosetta.ir.Tensor}s whose bytes may live in memory-mapped files. Operators follow ONNX
 * names and semantics; spatial values carry a {@link dev.rosetta.ir.Layout} tag so a channels-last
 * graph is held natively. Nothing here knows a file format or an engine.
 */
package dev.rosetta.ir;
