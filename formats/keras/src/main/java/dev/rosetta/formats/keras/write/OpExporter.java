package dev.rosetta.formats.keras.write;

import dev.rosetta.ir.Node;

/**
 * How one IR operator becomes Keras layers. Stateless; registered in {@link OpExporters}.
 * Problems (an attribute Keras cannot express, a channels-first node) are reported through
 * {@link ExportContext#problem} so that every one is listed at once.
 */
public interface OpExporter {

    /** Adds the layers for {@code node} and binds its outputs, or reports why it cannot. */
    void export(ExportContext ctx, Node node);
}
