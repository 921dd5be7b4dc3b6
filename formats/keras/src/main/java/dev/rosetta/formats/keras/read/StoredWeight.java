package dev.rosetta.formats.keras.read;

import dev.rosetta.ir.Tensor;

/**
 * One weight as a file stores it.
 *
 * @param variable the Keras variable name ({@code kernel}, {@code bias}, {@code gamma}, ...), or
 *     {@code null} when the file stores weights by position only (Keras 3 {@code vars/0, 1, ...})
 * @param storedName the name or path under which the file stores it, for messages
 * @param tensor its content
 */
public record StoredWeight(String variable, String storedName, Tensor tensor) {
}
