/**
 * Name maps: which source tensor became which target tensor, with shapes and the permutation
 * applied ({@link dev.rosetta.layout.naming.NameMap}, written by
 * {@link dev.rosetta.layout.naming.NameMapJson}); the {@link dev.rosetta.layout.naming.TransformLedger}
 * that builds one while passes run; naming schemes such as
 * {@link dev.rosetta.layout.naming.ResNetNames} (torchvision ⇄ keras.applications) and the
 * {@link dev.rosetta.layout.naming.RenameInitializers} pass that applies one.
 */
package dev.rosetta.layout.naming;
