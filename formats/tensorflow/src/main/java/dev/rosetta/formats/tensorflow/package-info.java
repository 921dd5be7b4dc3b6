/**
 * TensorFlow formats: SavedModel directories ({@link dev.rosetta.formats.tensorflow.SavedModelFormat},
 * read and written) and TF1 frozen GraphDefs ({@link dev.rosetta.formats.tensorflow.GraphDefFormat},
 * read), with the readers that turn a signature's or a frozen graph's computation into the IR.
 * The variables bundle lives in {@code bundle}, graph flattening in {@code graph}, the op mappings
 * in {@code ops} and the writer in {@code export}.
 */
package dev.rosetta.formats.tensorflow;
