package dev.rosetta.runtime;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * One engine that executes models: found through {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.rosetta.runtime.Backend}), each in its own module so that its
 * natives stay optional. Implementations have a public no-argument constructor that loads no
 * natives; natives load on the first {@link #load} or device query.
 *
 * <p>A backend states what it executes: which {@link ModelSource.Kind}s, which IR operators
 * (for IR sources), which layouts, which devices.
 */
public interface Backend {

    /** Short unique name used on the command line, e.g. {@code "pytorch"}. */
    String name();

    /** One line: the engine and how it runs models. */
    String description();

    /** The kinds of model source this backend executes. */
    Set<ModelSource.Kind> sourceKinds();

    /** True when this backend executes {@code source}'s kind. */
    default boolean accepts(ModelSource source) {
        return sourceKinds().contains(source.kind());
    }

    /**
     * The IR operators (ONNX names, default domain) this backend executes, or an empty set when it
     * hands the IR to an engine that judges for itself (ONNX Runtime).
     */
    Set<String> supportedOps();

    /** The activation layouts spatial operators may carry on this backend. */
    Set<Layout> layouts();

    /** Whether an execution of {@code kind} can record intermediates. */
    boolean canRecordIntermediates(ModelSource.Kind kind);

    /**
     * Checks that {@code device} is usable here.
     *
     * @throws UnsupportedFeatureException with one clear line when it is not (a GPU asked for
     *     where the engine has no CUDA natives or no GPU is visible)
     */
    void checkDevice(Device device);

    /**
     * Loads a model for execution.
     *
     * @throws UnsupportedFeatureException listing every operator (or feature) the backend cannot
     *     execute, or a device it cannot use
     * @throws dev.rosetta.error.MalformedInputException when the engine rejects the file as invalid
     * @throws dev.rosetta.error.RosettaIOException when the file cannot be read
     */
    Execution load(ModelSource source, ExecutionOptions options);

    /**
     * Every operator of {@code model} this backend cannot execute, one line each ("Loop, used by
     * 2 nodes: 'a', 'b'"); empty when it executes them all. The default judges by
     * {@link #supportedOps()} (all ops when that is empty).
     */
    default List<String> unsupportedOps(Model model) {
        Set<String> known = supportedOps();
        if (known.isEmpty()) {
            return List.of();
        }
        TreeMap<String, List<String>> missing = new TreeMap<>();
        for (Node n : model.graph().nodes()) {
            String op = n.domain().isEmpty() || n.domain().equals("ai.onnx") ? n.opType() : n.domain() + "." + n.opType();
            if (!known.contains(op)) {
                missing.computeIfAbsent(op, k -> new java.util.ArrayList<>()).add("'" + n.name() + "'");
            }
        }
        return missing.entrySet().stream().map(e -> e.getKey() + ", used by " + e.getValue().size()
                + (e.getValue().size() == 1 ? " node: " : " nodes: ")
                + String.join(", ", e.getValue().subList(0, Math.min(5, e.getValue().size())))
                + (e.getValue().size() > 5 ? ", ..." : "")).toList();
    }

    /**
     * Throws when {@link #unsupportedOps(Model)} is not empty.
     *
     * @throws UnsupportedFeatureException listing every unsupported operator at once
     */
    default void requireSupported(Model model) {
        List<String> missing = unsupportedOps(model);
        if (!missing.isEmpty()) {
            throw new UnsupportedFeatureException("backend '" + name() + "' cannot execute "
                    + missing.size() + (missing.size() == 1 ? " operator" : " operators") + " of graph '"
                    + model.graph().name() + "' (it executes: " + String.join(", ", new java.util.TreeSet<>(supportedOps())) + ")",
                    missing);
        }
    }

    /** What this backend executes, for listings: kinds, ops, layouts, devices. */
    default String supportStatement() {
        return description() + "; sources: " + sourceKinds() + "; layouts: " + layouts()
                + (supportedOps().isEmpty() ? "; ops: whatever the engine implements"
                        : "; ops: " + String.join(", ", new java.util.TreeSet<>(supportedOps())));
    }
}
