package dev.rosetta.formats;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Small tensors no operator reads — PyTorch's BatchNorm {@code num_batches_tracked} counters — which
 * graph formats (Keras, SavedModel) have no slot for. Writers store them in a place the framework
 * ignores (a Keras root attribute, a SavedModel {@code assets.extra} file) as this text, and readers
 * restore them, so that PyTorch → Keras/TensorFlow → PyTorch gives back every tensor.
 *
 * <p>The text has one line per tensor: {@code name<TAB>dtype<TAB>d0,d1,...<TAB>v0,v1,...}. Only
 * tensors of at most {@value #MAX_ELEMENTS} elements are carried; reading checks every field.
 */
public final class CarriedBuffers {
    /** Largest tensor carried, in elements. */
    public static final int MAX_ELEMENTS = 16;
    private static final int MAX_LINES = 100_000;

    private CarriedBuffers() {
    }

    /** The text for the graph's unread small initializers, or {@code null} when there are none. */
    public static String encode(Graph graph) {
        Set<Value> read = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : graph.nodes()) {
            n.inputs().forEach(v -> {
                if (v != null) {
                    read.add(v);
                }
            });
        }
        StringBuilder sb = new StringBuilder();
        for (Value v : graph.initializers()) {
            Tensor t = v.constant();
            if (read.contains(v) || graph.outputs().contains(v) || t.elementCount() > MAX_ELEMENTS
                    || v.name().contains("\t") || v.name().contains("\n")) {
                continue;
            }
            List<String> dims = new ArrayList<>();
            for (long d : t.shape()) {
                dims.add(Long.toString(d));
            }
            List<String> values = new ArrayList<>();
            for (long i = 0; i < t.elementCount(); i++) {
                values.add(t.dtype().isFloatingPoint() ? Double.toString(t.getDouble(i)) : Long.toString(t.getLong(i)));
            }
            sb.append(v.name()).append('\t').append(t.dtype().shortName()).append('\t')
                    .append(String.join(",", dims)).append('\t').append(String.join(",", values)).append('\n');
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /**
     * Adds the carried tensors to {@code graph} as initializers; names the graph already has are kept.
     *
     * @param place where the text came from, for errors (e.g. "attribute 'rosetta_buffers'")
     * @throws MalformedInputException naming the file, the place and the line when a field is wrong
     */
    public static void restore(String text, Graph graph, Path file, String place) {
        String[] lines = text.split("\n", -1);
        if (lines.length > MAX_LINES) {
            throw new MalformedInputException(file, place, "more than " + MAX_LINES + " lines");
        }
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String where = place + ", line " + (i + 1);
            String[] f = lines[i].split("\t", -1);
            if (f.length != 4) {
                throw new MalformedInputException(file, where, "expected name, dtype, shape and values separated by tabs");
            }
            if (graph.initializer(f[0]) != null) {
                continue;
            }
            try {
                DType dtype = DType.fromShortName(f[1]);
                long[] shape = f[2].isEmpty() ? new long[0] : parseLongs(f[2], 8);
                String[] vs = f[3].isEmpty() ? new String[0] : f[3].split(",");
                if (vs.length > MAX_ELEMENTS) {
                    throw new IllegalArgumentException("more than " + MAX_ELEMENTS + " values");
                }
                double[] values = new double[vs.length];
                for (int k = 0; k < vs.length; k++) {
                    values[k] = Double.parseDouble(vs[k]);
                }
                Tensor t = Tensor.fromDoubles(dtype, shape, values);
                graph.addInitializer(Value.constant(f[0], t, Layout.NONE));
            } catch (RuntimeException e) {
                throw new MalformedInputException(file, where, "tensor '" + f[0] + "': " + e.getMessage());
            }
        }
    }

    private static long[] parseLongs(String s, int max) {
        String[] parts = s.split(",");
        if (parts.length > max) {
            throw new IllegalArgumentException("more than " + max + " dimensions");
        }
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i].trim());
        }
        return out;
    }
}
