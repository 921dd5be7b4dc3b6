/**
 * TensorFlow's variables tensor bundle ({@code variables.index} plus
 * {@code variables.data-NNNNN-of-NNNNN}): the index's sorted string table, its
 * {@code BundleEntryProto} entries, shards mapped with {@link dev.rosetta.formats.MappedFile}, and
 * the masked CRC32C every tensor is checked against.
 */
package dev.rosetta.formats.tensorflow.bundle;
