package dev.rosetta.formats.pytorch;

import dev.rosetta.ir.DType;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Emits the {@code data.pkl} of a state dict as {@code torch.save} writes it: protocol 2, an
 * {@code OrderedDict} whose values are {@code torch._utils._rebuild_tensor_v2} calls over storages
 * named by persistent ids {@code ('storage', torch.FloatStorage, key, 'cpu', numel)}.
 *
 * <p>Only opcodes that PyTorch 1.13's {@code weights_only} unpickler accepts are used (no
 * {@code MEMOIZE}, {@code FRAME} or {@code BINFLOAT}), so the file loads with
 * {@code torch.load(f, weights_only=True)}.
 */
final class TorchPickleWriter {
    /** One tensor entry: its name, dtype, shape and the key of its storage. */
    record Entry(String name, DType dtype, long[] shape, String storageKey) {
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> memo = new HashMap<>();

    private TorchPickleWriter() {
    }

    /** The pickle bytes of an {@code OrderedDict} of these tensors, in order. */
    static byte[] stateDict(List<Entry> entries) {
        TorchPickleWriter w = new TorchPickleWriter();
        w.op(0x80).op(2);
        w.global("collections", "OrderedDict").op(')').op('R');
        for (int start = 0; start < entries.size(); start += 1000) {
            w.op('(');
            for (Entry e : entries.subList(start, Math.min(entries.size(), start + 1000))) {
                w.unicode(e.name());
                w.tensor(e);
            }
            w.op('u');
        }
        w.op('.');
        return w.out.toByteArray();
    }

    private void tensor(Entry e) {
        global("torch._utils", "_rebuild_tensor_v2");
        op('(');
        // persistent id of the storage
        op('(');
        unicode("storage");
        global("torch", StorageType.NAMES.get(e.dtype()));
        unicode(e.storageKey());
        unicode("cpu");
        integer(numel(e.shape()));
        op('t');
        op('Q');
        integer(0);
        longTuple(e.shape());
        longTuple(contiguousStrides(e.shape()));
        op(0x89); // requires_grad = False
        global("collections", "OrderedDict").op(')').op('R'); // backward_hooks
        op('t');
        op('R');
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    static long[] contiguousStrides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return s;
    }

    private void longTuple(long[] values) {
        switch (values.length) {
            case 0 -> op(')');
            case 1, 2, 3 -> {
                for (long v : values) {
                    integer(v);
                }
                op(0x85 + values.length - 1);
            }
            default -> {
                op('(');
                for (long v : values) {
                    integer(v);
                }
                op('t');
            }
        }
    }

    private TorchPickleWriter global(String module, String name) {
        String key = module + "\n" + name + "\n";
        Integer idx = memo.get(key);
        if (idx != null) {
            if (idx < 256) {
                op('h').op(idx);
            } else {
                op('j');
                int32(idx);
            }
            return this;
        }
        op('c');
        out.writeBytes(key.getBytes(StandardCharsets.UTF_8));
        idx = memo.size();
        memo.put(key, idx);
        if (idx < 256) {
            op('q').op(idx);
        } else {
            op('r');
            int32(idx);
        }
        return this;
    }

    private void unicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        int32(b.length);
        out.writeBytes(b);
    }

    private void integer(long v) {
        if (v >= 0 && v < 256) {
            op('K').op((int) v);
        } else if (v >= 0 && v < 65536) {
            op('M').op((int) (v & 0xff)).op((int) (v >>> 8));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            op('J');
            int32((int) v);
        } else {
            byte[] be = BigInteger.valueOf(v).toByteArray(); // minimal two's complement, big-endian
            op(0x8a).op(be.length);
            for (int i = be.length - 1; i >= 0; i--) {
                op(be[i] & 0xff);
            }
        }
    }

    private void int32(int v) {
        op(v & 0xff).op((v >>> 8) & 0xff).op((v >>> 16) & 0xff).op((v >>> 24) & 0xff);
    }

    private TorchPickleWriter op(int b) {
        out.write(b);
        return this;
    }
}
