package dev.rosetta.formats.tensorflow;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.ProtoWire;
import dev.rosetta.formats.tensorflow.ops.TfOps;
import dev.rosetta.ir.Model;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * TF1 frozen graphs: a binary {@code GraphDef} ({@code .pb}) whose weights are constants. Read only.
 *
 * <p>Read options: {@code inputs} and {@code outputs} (comma lists of node or {@code node:index}
 * names; by default the placeholders and the nodes nobody reads), {@code keep-unsupported}.
 * Detection parses the file strictly as a GraphDef (every field known, node names and op types as
 * TensorFlow writes them), so other protobuf {@code .pb} files and SavedModels are not claimed.
 */
public final class GraphDefFormat implements FormatProvider {
    /** The provider's name. */
    public static final String NAME = "graphdef";
    /** Files up to this size are parsed whole when detecting; larger ones are judged by their head. */
    private static final long FULL_PARSE_LIMIT = 256L << 20;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "TensorFlow frozen GraphDef (.pb), read";
    }

    @Override
    public List<String> extensions() {
        return List.of(".pb");
    }

    @Override
    public boolean canRead() {
        return true;
    }

    @Override
    public boolean canWrite() {
        return false;
    }

    @Override
    public dev.rosetta.formats.ChannelOrder channelOrder() {
        return dev.rosetta.formats.ChannelOrder.LAST;
    }

    @Override
    public boolean storesGraphs() {
        return true;
    }

    @Override
    public String supportStatement() {
        return "Reads binary GraphDef files (TF1 frozen graphs, weights as Const nodes; function libraries inlined)."
                + " Inputs: placeholders or --inputs; outputs: unread nodes or --outputs. TensorFlow ops: "
                + String.join(", ", TfOps.supported()) + ". Not written: write a SavedModel instead.";
    }

    @Override
    public boolean detect(FileProbe probe) {
        if (probe.isDirectory() || probe.fileName().equals(SavedModelReader.PROTO_FILE)
                || probe.size() > TfProtos.MAX_PROTO_BYTES || !headLooksLikeGraphDef(probe.head())) {
            return false;
        }
        if (probe.size() > FULL_PARSE_LIMIT) {
            return true;
        }
        try {
            return TfProtos.isGraphDef(TfProtos.readAll(probe.path()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * True when the bytes open with a GraphDef's first node: field 1 (a message) whose own first
     * fields are a node name and an op type, both as TensorFlow allows them.
     */
    static boolean headLooksLikeGraphDef(byte[] head) {
        int[] pos = {0};
        if (head.length < 4 || head[0] != 0x0a) {
            return false;
        }
        pos[0] = 1;
        if (ProtoWire.varint(head, pos) < 0) {
            return false;
        }
        String name = string(head, pos, 0x0a);
        String op = name == null ? null : string(head, pos, 0x12);
        return name != null && op != null && TfProtos.NODE_NAME.matcher(name).matches()
                && TfProtos.OP_NAME.matcher(op).matches();
    }

    private static String string(byte[] b, int[] pos, int tag) {
        if (pos[0] >= b.length || b[pos[0]] != tag) {
            return null;
        }
        pos[0]++;
        long len = ProtoWire.varint(b, pos);
        if (len <= 0 || len > 1024 || pos[0] + len > b.length) {
            return null;
        }
        String s = new String(b, pos[0], (int) len, StandardCharsets.ISO_8859_1);
        pos[0] += (int) len;
        return s;
    }


    @Override
    public Model read(Path path, FormatOptions options) {
        return GraphDefReader.read(path, options);
    }

    @Override
    public void write(Model model, Path target, FormatOptions options) {
        throw new UnsupportedFeatureException("format 'graphdef' is read-only; write a SavedModel ('savedmodel') instead");
    }
}
