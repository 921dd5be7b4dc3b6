package dev.rosetta.formats.pytorch;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.pytorch.pickle.PersistentLoader;
import dev.rosetta.formats.pytorch.pickle.PyNone;
import dev.rosetta.formats.pytorch.pickle.PyTuple;
import dev.rosetta.formats.pytorch.pickle.PyValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolves PyTorch's storage persistent ids to {@link StorageRef}s and remembers every root
 * storage by key, so that tensors sharing a storage share one {@code StorageRef} and the legacy
 * reader can find each storage's type when its bytes follow the pickle.
 *
 * <p>Accepts {@code ('storage', type, key, location, numel)} (zip format) and
 * {@code ('storage', type, root_key, location, numel, view_metadata)} (legacy format, where
 * {@code view_metadata} is {@code None} or {@code (view_key, offset, size)}).
 */
final class StorageLoader implements PersistentLoader {
    private final Map<String, StorageRef> roots = new LinkedHashMap<>();

    @Override
    public Object load(Object pid) {
        if (!(pid instanceof PyTuple t) || t.size() == 0) {
            throw new IllegalArgumentException("a persistent id must be a tuple ('storage', ...), found "
                    + PyValues.typeName(pid));
        }
        String kind = PyValues.asString(t.get(0), "persistent id kind");
        if (kind.equals("module")) {
            throw new UnsupportedFeatureException("the file pickles a whole nn.Module (torch.save(model)), which needs"
                    + " its Python classes; save model.state_dict() instead");
        }
        if (!kind.equals("storage")) {
            throw new IllegalArgumentException("unknown persistent id kind '" + kind + "' (only 'storage' is known)");
        }
        if (t.size() != 5 && t.size() != 6) {
            throw new IllegalArgumentException("a storage persistent id has 5 or 6 elements, found " + t.size());
        }
        if (!(t.get(1) instanceof StorageType type)) {
            throw new IllegalArgumentException("the storage type must be a storage class such as torch.FloatStorage, found "
                    + PyValues.describe(t.get(1)));
        }
        String key = key(t.get(2));
        String location = PyValues.asString(t.get(3), "storage location");
        long numel = PyValues.asLong(t.get(4), "storage size");
        if (numel < 0) {
            throw new IllegalArgumentException("negative storage size " + numel);
        }
        StorageRef root = roots.get(key);
        if (root == null) {
            root = new StorageRef(type, key, location, numel, 0, numel);
            roots.put(key, root);
        } else if (root.type().dtype() != type.dtype() || root.numel() != numel) {
            throw new IllegalArgumentException("storage '" + key + "' is described twice differently: " + root
                    + " and " + new StorageRef(type, key, location, numel, 0, numel));
        }
        if (t.size() == 6 && t.get(5) != PyNone.NONE) {
            if (!(t.get(5) instanceof PyTuple view) || view.size() != 3) {
                throw new IllegalArgumentException("storage view metadata must be (view_key, offset, size), found "
                        + PyValues.describe(t.get(5)));
            }
            long offset = PyValues.asLong(view.get(1), "storage view offset");
            long size = PyValues.asLong(view.get(2), "storage view size");
            if (offset < 0 || size < 0 || offset > numel || size > numel - offset) {
                throw new IllegalArgumentException("storage view of " + size + " elements at offset " + offset
                        + " lies outside " + root);
            }
            return new StorageRef(type, key, location, numel, offset, size);
        }
        return root;
    }

    private static String key(Object k) {
        return k instanceof Long l ? Long.toString(l) : PyValues.asString(k, "storage key");
    }

    /** Every root storage seen, by key, in first-use order. */
    Map<String, StorageRef> roots() {
        return Collections.unmodifiableMap(roots);
    }
}
