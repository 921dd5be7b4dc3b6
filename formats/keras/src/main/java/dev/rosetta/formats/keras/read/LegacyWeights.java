package dev.rosetta.formats.keras.read;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.formats.keras.h5.H5Input;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.util.ArrayList;
import java.util.List;

/**
 * Weights in the Keras 2 / tf.keras HDF5 layout: a group (the root of a weights-only file, or
 * {@code model_weights} of a full model) whose {@code layer_names} attribute lists one group per
 * layer; each layer group's {@code weight_names} attribute lists its datasets by relative path,
 * e.g. {@code conv0/kernel:0}. A model nested as a layer keeps all its layers' weights in the
 * nested model's group, named {@code <inner layer>/<variable>:0}.
 */
public final class LegacyWeights implements WeightSource {
    private final H5Input in;
    private final Group root;

    public LegacyWeights(H5Input in, Group root) {
        this.in = in;
        this.root = root;
    }

    /** The {@code layer_names} attribute of the weights group. */
    public List<String> layerNames() {
        List<String> names = in.stringListAttribute(root, "layer_names");
        if (names == null) {
            throw new MalformedInputException(in.file(), "group '" + root.getPath() + "'",
                    "expected a 'layer_names' attribute listing the layers' weight groups, found none");
        }
        return names;
    }

    @Override
    public List<StoredWeight> weightsOf(LayerLocation location) {
        List<String> names = location.names();
        Group group = in.childGroup(root, names.get(0));
        if (group == null) {
            return List.of();
        }
        List<String> weightNames = in.stringListAttribute(group, "weight_names");
        if (weightNames == null) {
            return List.of();
        }
        String inner = names.get(names.size() - 1);
        List<StoredWeight> out = new ArrayList<>();
        for (String wn : weightNames) {
            String[] parts = stripIndex(wn).split("/");
            if (names.size() > 1 && (parts.length < 2 || !parts[parts.length - 2].equals(inner))) {
                continue;
            }
            out.add(new StoredWeight(parts[parts.length - 1], wn, read(group, wn)));
        }
        return out;
    }

    private dev.rosetta.ir.Tensor read(Group group, String weightName) {
        String where = "weight '" + weightName + "' of layer group '" + group.getName() + "'";
        Dataset ds = in.dataset(group, weightName);
        if (ds == null) {
            throw new MalformedInputException(in.file(), "layer group '" + group.getPath() + "'",
                    "its 'weight_names' lists '" + weightName + "' but the group has no such dataset");
        }
        return in.tensor(ds, where);
    }

    @Override
    public List<NamedWeight> all() {
        List<NamedWeight> out = new ArrayList<>();
        for (String layer : layerNames()) {
            Group group = in.childGroup(root, layer);
            if (group == null) {
                throw new MalformedInputException(in.file(), "attribute 'layer_names' of '" + root.getPath() + "'",
                        "lists layer '" + layer + "' but there is no group of that name");
            }
            List<String> weightNames = in.stringListAttribute(group, "weight_names");
            for (String wn : weightNames == null ? List.<String>of() : weightNames) {
                String stripped = stripIndex(wn);
                String name = stripped.startsWith(layer + "/") ? stripped : layer + "/" + stripped;
                String[] parts = stripped.split("/");
                out.add(new NamedWeight(name, new StoredWeight(parts[parts.length - 1], wn, read(group, wn))));
            }
        }
        return out;
    }

    /** {@code conv0/kernel:0} without its {@code :0}. */
    static String stripIndex(String weightName) {
        int colon = weightName.lastIndexOf(':');
        if (colon > 0 && colon < weightName.length() - 1
                && weightName.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return weightName.substring(0, colon);
        }
        return weightName;
    }
}
