package dev.rosetta.layout.naming;

import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.kernel.Permutation;
import dev.rosetta.layout.kernel.WeightTransform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which source tensor became which target tensor: one {@link Entry} per tensor with both names,
 * both shapes and the rearrangement applied. Written out by {@code convert --name-map} (see
 * {@link NameMapJson}), read back by {@code diff} to compare two weight files tensor by tensor.
 * Immutable.
 *
 * @param entries in a deterministic order (the target graph's initializer order when built by a
 *     {@link TransformLedger})
 */
public record NameMap(List<Entry> entries) {

    /**
     * One tensor's fate.
     *
     * @param sourceName its name in the source
     * @param targetName its name in the target
     * @param sourceShape its shape in the source
     * @param targetShape its shape in the target
     * @param transform how its elements were rearranged ({@link WeightTransform#identity} if not)
     */
    public record Entry(String sourceName, String targetName, long[] sourceShape, long[] targetShape,
                        WeightTransform transform) {
        public Entry {
            sourceShape = sourceShape.clone();
            targetShape = targetShape.clone();
            if (!Arrays.equals(transform.sourceShape(), sourceShape) || !Arrays.equals(transform.targetShape(), targetShape)) {
                throw new IllegalArgumentException("entry '" + sourceName + "' -> '" + targetName + "': transform "
                        + transform + " does not map " + Arrays.toString(sourceShape) + " to " + Arrays.toString(targetShape));
            }
        }

        /** A rename with no change to the tensor. */
        public static Entry rename(String source, String target, long[] shape) {
            return new Entry(source, target, shape, shape, WeightTransform.identity(shape));
        }

        @Override
        public long[] sourceShape() {
            return sourceShape.clone();
        }

        @Override
        public long[] targetShape() {
            return targetShape.clone();
        }

        /** The axis permutation applied, when the transform is one plain transpose; else empty. */
        public Optional<Permutation> permutation() {
            return Optional.ofNullable(transform.asPermutation());
        }

        /** The same entry read the other way. */
        public Entry inverse() {
            return new Entry(targetName, sourceName, targetShape, sourceShape, transform.inverse());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && sourceName.equals(e.sourceName) && targetName.equals(e.targetName)
                    && Arrays.equals(sourceShape, e.sourceShape) && Arrays.equals(targetShape, e.targetShape)
                    && transform.equals(e.transform);
        }

        @Override
        public int hashCode() {
            return sourceName.hashCode() * 31 + targetName.hashCode();
        }

        @Override
        public String toString() {
            return sourceName + " " + Arrays.toString(sourceShape) + " -> " + targetName + " "
                    + Arrays.toString(targetShape) + " (" + transform.label() + ")";
        }
    }

    public NameMap {
        entries = List.copyOf(entries);
    }

    /** Every initializer of {@code graph} mapped to itself (a format change that keeps names). */
    public static NameMap identity(Graph graph) {
        List<Entry> e = new ArrayList<>();
        for (Value v : graph.initializers()) {
            e.add(Entry.rename(v.name(), v.name(), v.constant().shape()));
        }
        return new NameMap(e);
    }

    /** The map read the other way: target names to source names, transforms inverted. */
    public NameMap inverse() {
        return new NameMap(entries.stream().map(Entry::inverse).toList());
    }

    /** The entry for a source name, if any (the first when a tensor went to several targets). */
    public Optional<Entry> bySource(String sourceName) {
        return entries.stream().filter(e -> e.sourceName().equals(sourceName)).findFirst();
    }

    /** The entry for a target name, if any. */
    public Optional<Entry> byTarget(String targetName) {
        return entries.stream().filter(e -> e.targetName().equals(targetName)).findFirst();
    }

    /**
     * This map followed by {@code next}: an entry of each is joined where this one's target name is
     * the next one's source name; entries of this map that {@code next} does not mention are kept.
     */
    public NameMap then(NameMap next) {
        Map<String, Entry> byName = new HashMap<>();
        for (Entry e : next.entries) {
            byName.putIfAbsent(e.sourceName(), e);
        }
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            Entry n = byName.get(e.targetName());
            if (n == null) {
                out.add(e);
            } else {
                out.add(new Entry(e.sourceName(), n.targetName(), e.sourceShape(), n.targetShape(),
                        e.transform().then(n.transform())));
            }
        }
        return new NameMap(out);
    }

    /**
     * Renames {@code graph}'s initializers from source to target names; with
     * {@code transformTensors}, also replaces each tensor by its transform applied (the tensor must
     * then have the entry's source shape). Initializers the map does not mention are left alone.
     *
     * @return how many initializers were renamed
     * @throws InvalidGraphException when a rename would give two values one name, or a tensor's
     *     shape differs from its entry's source shape
     */
    public int applyTo(Graph graph, boolean transformTensors) {
        Map<String, Entry> bySource = new LinkedHashMap<>();
        for (Entry e : entries) {
            bySource.putIfAbsent(e.sourceName(), e);
        }
        Map<String, Value> all = graph.valuesByName();
        Map<String, String> finalNames = new HashMap<>();
        for (Value v : all.values()) {
            Entry e = v.isConstant() && graph.initializers().contains(v) ? bySource.get(v.name()) : null;
            String name = e == null ? v.name() : e.targetName();
            String prior = finalNames.put(name, v.name());
            if (prior != null) {
                throw new InvalidGraphException("name map would give '" + prior + "' and '" + v.name()
                        + "' the same name '" + name + "' in graph '" + graph.name() + "'");
            }
        }
        int renamed = 0;
        for (Value v : graph.initializers()) {
            Entry e = bySource.get(v.name());
            if (e == null) {
                continue;
            }
            if (transformTensors) {
                if (!Arrays.equals(v.constant().shape(), e.sourceShape())) {
                    throw new InvalidGraphException("initializer '" + v.name() + "' is " + Arrays.toString(v.constant().shape())
                            + " but the name map expects " + Arrays.toString(e.sourceShape()));
                }
                if (!e.transform().movesNothing() || !Arrays.equals(e.sourceShape(), e.targetShape())) {
                    v.setConstant(e.transform().apply(v.constant()));
                }
            }
            if (!v.name().equals(e.targetName())) {
                v.setName(e.targetName());
                renamed++;
            }
        }
        return renamed;
    }
}
