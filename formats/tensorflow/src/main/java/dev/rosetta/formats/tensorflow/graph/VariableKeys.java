package dev.rosetta.formats.tensorflow.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which bundle key restores which variable, read off the graph the way TensorFlow's loader restores
 * it: every {@code Assign}/{@code AssignVariableOp} whose value is output {@code k} of a
 * {@code RestoreV2} (through {@code Identity} nodes) assigns the variable it targets the tensor
 * named by entry {@code k} of the restore's {@code tensor_names} constant. This covers TF1 savers
 * ({@code save/restore_all}) and TF2 SavedModels (the inlined {@code __inference__traced_restore}
 * function, whose resource arguments are the graph's {@code VarHandleOp}s) alike.
 */
public final class VariableKeys {
    private static final Set<String> ASSIGN_OPS = Set.of("Assign", "AssignVariableOp");
    private static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "Variable", "VarHandleOp");
    private static final Set<String> PASS_OPS = Set.of("Identity", "ReadVariableOp", "Snapshot");

    /**
     * A variable's checkpoint key.
     *
     * @param key the bundle key
     * @param slice the shape-and-slice spec it is restored with ({@code ""} for the whole tensor)
     */
    public record Key(String key, String slice) {
    }

    private VariableKeys() {
    }

    /** Variable node name to its key, for every variable a restore op in {@code g} assigns. */
    public static Map<String, Key> fromRestoreOps(FlatGraph g) {
        Map<String, Key> out = new HashMap<>();
        for (TfNode n : g.nodes()) {
            if (!ASSIGN_OPS.contains(n.op()) || n.inputs().size() < 2) {
                continue;
            }
            TfNode target = g.node(TensorNames.node(follow(g, n.inputs().get(0))));
            String value = follow(g, n.inputs().get(1));
            TfNode restore = g.node(TensorNames.node(value));
            if (target == null || restore == null || !VARIABLE_OPS.contains(target.op())) {
                continue;
            }
            Key k = key(g, restore, TensorNames.index(value));
            if (k != null) {
                out.putIfAbsent(target.name(), k);
            }
        }
        return out;
    }

    private static Key key(FlatGraph g, TfNode restore, int index) {
        switch (restore.op()) {
            case "RestoreV2" -> {
                List<String> names = strings(g, restore, 1);
                List<String> slices = strings(g, restore, 2);
                if (names == null || index >= names.size()) {
                    return null;
                }
                return new Key(names.get(index), slices != null && index < slices.size() ? slices.get(index) : "");
            }
            case "Restore", "RestoreSlice" -> {
                List<String> names = strings(g, restore, 1);
                if (names == null || names.isEmpty()) {
                    return null;
                }
                List<String> slices = restore.op().equals("RestoreSlice") ? strings(g, restore, 2) : null;
                return new Key(names.get(0), slices == null || slices.isEmpty() ? "" : slices.get(0));
            }
            default -> {
                return null;
            }
        }
    }

    /** The strings of a constant input, or {@code null} when it is not a string constant. */
    private static List<String> strings(FlatGraph g, TfNode n, int input) {
        if (input >= n.inputs().size()) {
            return null;
        }
        TfNode c = g.node(TensorNames.node(follow(g, n.inputs().get(input))));
        if (c == null || !c.op().equals("Const") || c.attr("value") == null) {
            return null;
        }
        return TfTensors.strings(c.attr("value").getTensor());
    }

    /** Follows {@code Identity}-like nodes back to the tensor they pass on. */
    private static String follow(FlatGraph g, String ref) {
        String r = ref;
        for (int i = 0; i < 1000; i++) {
            TfNode n = g.node(TensorNames.node(r));
            if (n == null || !PASS_OPS.contains(n.op()) || n.inputs().isEmpty()) {
                return r;
            }
            r = n.inputs().get(0);
        }
        return r;
    }
}
