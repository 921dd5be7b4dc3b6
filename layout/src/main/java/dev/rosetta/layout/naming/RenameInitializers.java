package dev.rosetta.layout.naming;

import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import dev.rosetta.ir.pass.GraphPass;
import dev.rosetta.ir.pass.PassResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renames initializers by a {@link NameScheme} and, where a tensor's tag is unknown, tags it with
 * what the scheme says its axes mean (so a weights-only model can then be re-laid by tag).
 * Tensors the scheme does not know keep their names and are listed in the log. The renames are
 * followed by any {@link TransformLedger} started before, since it tracks values, not names.
 */
public final class RenameInitializers implements GraphPass {
    private final NameScheme scheme;

    public RenameInitializers(NameScheme scheme) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
    }

    @Override
    public String name() {
        return "rename " + scheme.name();
    }

    @Override
    public PassResult run(Graph graph) {
        List<String> log = new ArrayList<>();
        Map<String, String> targets = new HashMap<>();
        List<String> unmapped = new ArrayList<>();
        Map<Value, NameScheme.Target> plan = new java.util.LinkedHashMap<>();
        for (Value v : graph.initializers()) {
            var t = scheme.map(v.name());
            if (t.isEmpty()) {
                unmapped.add(v.name());
                continue;
            }
            String prior = targets.put(t.get().name(), v.name());
            if (prior != null) {
                throw new InvalidGraphException("scheme " + scheme.name() + " maps both '" + prior + "' and '" + v.name()
                        + "' to '" + t.get().name() + "'");
            }
            plan.put(v, t.get());
        }
        for (Map.Entry<Value, NameScheme.Target> e : plan.entrySet()) {
            Value v = e.getKey();
            NameScheme.Target t = e.getValue();
            Layout tag = t.sourceTag();
            if (v.layout() == Layout.UNKNOWN && tag != Layout.NONE && tag.rank() == v.constant().rank()) {
                v.setLayout(tag);
            } else if (v.layout() == Layout.UNKNOWN && tag == Layout.NONE) {
                v.setLayout(Layout.NONE);
            }
            if (!v.name().equals(t.name())) {
                log.add("renamed '" + v.name() + "' to '" + t.name() + "'");
                v.setName(t.name());
            }
        }
        if (!unmapped.isEmpty()) {
            log.add(unmapped.size() + " tensor(s) have no counterpart in " + scheme.name() + " and keep their names: "
                    + String.join(", ", unmapped));
        }
        return log.isEmpty() ? PassResult.unchanged() : PassResult.changed(log);
    }

    @Override
    public void ensures(Graph graph) {
        graph.validate();
    }
}
