package dev.rosetta.runtime.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Moves tensors between the IR ({@link Tensor}, host memory) and DJL {@link NDArray}s. */
public final class NdConvert {
    private NdConvert() {
    }

    /** The DJL data type of an IR dtype. */
    public static DataType dataType(DType d) {
        return switch (d) {
            case FLOAT16 -> DataType.FLOAT16;
            case BFLOAT16 -> DataType.BFLOAT16;
            case FLOAT32 -> DataType.FLOAT32;
            case FLOAT64 -> DataType.FLOAT64;
            case INT8 -> DataType.INT8;
            case UINT8 -> DataType.UINT8;
            case INT16 -> DataType.INT16;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
            case BOOL -> DataType.BOOLEAN;
        };
    }

    /**
     * The IR dtype of a DJL data type.
     *
     * @throws UnsupportedFeatureException for types the IR has no name for (complex, unsigned wide)
     */
    public static DType dtype(DataType t) {
        return switch (t) {
            case FLOAT16 -> DType.FLOAT16;
            case BFLOAT16 -> DType.BFLOAT16;
            case FLOAT32 -> DType.FLOAT32;
            case FLOAT64 -> DType.FLOAT64;
            case INT8 -> DType.INT8;
            case UINT8 -> DType.UINT8;
            case INT16 -> DType.INT16;
            case INT32 -> DType.INT32;
            case INT64 -> DType.INT64;
            case BOOLEAN -> DType.BOOL;
            default -> throw new UnsupportedFeatureException("engine produced a tensor of type " + t
                    + ", which Rosetta's IR does not represent");
        };
    }

    /** A new NDArray in {@code manager} holding a copy of {@code t}. */
    public static NDArray toNd(NDManager manager, Tensor t) {
        ByteBuffer bb = ByteBuffer.allocateDirect((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        MemorySegment.ofBuffer(bb).copyFrom(t.withByteOrder(ByteOrder.LITTLE_ENDIAN).data());
        return manager.create(bb, new Shape(t.shape()), dataType(t.dtype()));
    }

    /** A heap copy of {@code a} as an IR tensor (moved to the CPU first when needed). */
    public static Tensor toTensor(NDArray a) {
        NDArray host = a.getDevice().isGpu() ? a.toDevice(ai.djl.Device.cpu(), true) : a;
        ByteBuffer bb = host.toByteBuffer();
        byte[] bytes = new byte[bb.remaining()];
        bb.get(bytes);
        Tensor t = Tensor.of(dtype(host.getDataType()), host.getShape().getShape(), MemorySegment.ofArray(bytes),
                bb.order());
        if (host != a) {
            host.close();
        }
        return t.withByteOrder(ByteOrder.LITTLE_ENDIAN);
    }
}
