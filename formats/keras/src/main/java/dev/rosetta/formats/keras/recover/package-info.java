/**
 * Graphs for Keras weights files that hold no architecture: {@link
 * dev.rosetta.formats.keras.recover.KerasApplicationsRecovery} recognizes keras.applications ResNet
 * weights by their layer names and builds the ResNet v1 graph keras.applications defines, through
 * the Keras reader's own layer mappings. Found through {@link java.util.ServiceLoader} as a
 * {@link dev.rosetta.formats.GraphRecovery}.
 */
package dev.rosetta.formats.keras.recover;
