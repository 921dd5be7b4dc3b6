package dev.rosetta.formats.onnx;

import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.formats.onnx.proto.OnnxProto.ModelProto;
import dev.rosetta.ir.Model;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads ONNX files into the IR.
 *
 * <p>The file is mapped, parsed by protobuf with aliasing (tensors in {@code raw_data} and in
 * external data files stay views of the mappings, owned by the returned model), and imported node
 * by node through the operator table.
 *
 * <p>Unsupported content (operators, their variants, data types) is collected over the whole
 * model. {@link Mode#STRICT} then throws one {@link UnsupportedFeatureException} listing every
 * item (what {@code convert} needs); {@link Mode#KEEP_UNSUPPORTED} returns the model with those
 * nodes kept as they are in the file and the list under the metadata key
 * {@value #UNSUPPORTED_KEY}, one item a line (what {@code inspect} needs; see
 * {@link OnnxSupport#unsupportedOps(Model)}).
 */
public final class OnnxReader {
    /** Model metadata key under which a lenient read lists the unsupported items, one a line. */
    public static final String UNSUPPORTED_KEY = dev.rosetta.formats.FormatOptions.UNSUPPORTED_METADATA;

    /** What to do with unsupported content. */
    public enum Mode {
        /** Throw {@link UnsupportedFeatureException} listing every unsupported item. */
        STRICT,
        /** Keep unsupported nodes as they are and list them in the model's metadata. */
        KEEP_UNSUPPORTED
    }

    private OnnxReader() {
    }

    /**
     * Reads a model file; external data is looked up next to it.
     *
     * @throws dev.rosetta.error.MalformedInputException when the file is not a valid ONNX model
     * @throws UnsupportedFeatureException in {@link Mode#STRICT} when anything is unsupported
     * @throws dev.rosetta.error.RosettaIOException when the file cannot be read
     */
    public static Model read(Path file, Mode mode) {
        MappedFile mapped = MappedFile.open(file);
        try {
            Model m = read(file, mapped.segment(), mapped, mode);
            return m;
        } catch (RuntimeException | Error e) {
            mapped.close();
            throw e;
        }
    }

    /**
     * Reads a model held in memory (no external data possible). The returned model keeps views of
     * {@code bytes}, which must not change while it is open.
     */
    public static Model read(byte[] bytes, Mode mode) {
        return read(null, MemorySegment.ofArray(bytes), null, mode);
    }

    private static Model read(Path file, MemorySegment bytes, AutoCloseable owned, Mode mode) {
        ModelProto proto = ProtoParsing.parseModel(file, bytes);
        OnnxImporter importer = new OnnxImporter(file, proto);
        Model model = importer.model();
        try {
            importer.run();
            if (owned != null) {
                model.own(owned);
            }
            List<String> items = importer.unsupportedItems();
            if (!items.isEmpty()) {
                if (mode == Mode.STRICT) {
                    throw new UnsupportedFeatureException((file == null ? "model" : file.toString()) + ": "
                            + items.size() + " unsupported item" + (items.size() == 1 ? "" : "s"), items);
                }
                model.putMetadata(UNSUPPORTED_KEY, String.join("\n", items));
            }
            return model;
        } catch (RuntimeException e) {
            closeQuietly(model);
            if (e instanceof RosettaException re && !(re instanceof UnsupportedFeatureException)) {
                List<String> items = importer.unsupportedItems();
                if (!items.isEmpty()) {
                    re.addContext("the model also uses unsupported features: " + String.join("; ", items));
                }
            }
            throw e;
        }
    }

    private static void closeQuietly(Model model) {
        try {
            model.close();
        } catch (RuntimeException ignored) {
            // closing after a failure: the first failure is the one to report
        }
    }
}
