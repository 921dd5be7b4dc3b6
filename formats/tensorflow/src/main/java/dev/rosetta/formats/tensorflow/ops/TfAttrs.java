package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.formats.tensorflow.graph.TfNode;
import java.nio.file.Path;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;

/** Typed reads of TensorFlow node attributes, with the op's defaults when absent. */
public final class TfAttrs {
    private TfAttrs() {
    }

    public static String string(TfNode n, String key, String fallback) {
        AttrValue v = n.attr(key);
        return v == null || v.getValueCase() != AttrValue.ValueCase.S ? fallback : v.getS().toStringUtf8();
    }

    public static long integer(TfNode n, String key, long fallback) {
        AttrValue v = n.attr(key);
        return v == null || v.getValueCase() != AttrValue.ValueCase.I ? fallback : v.getI();
    }

    public static float real(TfNode n, String key, float fallback) {
        AttrValue v = n.attr(key);
        return v == null || v.getValueCase() != AttrValue.ValueCase.F ? fallback : v.getF();
    }

    public static boolean bool(TfNode n, String key, boolean fallback) {
        AttrValue v = n.attr(key);
        return v == null || v.getValueCase() != AttrValue.ValueCase.B ? fallback : v.getB();
    }

    /** An integer list, or {@code fallback} when absent. */
    public static long[] ints(TfNode n, String key, long[] fallback) {
        AttrValue v = n.attr(key);
        if (v == null || v.getValueCase() != AttrValue.ValueCase.LIST) {
            return fallback;
        }
        return v.getList().getIList().stream().mapToLong(Long::longValue).toArray();
    }

    public static DataType type(TfNode n, String key) {
        AttrValue v = n.attr(key);
        return v == null || v.getValueCase() != AttrValue.ValueCase.TYPE ? null : v.getType();
    }

    /**
     * An integer list of exactly {@code length} values.
     *
     * @throws MalformedInputException naming the node when the list has another length
     */
    public static long[] intsOfLength(TfNode n, String key, int length, long[] fallback, Path file) {
        long[] v = ints(n, key, fallback);
        if (v != null && v.length != length) {
            throw new MalformedInputException(file, "node " + n.describe(), "attribute '" + key + "' has "
                    + v.length + " values; expected " + length);
        }
        return v;
    }
}
