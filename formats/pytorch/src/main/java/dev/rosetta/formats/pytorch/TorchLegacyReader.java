package dev.rosetta.formats.pytorch;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.pytorch.pickle.GlobalResolver;
import dev.rosetta.formats.pytorch.pickle.PersistentLoader;
import dev.rosetta.formats.pytorch.pickle.PickleLimits;
import dev.rosetta.formats.pytorch.pickle.PyDict;
import dev.rosetta.formats.pytorch.pickle.PyValues;
import dev.rosetta.formats.pytorch.pickle.SafeUnpickler;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the legacy format of {@code torch.save} (before PyTorch 1.6, or with
 * {@code _use_new_zipfile_serialization=False}): five pickles in a row (magic number, protocol
 * version 1001, system info, the object, the list of storage keys) followed by each storage's raw
 * bytes, preceded by its element count as an 8-byte little-endian integer. Storages are slices of
 * the mapped file. PyTorch writes legacy storages little-endian whatever the machine, so they are
 * read as such.
 */
final class TorchLegacyReader {
    /** The magic number, {@code 0x1950a86a20f9469cfc6c}. */
    static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL_VERSION = 1001;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private TorchLegacyReader() {
    }

    static TorchPickle read(Path path, MemorySegment file) {
        PickleLimits limits = PickleLimits.defaults();
        long size = file.byteSize();
        SafeUnpickler header = new SafeUnpickler(path, "legacy header pickle", file, 0, size, GlobalResolver.NOTHING,
                PersistentLoader.NONE, limits);
        Object magic = header.load();
        if (!(magic instanceof BigInteger b) || !b.equals(MAGIC)) {
            throw new MalformedInputException(path, "byte 0", "expected the torch.save magic number 0x"
                    + MAGIC.toString(16) + ", found " + PyValues.describe(magic));
        }
        Object protocol = header.load();
        if (!(protocol instanceof Long version) || version != PROTOCOL_VERSION) {
            throw new UnsupportedFeatureException(path + ": legacy torch.save protocol version "
                    + PyValues.describe(protocol) + " is not supported (only " + PROTOCOL_VERSION + ")");
        }
        Object sysInfo = header.load();
        Map<String, String> meta = new LinkedHashMap<>();
        if (sysInfo instanceof PyDict d) {
            meta.put("pytorch.sys_info", PyValues.describe(d));
        }
        StorageLoader loader = new StorageLoader();
        SafeUnpickler body = new SafeUnpickler(path, "legacy object pickle", file, header.position(), size,
                new TorchGlobals(false), loader, limits);
        Object root = body.load();
        SafeUnpickler keysPickle = new SafeUnpickler(path, "legacy storage-key pickle", file, body.position(), size,
                GlobalResolver.NOTHING, PersistentLoader.NONE, limits);
        Object keyList = keysPickle.load();
        List<Object> keys;
        try {
            keys = PyValues.iterate(keyList, "storage key list");
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException(path, "legacy storage-key pickle", e.getMessage());
        }
        Map<String, MemorySegment> bytes = new HashMap<>();
        long p = keysPickle.position();
        for (Object k : keys) {
            String key = k instanceof Long l ? Long.toString(l) : k instanceof String s ? s : null;
            StorageRef root0 = key == null ? null : loader.roots().get(key);
            if (root0 == null) {
                throw new MalformedInputException(path, "legacy storage list", "storage key "
                        + PyValues.describe(k) + " is listed but no tensor uses it");
            }
            String where = "storage '" + key + "' at byte " + p;
            if (size - p < 8) {
                throw new MalformedInputException(path, where, "truncated: the file ends before the storage's element count");
            }
            long numel = file.get(I64, p);
            int es = root0.type().dtype().byteSize();
            if (numel < 0 || numel > (size - p - 8) / es) {
                throw new ResourceLimitException(path, where, "storage shorter than claimed: its header claims " + numel
                        + " " + root0.type().dtype().shortName() + " elements but only " + (size - p - 8)
                        + " bytes remain in the file (truncated or corrupt)");
            }
            if (numel != root0.numel()) {
                throw new MalformedInputException(path, where, "storage holds " + numel
                        + " elements but the pickle claims " + root0.numel()
                        + (numel < root0.numel() ? " (storage shorter than claimed)" : ""));
            }
            bytes.put(key, file.asSlice(p + 8, numel * es));
            p += 8 + numel * es;
        }
        if (bytes.size() != loader.roots().size()) {
            List<String> missing = loader.roots().keySet().stream().filter(k -> !bytes.containsKey(k)).toList();
            throw new MalformedInputException(path, "legacy storage list", "storages " + missing
                    + " are used by tensors but not listed (truncated or corrupt)");
        }
        return new TorchPickle(root, ref -> bytes.get(ref.key()), ByteOrder.LITTLE_ENDIAN, "legacy", meta);
    }
}
