/**
 * TensorFlow graphs as the importer sees them: a flat list of {@link
 * dev.rosetta.formats.tensorflow.graph.TfNode}s in which function calls ({@code
 * StatefulPartitionedCall}, {@code PartitionedCall}) are inlined from the function library, tensors
 * named {@code node:index} throughout; TensorFlow's protobuf values ({@code TensorProto},
 * {@code TensorShapeProto}) as IR tensors and shapes; and the variables a graph reads, resolved to
 * bundle keys through the saver's restore operations.
 */
package dev.rosetta.formats.tensorflow.graph;
