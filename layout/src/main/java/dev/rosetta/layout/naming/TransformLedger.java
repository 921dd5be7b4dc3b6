package dev.rosetta.layout.naming;

import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.kernel.WeightTransform;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers, for every initializer of a graph, the name and shape it started with and the
 * transforms passes have applied to it since, so that a {@link NameMap} can say which source
 * tensor became which target tensor and how. Passes report to it; it never changes the graph.
 *
 * <p>Keyed by {@link Value} identity: a pass that renames or re-tensors an initializer in place
 * is followed automatically; one that makes a new initializer from an old one says so with
 * {@link #derived}. Not thread-safe (passes run one at a time).
 */
public final class TransformLedger {
    private record Origin(String name, long[] shape) {
    }

    private final Map<Value, Origin> origin = new IdentityHashMap<>();
    private final Map<Value, WeightTransform> applied = new IdentityHashMap<>();
    private final boolean active;

    private TransformLedger(boolean active) {
        this.active = active;
    }

    /** A ledger that starts from {@code graph}'s current initializers. */
    public static TransformLedger start(Graph graph) {
        TransformLedger l = new TransformLedger(true);
        for (Value v : graph.initializers()) {
            l.origin.put(v, new Origin(v.name(), v.constant().shape()));
        }
        return l;
    }

    /** A ledger that records nothing, for passes run without a name map. */
    public static TransformLedger discard() {
        return new TransformLedger(false);
    }

    /** Records that {@code v}'s tensor was replaced by {@code t} applied to it. */
    public void transformed(Value v, WeightTransform t) {
        if (!active || !origin.containsKey(v)) {
            return;
        }
        WeightTransform prior = applied.get(v);
        applied.put(v, prior == null ? t : prior.then(t));
    }

    /** Records that the new initializer {@code copy} is {@code from}'s tensor with {@code t} applied. */
    public void derived(Value copy, Value from, WeightTransform t) {
        if (!active || !origin.containsKey(from)) {
            return;
        }
        origin.put(copy, origin.get(from));
        WeightTransform prior = applied.get(from);
        applied.put(copy, prior == null ? t : prior.then(t));
    }

    /**
     * One entry per current initializer of {@code graph} that descends from an initializer the
     * ledger started with: original name and shape, current name and shape, the transform
     * applied (identity when none).
     */
    public NameMap toNameMap(Graph graph) {
        List<NameMap.Entry> entries = new ArrayList<>();
        for (Value v : graph.initializers()) {
            Origin o = origin.get(v);
            if (o == null) {
                continue;
            }
            long[] now = v.constant().shape();
            WeightTransform t = applied.get(v);
            if (t == null) {
                t = java.util.Arrays.equals(o.shape(), now) ? WeightTransform.identity(now)
                        : new WeightTransform("reshape", o.shape(), List.of(), now);
            }
            entries.add(new NameMap.Entry(o.name(), v.name(), o.shape(), now, t));
        }
        return new NameMap(entries);
    }
}
