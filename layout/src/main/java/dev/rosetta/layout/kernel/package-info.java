/**
 * Weight permutation kernels: the cache-blocked N-d {@link dev.rosetta.layout.kernel.Transpose},
 * {@link dev.rosetta.layout.kernel.Permutation}, recordable and invertible
 * {@link dev.rosetta.layout.kernel.WeightTransform}s, and the named conversions between framework
 * weight layouts in {@link dev.rosetta.layout.kernel.WeightPermutations}.
 */
package dev.rosetta.layout.kernel;
