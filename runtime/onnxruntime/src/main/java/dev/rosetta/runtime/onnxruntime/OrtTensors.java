package dev.rosetta.runtime.onnxruntime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Moves tensors between the IR and ONNX Runtime's Java API. */
final class OrtTensors {
    private OrtTensors() {
    }

    static OnnxJavaType javaType(DType d) {
        return switch (d) {
            case FLOAT16 -> OnnxJavaType.FLOAT16;
            case BFLOAT16 -> OnnxJavaType.BFLOAT16;
            case FLOAT32 -> OnnxJavaType.FLOAT;
            case FLOAT64 -> OnnxJavaType.DOUBLE;
            case INT8 -> OnnxJavaType.INT8;
            case UINT8 -> OnnxJavaType.UINT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case BOOL -> OnnxJavaType.BOOL;
        };
    }

    /** The IR dtype of an ORT tensor type, or {@code null} for types the IR lacks (strings). */
    static DType dtype(OnnxJavaType t) {
        return switch (t) {
            case FLOAT16 -> DType.FLOAT16;
            case BFLOAT16 -> DType.BFLOAT16;
            case FLOAT -> DType.FLOAT32;
            case DOUBLE -> DType.FLOAT64;
            case INT8 -> DType.INT8;
            case UINT8 -> DType.UINT8;
            case INT16 -> DType.INT16;
            case INT32 -> DType.INT32;
            case INT64 -> DType.INT64;
            case BOOL -> DType.BOOL;
            default -> null;
        };
    }

    /** The declared shape: -1 dimensions become symbols (named when ORT knows the name). */
    static Shape shape(TensorInfo info) {
        long[] dims = info.getShape();
        String[] names = info.getDimensionNames();
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            out.add(dims[i] >= 0 ? Dim.of(dims[i]) : Dim.symbol(names != null && i < names.length ? names[i] : ""));
        }
        return new Shape(out);
    }

    static OnnxTensor toOrt(OrtEnvironment env, Tensor t) throws OrtException {
        ByteBuffer bb = ByteBuffer.allocateDirect((int) t.byteSize()).order(ByteOrder.nativeOrder());
        MemorySegment.ofBuffer(bb).copyFrom(t.withByteOrder(ByteOrder.nativeOrder()).data());
        return OnnxTensor.createTensor(env, bb, t.shape(), javaType(t.dtype()));
    }

    static Tensor fromOrt(OnnxTensor o) {
        TensorInfo info = o.getInfo();
        DType d = dtype(info.type);
        if (d == null) {
            throw new UnsupportedFeatureException("ONNX Runtime produced a tensor of type " + info.type
                    + ", which Rosetta's IR does not represent");
        }
        ByteBuffer bb = o.getByteBuffer();
        byte[] bytes = new byte[bb.remaining()];
        bb.get(bytes);
        return Tensor.of(d, info.getShape(), MemorySegment.ofArray(bytes), bb.order())
                .withByteOrder(ByteOrder.LITTLE_ENDIAN);
    }
}
