package dev.rosetta.formats.keras.read;

import java.util.List;

/**
 * Where a layer sits, as each weight layout addresses it.
 *
 * @param names the layer's name preceded by the names of the models it is nested in (legacy HDF5
 *     files group weights by the outermost name)
 * @param v3Path the Keras 3 weights path, e.g. {@code layers/conv2d_1} (its variables are under
 *     {@code <v3Path>/vars})
 */
public record LayerLocation(List<String> names, String v3Path) {
    public LayerLocation {
        names = List.copyOf(names);
    }

    /** The names joined with {@code /}. */
    public String path() {
        return String.join("/", names);
    }
}
