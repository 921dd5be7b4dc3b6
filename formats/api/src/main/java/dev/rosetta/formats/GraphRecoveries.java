package dev.rosetta.formats;

import dev.rosetta.ir.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Every {@link GraphRecovery} on the class path, tried in name order. Immutable. */
public final class GraphRecoveries {
    private final List<GraphRecovery> recoveries;

    public GraphRecoveries(List<GraphRecovery> recoveries) {
        List<GraphRecovery> sorted = new ArrayList<>(recoveries);
        sorted.sort(java.util.Comparator.comparing(GraphRecovery::name));
        this.recoveries = List.copyOf(sorted);
    }

    public static GraphRecoveries load() {
        List<GraphRecovery> found = new ArrayList<>();
        ServiceLoader.load(GraphRecovery.class, GraphRecoveries.class.getClassLoader()).forEach(found::add);
        return new GraphRecoveries(found);
    }

    /**
     * Gives a weights-only model its graph when some recovery recognizes it.
     *
     * @return the description of what was recognized; empty when the model already has a graph or
     *     nothing recognized it (the model is then unchanged)
     */
    public Optional<String> recover(Model model) {
        if (model.hasComputation() || model.graph().initializers().isEmpty()) {
            return Optional.empty();
        }
        for (GraphRecovery r : recoveries) {
            Optional<String> d = r.recover(model);
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    /** Why no recovery recognized the model, one clause per recovery. */
    public String whyNot(Model model) {
        if (recoveries.isEmpty()) {
            return "no architecture recognizers are installed";
        }
        List<String> reasons = new ArrayList<>();
        for (GraphRecovery r : recoveries) {
            reasons.add(r.whyNot(model));
        }
        return String.join("; ", reasons);
    }
}
