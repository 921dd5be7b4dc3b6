package dev.rosetta.formats.pytorch;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.formats.pytorch.pickle.PickleLimits;
import dev.rosetta.formats.pytorch.pickle.SafeUnpickler;
import dev.rosetta.formats.pytorch.zip.ZipArchive;
import dev.rosetta.formats.pytorch.zip.ZipRecord;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the zip format of {@code torch.save} (PyTorch 1.6 and later) and the pickles of
 * TorchScript archives: {@code <folder>/data.pkl} unpickled safely, storages in
 * {@code <folder>/data/<key>} handed out as slices of the mapped file, the byte order from
 * {@code <folder>/byteorder} (little-endian when absent, as PyTorch assumes).
 */
final class TorchZipReader {
    private static final int MAX_SMALL_RECORD = 64;

    private TorchZipReader() {
    }

    /**
     * The archive folder with its slash ({@code "archive/"}), found from the shallowest
     * {@code data.pkl} entry; empty when it is at the root.
     *
     * @throws MalformedInputException when there is no {@code data.pkl}
     */
    static String prefix(Path path, ZipArchive zip) {
        String best = null;
        for (ZipRecord r : zip.records()) {
            String n = r.name();
            if (n.equals("data.pkl") || n.endsWith("/data.pkl")) {
                String p = n.substring(0, n.length() - "data.pkl".length());
                if (best == null || depth(p) < depth(best)) {
                    best = p;
                }
            }
        }
        if (best == null) {
            List<String> names = zip.records().stream().limit(8).map(ZipRecord::name).toList();
            throw new MalformedInputException(path, "zip directory", "no data.pkl entry, so not a torch.save archive"
                    + " (entries: " + names + (zip.records().size() > 8 ? " ..." : "") + ")");
        }
        return best;
    }

    private static int depth(String prefix) {
        return (int) prefix.chars().filter(c -> c == '/').count();
    }

    /** Reads {@code <prefix>data.pkl} and the archive's facts. */
    static TorchPickle read(Path path, ZipArchive zip, boolean torchScript) {
        String prefix = prefix(path, zip);
        Map<String, String> meta = new LinkedHashMap<>();
        ByteOrder order = byteOrder(path, zip, prefix);
        smallText(path, zip, prefix + "version").or(() -> smallText(path, zip, prefix + ".data/version"))
                .ifPresent(v -> meta.put("pytorch.archive_version", v));
        meta.put("pytorch.byteorder", order == ByteOrder.BIG_ENDIAN ? "big" : "little");
        Object root = unpickle(path, zip, prefix, "data", torchScript);
        return new TorchPickle(root, storages(path, zip, prefix, "data"), order, torchScript ? "torchscript" : "zip", meta);
    }

    /** Unpickles {@code <prefix><archive>.pkl}. */
    static Object unpickle(Path path, ZipArchive zip, String prefix, String archive, boolean torchScript) {
        String name = prefix + archive + ".pkl";
        ZipRecord rec = zip.find(name).orElseThrow(() -> new MalformedInputException(path, "zip directory",
                "no entry '" + name + "'"));
        MemorySegment bytes = zip.data(rec);
        SafeUnpickler u = new SafeUnpickler(path, "entry '" + name + "'", bytes, 0, bytes.byteSize(),
                new TorchGlobals(torchScript), new StorageLoader(), PickleLimits.defaults());
        return u.load();
    }

    /** Storages of {@code <prefix><archive>/<key>} entries, checked against the sizes the pickle claims. */
    static StorageSource storages(Path path, ZipArchive zip, String prefix, String archive) {
        return root -> {
            String name = prefix + archive + "/" + root.key();
            ZipRecord rec = zip.find(name).orElseThrow(() -> new MalformedInputException(path, root.toString(),
                    "no entry '" + name + "' holds its bytes"));
            MemorySegment data = zip.data(rec);
            int es = root.type().dtype().byteSize();
            long need;
            try {
                need = Math.multiplyExact(root.numel(), (long) es);
            } catch (ArithmeticException e) {
                throw new ResourceLimitException(path, root.toString(), "claims " + root.numel()
                        + " elements, whose byte size overflows a 64-bit integer");
            }
            if (data.byteSize() < need) {
                throw new MalformedInputException(path, "entry '" + name + "'", "storage shorter than claimed: it holds "
                        + data.byteSize() + " bytes but the pickle claims " + root.numel() + " "
                        + root.type().dtype().shortName() + " elements (" + need + " bytes)");
            }
            return data.asSlice(0, need);
        };
    }

    private static ByteOrder byteOrder(Path path, ZipArchive zip, String prefix) {
        Optional<String> v = smallText(path, zip, prefix + "byteorder");
        if (v.isEmpty() || v.get().equals("little")) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (v.get().equals("big")) {
            return ByteOrder.BIG_ENDIAN;
        }
        throw new MalformedInputException(path, "entry '" + prefix + "byteorder'", "expected 'little' or 'big', found '"
                + v.get() + "'");
    }

    static Optional<String> smallText(Path path, ZipArchive zip, String name) {
        return zip.find(name).map(r -> {
            if (r.size() > MAX_SMALL_RECORD) {
                throw new MalformedInputException(path, "entry '" + name + "'", "expected a short text record, found "
                        + r.size() + " bytes");
            }
            return new String(zip.data(r).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8).trim();
        });
    }
}
