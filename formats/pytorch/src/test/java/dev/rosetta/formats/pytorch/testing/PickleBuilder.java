package dev.rosetta.formats.pytorch.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-assembles pickle bytes, opcode by opcode, for tests of hostile and malformed input. */
public final class PickleBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static PickleBuilder proto(int version) {
        return new PickleBuilder().op(0x80).op(version);
    }

    public PickleBuilder op(int b) {
        out.write(b);
        return this;
    }

    public PickleBuilder raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public PickleBuilder ascii(String s) {
        return raw(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    public PickleBuilder global(String module, String name) {
        return op('c').ascii(module + "\n" + name + "\n");
    }

    public PickleBuilder mark() {
        return op('(');
    }

    public PickleBuilder str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        int32(b.length);
        return raw(b);
    }

    public PickleBuilder integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').op((int) v);
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            op('J');
            return int32((int) v);
        }
        op(0x8a).op(8);
        for (int i = 0; i < 8; i++) {
            op((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    public PickleBuilder int32(int v) {
        return op(v & 0xff).op((v >>> 8) & 0xff).op((v >>> 16) & 0xff).op((v >>> 24) & 0xff);
    }

    public PickleBuilder tuple() {
        return op('t');
    }

    public PickleBuilder emptyTuple() {
        return op(')');
    }

    public PickleBuilder emptyDict() {
        return op('}');
    }

    public PickleBuilder reduce() {
        return op('R');
    }

    public PickleBuilder setItems() {
        return op('u');
    }

    public PickleBuilder binpersid() {
        return op('Q');
    }

    public PickleBuilder newFalse() {
        return op(0x89);
    }

    public PickleBuilder stop() {
        return op('.');
    }

    /** A tuple of ints: MARK ints TUPLE. */
    public PickleBuilder ints(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    /**
     * {@code torch._utils._rebuild_tensor_v2(storage(pid), offset, size, stride, False, OrderedDict())}
     * with pid {@code ('storage', torch.<storageClass>, key, 'cpu', numel)}.
     */
    public PickleBuilder tensor(String storageClass, String key, long numel, long offset, long[] size, long[] stride) {
        return tensor(storageClass, key, numel, offset, size, stride, false);
    }

    /** As {@link #tensor}, with the legacy format's 6-element persistent id (view metadata None) when asked. */
    public PickleBuilder tensor(String storageClass, String key, long numel, long offset, long[] size, long[] stride,
                                boolean legacy) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().str("storage").global("torch", storageClass).str(key).str("cpu").integer(numel);
        if (legacy) {
            op('N');
        }
        tuple().binpersid();
        integer(offset).ints(size).ints(stride).newFalse();
        global("collections", "OrderedDict").emptyTuple().reduce();
        return tuple().reduce();
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
