package dev.rosetta.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model: its graph plus metadata, and the resources (mapped files, arenas) its tensors live in.
 *
 * <p>A model owns what it was read from: {@link #close()} releases the mapped regions, after which
 * reading any of its tensors throws {@link IllegalStateException}. Close is idempotent.
 */
public final class Model implements AutoCloseable {
    private final Graph graph;
    private final String sourceFormat;
    private final Map<String, Long> opsetImports;
    private final Map<String, String> metadata;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private boolean closed;

    /**
     * @param graph the computation (a graph without nodes for weights-only files)
     * @param sourceFormat the format it was read from, e.g. {@code "onnx"}
     * @param opsetImports operator-set versions by domain ({@code ""} for ONNX's default domain)
     * @param metadata free-form facts about the model (producer, architecture, ...)
     */
    public Model(Graph graph, String sourceFormat, Map<String, Long> opsetImports, Map<String, String> metadata) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.sourceFormat = sourceFormat == null ? "unknown" : sourceFormat;
        this.opsetImports = new LinkedHashMap<>(opsetImports == null ? Map.of() : opsetImports);
        this.metadata = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
    }

    public Model(Graph graph, String sourceFormat) {
        this(graph, sourceFormat, Map.of(), Map.of());
    }

    public Graph graph() {
        checkOpen();
        return graph;
    }

    public String sourceFormat() {
        return sourceFormat;
    }

    public Map<String, Long> opsetImports() {
        return Collections.unmodifiableMap(opsetImports);
    }

    public void setOpsetImport(String domain, long version) {
        opsetImports.put(domain, version);
    }

    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    public void putMetadata(String key, String value) {
        metadata.put(key, value);
    }

    /** True when the graph has nodes (a state dict read without an architecture has none). */
    public boolean hasComputation() {
        return !graph.nodes().isEmpty();
    }

    /** Hands a resource to this model, to be closed when the model is. */
    public void own(AutoCloseable resource) {
        checkOpen();
        resources.add(resource);
    }

    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Model is closed");
        }
    }

    /** Releases owned resources in reverse order of acquisition. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("closing model resource failed", e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        resources.clear();
        if (first != null) {
            throw first;
        }
    }
}
