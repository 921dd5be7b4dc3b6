package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.LittleEndianChunks;
import dev.rosetta.formats.tensorflow.bundle.TfDataTypes;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * IR tensors to TensorFlow Java tensors and back, as raw little-endian bytes (TensorFlow's
 * in-memory order on the platforms it runs on), copied in chunks so tensors over 2 GiB work; a
 * re-laid weight is computed chunk-wise into a scratch buffer, not kept in the heap.
 * TensorFlow Java 1.1 has no int8 or int16 tensor classes; those types are refused.
 */
public final class TfTensorConversion {
    private static final int CHUNK = 1 << 26;

    private TfTensorConversion() {
    }

    /** The TensorFlow Java type class for an IR dtype. */
    public static Class<? extends TType> typeClass(DType t) {
        return switch (t) {
            case FLOAT32 -> TFloat32.class;
            case FLOAT64 -> TFloat64.class;
            case FLOAT16 -> TFloat16.class;
            case BFLOAT16 -> TBfloat16.class;
            case INT32 -> TInt32.class;
            case INT64 -> TInt64.class;
            case UINT8 -> TUint8.class;
            case BOOL -> TBool.class;
            case INT8, INT16 -> throw new UnsupportedFeatureException("TensorFlow Java 1.1 has no " + t.shortName()
                    + " tensors");
        };
    }

    /** A new TensorFlow tensor holding a copy of {@code t}; the caller closes it. */
    public static org.tensorflow.Tensor toTf(Tensor t) {
        Class<? extends TType> type = typeClass(t.dtype());
        org.tensorflow.Tensor out = org.tensorflow.Tensor.of(type, Shape.of(t.shape()));
        try (LittleEndianChunks chunks = new LittleEndianChunks()) {
            ByteDataBuffer dst = out.asRawTensor().data();
            byte[] buffer = new byte[(int) Math.min(LittleEndianChunks.CHUNK, t.byteSize())];
            long[] at = {0};
            chunks.stream(t, chunk -> {
                int n = chunk.remaining();
                chunk.get(buffer, 0, n);
                dst.slice(at[0], n).write(buffer, 0, n);
                at[0] += n;
            });
            return out;
        } catch (IOException e) {
            out.close();
            throw new UncheckedIOException(e); // not thrown: the sink above copies in memory
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** A heap copy of a TensorFlow tensor. */
    public static Tensor fromTf(org.tensorflow.Tensor t) {
        DType dtype = TfDataTypes.toIr(t.dataType());
        if (dtype == null) {
            throw new UnsupportedFeatureException("a TensorFlow result of type " + TfDataTypes.describe(t.dataType())
                    + ", which has no IR type");
        }
        long[] shape = t.shape().asArray();
        ByteDataBuffer src = t.asRawTensor().data();
        long size = Math.multiplyExact(Tensor.elementCount(shape), (long) dtype.byteSize());
        MemorySegment dst = Tensor.allocate(size);
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(size, 1))];
        for (long off = 0; off < size; off += CHUNK) {
            int n = (int) Math.min(CHUNK, size - off);
            src.slice(off, n).read(buf, 0, n);
            MemorySegment.copy(buf, 0, dst, ValueLayout.JAVA_BYTE, off, n);
        }
        return Tensor.of(dtype, shape, dst, ByteOrder.LITTLE_ENDIAN);
    }

    /** The TensorFlow type of an IR dtype (for attributes). */
    public static org.tensorflow.proto.DataType dataType(DType t) {
        return TfDataTypes.toTf(t);
    }
}
