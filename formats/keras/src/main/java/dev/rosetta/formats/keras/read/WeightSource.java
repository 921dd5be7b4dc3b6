package dev.rosetta.formats.keras.read;

import java.util.List;

/** Where a reader finds the stored weights of each layer. */
public interface WeightSource {

    /**
     * The stored weights of one layer in the order the file lists them; empty when the file holds
     * none for it.
     *
     * @throws dev.rosetta.error.MalformedInputException when the file's listing is inconsistent
     */
    List<StoredWeight> weightsOf(LayerLocation location);

    /** Every stored weight with the graph name it gets when no architecture is read. */
    List<NamedWeight> all();

    /**
     * A stored weight with its graph name.
     *
     * @param name the initializer name, e.g. {@code conv0/kernel}
     * @param weight the stored weight
     */
    record NamedWeight(String name, StoredWeight weight) {
    }
}
