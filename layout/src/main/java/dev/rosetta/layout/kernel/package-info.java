/**
 * Weight permutation kernels: the cache-blocked N-d {@link dev.rosetta.layout.kernel.Transpose},
 * {@link dev.rosetta.layout.kernel.Permutation}, recordable and invertible
 * {@link dev.rosetta.layout.kernel.WeightTransform}s, and the named conversions between framework
 * weight layouts in {@link dev.rosetta.layout.kernel.WeightPermutations}, and the bulk byte-order and
 * float16/bfloat16 ⇄ float32 conversions of {@link dev.rosetta.ir.ElementConversions}.
 */
package dev.rosetta.layout.kernel;
