package dev.rosetta.formats.pytorch;

import dev.rosetta.formats.pytorch.pickle.Buildable;
import dev.rosetta.formats.pytorch.pickle.PyDict;
import dev.rosetta.formats.pytorch.pickle.PyNone;
import dev.rosetta.formats.pytorch.pickle.PyTuple;
import java.util.Arrays;

/**
 * A tensor as a pickle describes it ({@code torch._utils._rebuild_tensor_v2}): a view of a storage
 * with an element offset, a size and strides. Its bytes are only looked at when it is
 * materialized, after every storage is known (the legacy format stores them after the pickle).
 *
 * <p>{@code BUILD} on a tensor (attributes of an {@code nn.Parameter} subclass, say) is accepted
 * when the state is a dict, and ignored: attributes carry no weights.
 */
final class TensorRef implements Buildable {
    private final StorageRef storage;
    private final long offset;
    private final long[] size;
    private final long[] stride;

    TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
        this.storage = storage;
        this.offset = offset;
        this.size = size.clone();
        this.stride = stride.clone();
    }

    StorageRef storage() {
        return storage;
    }

    /** First element, counted in elements from the start of the storage (or storage view). */
    long offset() {
        return offset;
    }

    long[] size() {
        return size.clone();
    }

    long[] stride() {
        return stride.clone();
    }

    @Override
    public void build(Object state) {
        if (state instanceof PyDict || state == PyNone.NONE
                || state instanceof PyTuple t && t.items().stream().allMatch(o -> o instanceof PyDict || o == PyNone.NONE)) {
            return;
        }
        throw new IllegalArgumentException("BUILD on a tensor accepts a dict of attributes only");
    }

    @Override
    public String toString() {
        return "tensor" + Arrays.toString(size) + " of " + storage;
    }
}
