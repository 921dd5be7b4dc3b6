package dev.rosetta.runtime;

import dev.rosetta.error.UsageException;
import dev.rosetta.ir.Tensor;
import java.util.List;
import java.util.Map;

/** The check every execution makes of what it is fed, with the same messages on every engine. */
public final class Inputs {
    private Inputs() {
    }

    /**
     * Checks that {@code given} holds exactly the declared inputs, each of the declared dtype and
     * rank (where declared).
     *
     * @throws UsageException naming the input and listing the declared ones
     */
    public static void require(List<TensorSpec> declared, Map<String, Tensor> given) {
        List<String> names = declared.stream().map(TensorSpec::name).toList();
        for (String k : given.keySet()) {
            if (!names.contains(k)) {
                throw new UsageException("unknown input '" + k + "'; the model's inputs are " + names);
            }
        }
        for (TensorSpec s : declared) {
            Tensor t = given.get(s.name());
            if (t == null) {
                throw new UsageException("input '" + s.name() + "' is missing; the model's inputs are " + names);
            }
            if (s.dtype() != null && s.dtype() != t.dtype()) {
                throw new UsageException("input '" + s.name() + "' must be " + s.dtype().shortName() + ", got "
                        + t.dtype().shortName());
            }
            if (s.shape().hasRank() && s.shape().rank() != t.rank()) {
                throw new UsageException("input '" + s.name() + "' must have rank " + s.shape().rank() + " "
                        + s.shape() + ", got " + java.util.Arrays.toString(t.shape()));
            }
        }
    }
}
