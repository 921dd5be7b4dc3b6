package dev.rosetta.formats.keras.read;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.formats.keras.h5.H5Input;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.util.ArrayList;
import java.util.List;

/**
 * Weights in the Keras 3 layout ({@code model.weights.h5} inside a {@code .keras} archive, or a
 * {@code .weights.h5} file): each layer's variables are datasets {@code 0, 1, ...} in a group
 * {@code <path>/vars}, where the path is built from snake-cased class names
 * ({@code layers/conv2d_1}), not layer names. Variables are matched by position.
 */
public final class V3Weights implements WeightSource {
    private static final int MAX_VARS = 10_000;

    private final H5Input in;
    private final Group root;

    public V3Weights(H5Input in, Group root) {
        this.in = in;
        this.root = root;
    }

    @Override
    public List<StoredWeight> weightsOf(LayerLocation location) {
        Group g = root;
        for (String part : (location.v3Path() + "/vars").split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            g = in.childGroup(g, part);
            if (g == null) {
                return List.of();
            }
        }
        return vars(g);
    }

    private List<StoredWeight> vars(Group vars) {
        List<String> names = in.childNames(vars);
        List<StoredWeight> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (i >= MAX_VARS) {
                throw new MalformedInputException(in.file(), "group '" + vars.getPath() + "'", "more than "
                        + MAX_VARS + " variables");
            }
            String key = Integer.toString(i);
            Dataset ds = in.dataset(vars, key);
            if (ds == null) {
                throw new MalformedInputException(in.file(), "group '" + vars.getPath() + "'",
                        "expected datasets named 0.." + (names.size() - 1) + ", found " + names);
            }
            String path = vars.getPath() + (vars.getPath().endsWith("/") ? "" : "/") + key;
            out.add(new StoredWeight(null, path, in.tensor(ds, "variable '" + path + "'")));
        }
        return out;
    }

    @Override
    public List<NamedWeight> all() {
        List<NamedWeight> out = new ArrayList<>();
        walk(root, "", out, 0);
        return out;
    }

    private void walk(Group g, String prefix, List<NamedWeight> out, int depth) {
        if (depth > 64) {
            throw new MalformedInputException(in.file(), "group '" + g.getPath() + "'", "groups nested more than 64 deep");
        }
        for (String name : in.childNames(g)) {
            Group child = in.childGroup(g, name);
            if (child == null) {
                continue;
            }
            String path = prefix.isEmpty() ? name : prefix + "/" + name;
            if (name.equals("vars")) {
                for (StoredWeight w : vars(child)) {
                    String p = w.storedName().startsWith("/") ? w.storedName().substring(1) : w.storedName();
                    out.add(new NamedWeight(p, w));
                }
            } else {
                walk(child, path, out, depth + 1);
            }
        }
    }
}
