package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers to build attribute maps and to move static parameters between attributes and constant tensors. */
public final class Attrs {
    private Attrs() {
    }

    /** A mutable copy of {@code base}. */
    public static Map<String, Attribute> copy(Map<String, Attribute> base) {
        return new LinkedHashMap<>(base);
    }

    /** The integers of a constant 0-D or 1-D integer tensor. */
    public static long[] ints(Tensor t) {
        return t.toLongArray();
    }

    /** A 1-D int64 tensor holding {@code values}. */
    public static Tensor int64s(long... values) {
        return Tensor.ofLongs(new long[] {values.length}, values);
    }

    /** A 0-D tensor of {@code dtype} holding {@code v}. */
    public static Tensor scalar(DType dtype, double v) {
        return Tensor.fromDoubles(dtype, new long[0], v);
    }

    /** An integer-list attribute. */
    public static Attribute ints(long... values) {
        return new Attribute.Ints(values);
    }

    /** The integer-list attribute {@code key} of {@code attrs}, or {@code null}. */
    public static long[] getInts(Map<String, Attribute> attrs, String key) {
        return attrs.get(key) instanceof Attribute.Ints i ? i.values() : null;
    }

    /** The float attribute {@code key}, or {@code null}. */
    public static Float getFloat(Map<String, Attribute> attrs, String key) {
        return attrs.get(key) instanceof Attribute.Float f ? f.value() : null;
    }

    /** The integer attribute {@code key}, or {@code fallback}. */
    public static long getInt(Map<String, Attribute> attrs, String key, long fallback) {
        return attrs.get(key) instanceof Attribute.Int i ? i.value() : fallback;
    }

    /** The string attribute {@code key}, or {@code null}. */
    public static String getString(Map<String, Attribute> attrs, String key) {
        return attrs.get(key) instanceof Attribute.Str s ? s.value() : null;
    }

    /**
     * A new tensor of {@code src}'s dtype and byte order holding the elements of {@code src} at the
     * given flat indices (bytes copied exactly), with the given shape.
     */
    public static Tensor pick(Tensor src, long[] shape, long[] indices) {
        int w = src.dtype().byteSize();
        java.lang.foreign.MemorySegment out = Tensor.allocate((long) indices.length * w);
        for (int i = 0; i < indices.length; i++) {
            java.lang.foreign.MemorySegment.copy(src.data(), indices[i] * w, out, (long) i * w, w);
        }
        return Tensor.of(src.dtype(), shape, out, src.byteOrder());
    }

    /** The concatenation of 1-D tensors of one dtype and byte order. */
    public static Tensor concat(java.util.List<Tensor> parts) {
        Tensor first = parts.get(0);
        long total = 0;
        for (Tensor t : parts) {
            total += t.byteSize();
        }
        java.lang.foreign.MemorySegment out = Tensor.allocate(total);
        long at = 0;
        for (Tensor t : parts) {
            java.lang.foreign.MemorySegment.copy(t.data(), 0, out, at, t.byteSize());
            at += t.byteSize();
        }
        return Tensor.of(first.dtype(), new long[] {total / first.dtype().byteSize()}, out, first.byteOrder());
    }
}
