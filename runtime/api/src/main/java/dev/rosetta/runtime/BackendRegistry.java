package dev.rosetta.runtime;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.ir.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The backends on the class path, found once through {@link ServiceLoader} and immutable after.
 *
 * <p>{@link #defaultFor(ModelSource)} picks the engine native to a source's framework, so that a
 * verification's reference side runs where the original framework would run it: TorchScript and
 * PyTorch IR on {@code pytorch}/{@code torchscript}, ONNX on {@code onnxruntime}, TensorFlow and
 * Keras on {@code tensorflow}. Every failed lookup lists what exists.
 */
public final class BackendRegistry {
    private final List<Backend> backends;

    /** A registry of exactly these backends (tests use this). */
    public BackendRegistry(List<Backend> backends) {
        List<Backend> sorted = new ArrayList<>(backends);
        sorted.sort(java.util.Comparator.comparing(Backend::name));
        this.backends = List.copyOf(sorted);
    }

    /** Every backend listed in {@code META-INF/services} on the class path. */
    public static BackendRegistry load() {
        List<Backend> found = new ArrayList<>();
        ServiceLoader.load(Backend.class, BackendRegistry.class.getClassLoader()).forEach(found::add);
        return new BackendRegistry(found);
    }

    /** All backends, sorted by name. */
    public List<Backend> all() {
        return backends;
    }

    /**
     * The backend called {@code name}.
     *
     * @throws UsageException listing the known names
     */
    public Backend byName(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        for (Backend b : backends) {
            if (b.name().equals(key)) {
                return b;
            }
        }
        throw new UsageException("unknown backend '" + name + "'; available: " + names());
    }

    /** The backend called {@code name}, or {@code null}. */
    public Backend find(String name) {
        for (Backend b : backends) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        return null;
    }

    /**
     * The engine native to a source's framework, among those present that accept the source. For an
     * IR model, the first in that order that executes every one of its operators (a Keras Conv1D or
     * an ELU with another alpha has no TensorFlow graph op here, and runs on the PyTorch engine
     * instead); when none does, the first that accepts it, whose load then lists what it cannot run.
     *
     * @throws UnsupportedFeatureException when no backend on the class path executes it
     */
    public Backend defaultFor(ModelSource source) {
        List<Backend> order = new ArrayList<>();
        for (String name : preferences(source)) {
            Backend b = find(name);
            if (b != null && b.accepts(source)) {
                order.add(b);
            }
        }
        for (Backend b : backends) {
            if (b.accepts(source) && !order.contains(b)) {
                order.add(b);
            }
        }
        if (source instanceof ModelSource.Ir ir) {
            for (Backend b : order) {
                if (b.unsupportedOps(ir.model()).isEmpty()) {
                    return b;
                }
            }
        }
        if (!order.isEmpty()) {
            return order.getFirst();
        }
        throw new UnsupportedFeatureException("no backend executes " + source.describe() + " ("
                + source.kind() + "); available: " + names());
    }

    /** Backend names in order of preference for a source. */
    static List<String> preferences(ModelSource source) {
        return switch (source.kind()) {
            case TORCHSCRIPT_FILE -> List.of("torchscript");
            case ONNX_FILE -> List.of("onnxruntime");
            case SAVED_MODEL, GRAPH_DEF -> List.of("tensorflow");
            case IR -> irPreferences(((ModelSource.Ir) source).model());
        };
    }

    private static List<String> irPreferences(Model model) {
        String from = model.sourceFormat().toLowerCase(Locale.ROOT);
        if (from.contains("torch") || from.equals("safetensors")) {
            return List.of("pytorch", "onnxruntime");
        }
        if (from.contains("keras") || from.contains("tensorflow") || from.contains("savedmodel")
                || from.contains("graphdef")) {
            // ONNX Runtime needs channels-first graphs; the pytorch backend runs NHWC nodes as they are.
            return List.of("tensorflow", "pytorch", "onnxruntime");
        }
        boolean channelsLast = model.graph().nodes().stream().anyMatch(BackendRegistry::runsChannelsLast);
        return channelsLast ? List.of("pytorch", "onnxruntime") : List.of("onnxruntime", "pytorch");
    }

    /** True for a node whose {@code layout} attribute says channels-last (ONNX Runtime cannot run it). */
    private static boolean runsChannelsLast(dev.rosetta.ir.Node n) {
        String layout = n.attrString("layout", null);
        return layout != null && switch (layout) {
            case "NWC", "NHWC", "NDHWC" -> true;
            default -> false;
        };
    }

    private String names() {
        if (backends.isEmpty()) {
            return "none (no rosetta-runtime-* module on the class path)";
        }
        return backends.stream().map(b -> b.name() + " (" + b.sourceKinds().stream()
                .map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("/")) + ")")
                .collect(Collectors.joining(", "));
    }
}
