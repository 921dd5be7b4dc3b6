package dev.rosetta.runtime;

import dev.rosetta.ir.Tensor;
import java.util.Objects;

/**
 * A tensor given on the command line: {@code --input [name=]file.npy} or {@code --expected}.
 *
 * @param name the model input or output it is for, or {@code null} when left out (allowed when
 *     the model has exactly one)
 * @param tensor the content
 * @param origin where it came from, for reports (a file path)
 */
public record NamedTensor(String name, Tensor tensor, String origin) {
    public NamedTensor {
        Objects.requireNonNull(tensor, "tensor");
    }
}
