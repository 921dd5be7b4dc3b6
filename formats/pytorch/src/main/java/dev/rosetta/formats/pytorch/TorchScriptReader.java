package dev.rosetta.formats.pytorch;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.formats.pytorch.pickle.PyObject;
import dev.rosetta.formats.pytorch.pickle.PyTuple;
import dev.rosetta.formats.pytorch.pickle.PyValues;
import dev.rosetta.formats.pytorch.pickle.UnsafePickleException;
import dev.rosetta.formats.pytorch.zip.ZipArchive;
import dev.rosetta.formats.pytorch.zip.ZipRecord;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what can be read of a TorchScript archive ({@code torch.jit.save}) without running it: its
 * parameters and buffers as initializers of a graph without nodes, and a description of its code
 * and constants as metadata. The graph itself is not imported; the runtime executes such archives
 * as they are.
 *
 * <p>{@code data.pkl} goes through the same safe unpickler as state dicts, with the scripted module
 * classes ({@code __torch__.*}) allowed as opaque objects that only record their attributes; tensors
 * are named by attribute path ({@code conv1.weight}). When the pickle needs something the
 * unpickler refuses, the model has no initializers and {@code torchscript.parameters} says why.
 *
 * <p>Metadata: {@code pytorch.format} = {@code torchscript}, {@code torchscript.class} (the root
 * module's class), {@code torchscript.code} (the code files), {@code torchscript.constants},
 * {@code torchscript.parameters} when they could not be read, and the archive facts the zip reader
 * records.
 */
public final class TorchScriptReader {
    private TorchScriptReader() {
    }

    /** True when a torch zip archive is TorchScript: it has {@code constants.pkl} or a {@code code/} folder. */
    static boolean isTorchScript(ZipArchive zip, String prefix) {
        return zip.find(prefix + "constants.pkl").isPresent()
                || zip.records().stream().anyMatch(r -> r.name().startsWith(prefix + "code/"));
    }

    /**
     * Reads a TorchScript archive.
     *
     * @throws MalformedInputException when the file is not a readable zip with a {@code data.pkl}
     */
    public static Model read(Path path, FormatOptions options) {
        return MappedFile.readModel(path, mapped -> PyTorchReader.guarded(path, () -> {
            ZipArchive zip = ZipArchive.read(mapped);
            return read(path, zip, TorchZipReader.prefix(path, zip));
        }));
    }

    static Model read(Path path, ZipArchive zip, String prefix) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("pytorch.format", "torchscript");
        List<String> code = new ArrayList<>();
        for (ZipRecord r : zip.records()) {
            if (r.name().startsWith(prefix + "code/") && r.name().endsWith(".py")) {
                code.add(r.name().substring(prefix.length()));
            }
        }
        meta.put("torchscript.code", String.join(", ", code));
        TorchZipReader.smallText(path, zip, prefix + "version").ifPresent(v -> meta.put("torchscript.version", v));
        Graph graph = new Graph(PyTorchReader.stem(path));
        try {
            TorchPickle tp = TorchZipReader.read(path, zip, true);
            if (tp.root() instanceof PyObject o) {
                meta.put("torchscript.class", o.className());
            }
            StateDictSelector.Selection sel = StateDictSelector.selectAll(path, tp.root());
            PyTorchReader.addInitializers(path, tp, sel, graph);
            meta.put("pytorch.byteorder", tp.metadata().getOrDefault("pytorch.byteorder", "little"));
            if (!sel.skipped().isEmpty()) {
                meta.put("pytorch.skipped", String.join("; ", sel.skipped()));
            }
        } catch (UnsafePickleException | UnsupportedFeatureException e) {
            meta.put("torchscript.parameters", "not read: " + e.getMessage());
        }
        meta.put("torchscript.constants", constants(path, zip, prefix));
        meta.put("pytorch.format", "torchscript");
        return new Model(graph, "torchscript", Map.of(), meta);
    }

    private static String constants(Path path, ZipArchive zip, String prefix) {
        if (zip.find(prefix + "constants.pkl").isEmpty()) {
            return "none (no constants.pkl)";
        }
        try {
            Object c = TorchZipReader.unpickle(path, zip, prefix, "constants", true);
            if (c instanceof PyTuple t) {
                List<String> items = new ArrayList<>();
                for (Object o : t.items().subList(0, Math.min(20, t.size()))) {
                    items.add(o instanceof TensorRef r ? "tensor" + java.util.Arrays.toString(r.size()) + " "
                            + r.storage().type().dtype().shortName() : PyValues.typeName(o));
                }
                return t.size() + (t.size() == 1 ? " constant" : " constants") + (items.isEmpty() ? "" : ": "
                        + String.join(", ", items) + (t.size() > 20 ? ", ..." : ""));
            }
            return PyValues.typeName(c);
        } catch (UnsafePickleException | UnsupportedFeatureException e) {
            return "not read: " + e.getMessage();
        } catch (RosettaException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
