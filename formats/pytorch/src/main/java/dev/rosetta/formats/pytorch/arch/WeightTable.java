package dev.rosetta.formats.pytorch.arch;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A state dict seen through one key prefix, for recognition: lookups by module-relative key with
 * shape checks, a record of which keys an architecture used, and the check that it used them all.
 *
 * <p>Every check that fails throws {@link NotRecognized} with a reason naming the key.
 */
final class WeightTable {
    private static final String NUM_BATCHES = "num_batches_tracked";

    private final String prefix;
    private final Map<String, Value> byKey;
    private final Set<String> used = new HashSet<>();
    private DType floatType;

    private WeightTable(String prefix, Map<String, Value> byKey) {
        this.prefix = prefix;
        this.byKey = byKey;
    }

    /**
     * The views worth trying: the keys as they are, then with each dotted prefix that every key
     * shares stripped ({@code "module."} from {@code DataParallel}, {@code "model."}, ...).
     */
    static List<WeightTable> views(Graph g) {
        List<String> names = new ArrayList<>();
        for (Value v : g.initializers()) {
            names.add(v.name());
        }
        List<String> prefixes = new ArrayList<>();
        prefixes.add("");
        if (!names.isEmpty()) {
            String first = names.get(0);
            int dot = first.indexOf('.');
            while (dot > 0) {
                String p = first.substring(0, dot + 1);
                if (!names.stream().allMatch(n -> n.startsWith(p) && n.length() > p.length())) {
                    break;
                }
                prefixes.add(p);
                dot = first.indexOf('.', dot + 1);
            }
        }
        List<WeightTable> out = new ArrayList<>();
        for (String p : prefixes) {
            Map<String, Value> m = new HashMap<>();
            for (Value v : g.initializers()) {
                m.put(v.name().substring(p.length()), v);
            }
            out.add(new WeightTable(p, m));
        }
        return out;
    }

    /** What every key starts with in this view, e.g. {@code ""} or {@code "module."}. */
    String prefix() {
        return prefix;
    }

    boolean has(String key) {
        return byKey.containsKey(key);
    }

    /**
     * The shape of {@code key}, checking its rank; does not mark it used.
     *
     * @throws NotRecognized when absent or of another rank
     */
    long[] shape(String key, int rank) {
        Value v = byKey.get(key);
        if (v == null) {
            throw new NotRecognized("missing " + prefix + key);
        }
        long[] s = v.constant().shape();
        if (s.length != rank) {
            throw new NotRecognized(prefix + key + " has shape " + Arrays.toString(s) + ", expected rank " + rank);
        }
        return s;
    }

    /**
     * Marks {@code key} used after checking its shape; {@code -1} in {@code expected} matches any
     * size. Float tensors must all share one dtype.
     *
     * @return the shape
     * @throws NotRecognized when absent or mismatched
     */
    long[] take(String key, long... expected) {
        long[] s = shape(key, expected.length);
        for (int i = 0; i < s.length; i++) {
            if (expected[i] >= 0 && s[i] != expected[i]) {
                throw new NotRecognized(prefix + key + " has shape " + Arrays.toString(s) + ", expected "
                        + describe(expected));
            }
        }
        DType t = byKey.get(key).constant().dtype();
        if (!t.isFloatingPoint()) {
            throw new NotRecognized(prefix + key + " has dtype " + t.shortName() + ", expected a floating-point type");
        }
        if (floatType == null) {
            floatType = t;
        } else if (floatType != t) {
            throw new NotRecognized(prefix + key + " has dtype " + t.shortName() + " but earlier weights are "
                    + floatType.shortName());
        }
        used.add(key);
        return s;
    }

    /**
     * Marks a BatchNorm2d's parameters used: weight, bias, running_mean, running_var of
     * {@code channels} each, and num_batches_tracked when present.
     */
    void takeBatchNorm(String module, long channels) {
        for (String p : List.of("weight", "bias", "running_mean", "running_var")) {
            take(module + "." + p, channels);
        }
        String nbt = module + "." + NUM_BATCHES;
        if (byKey.containsKey(nbt)) {
            if (byKey.get(nbt).constant().elementCount() != 1) {
                throw new NotRecognized(prefix + nbt + " should be a scalar");
            }
            used.add(nbt);
        }
    }

    /** Marks a linear layer used: {@code module.weight} of (out, {@code in}) and an optional bias. */
    long[] takeLinear(String module, long in) {
        long[] s = take(module + ".weight", -1, in);
        if (has(module + ".bias")) {
            take(module + ".bias", s[0]);
        }
        return s;
    }

    /**
     * The integers {@code i} for which some key starts with {@code modulePrefix + i + "."}, sorted,
     * after checking they run 0, 1, 2, ... without gaps.
     */
    List<Integer> indices(String modulePrefix) {
        TreeSet<Integer> found = new TreeSet<>();
        for (String k : byKey.keySet()) {
            if (!k.startsWith(modulePrefix)) {
                continue;
            }
            int dot = k.indexOf('.', modulePrefix.length());
            if (dot < 0) {
                continue;
            }
            String idx = k.substring(modulePrefix.length(), dot);
            if (!idx.isEmpty() && idx.length() < 6 && idx.chars().allMatch(Character::isDigit)) {
                found.add(Integer.parseInt(idx));
            }
        }
        return new ArrayList<>(found);
    }

    /**
     * Checks that every key was used by the architecture, so no weight is silently ignored.
     *
     * @throws NotRecognized listing (some of) the unused keys
     */
    void requireAllUsed() {
        if (used.size() == byKey.size()) {
            return;
        }
        List<String> left = new ArrayList<>(new TreeSet<>(byKey.keySet()));
        left.removeAll(used);
        List<String> shown = left.subList(0, Math.min(5, left.size())).stream().map(k -> prefix + k).toList();
        throw new NotRecognized(left.size() + " key(s) the architecture does not use: " + String.join(", ", shown)
                + (left.size() > shown.size() ? ", ..." : ""));
    }

    /** The dtype shared by the used floating-point weights. */
    DType floatType() {
        if (floatType == null) {
            throw new NotRecognized("no floating-point weights");
        }
        return floatType;
    }

    private static String describe(long[] expected) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < expected.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(expected[i] < 0 ? "*" : Long.toString(expected[i]));
        }
        return sb.append(']').toString();
    }
}
