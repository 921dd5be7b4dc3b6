package dev.rosetta.formats.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an ONNX model with ONNX Runtime's Java API ({@code ai.onnxruntime}, which DJL's ONNX
 * Runtime engine brings) on IR tensors. Tests only.
 */
final class OrtRunner {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private OrtRunner() {
    }

    /** Runs {@code model} with inputs by name; returns the outputs in the model's output order. */
    static List<Tensor> run(byte[] model, Map<String, Tensor> inputs) throws OrtException {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            opts.setInterOpNumThreads(1);
            try (OrtSession session = ENV.createSession(model, opts)) {
                Map<String, OnnxTensor> feed = new LinkedHashMap<>();
                try {
                    for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                        feed.put(e.getKey(), toOrt(e.getValue()));
                    }
                    try (OrtSession.Result r = session.run(feed)) {
                        List<Tensor> out = new ArrayList<>();
                        for (Map.Entry<String, OnnxValue> e : r) {
                            out.add(fromOrt((OnnxTensor) e.getValue()));
                        }
                        return out;
                    }
                } finally {
                    feed.values().forEach(OnnxTensor::close);
                }
            }
        }
    }

    /** The input names the model declares, in order. */
    static List<String> inputNames(byte[] model) throws OrtException {
        try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions())) {
            return new ArrayList<>(session.getInputNames());
        }
    }

    private static OnnxTensor toOrt(Tensor t) throws OrtException {
        byte[] bytes = t.toLittleEndianBytes();
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.nativeOrder());
        b.put(bytes).flip();
        return OnnxTensor.createTensor(ENV, b, t.shape(), javaType(t.dtype()));
    }

    private static OnnxJavaType javaType(DType d) {
        return switch (d) {
            case FLOAT32 -> OnnxJavaType.FLOAT;
            case FLOAT64 -> OnnxJavaType.DOUBLE;
            case FLOAT16 -> OnnxJavaType.FLOAT16;
            case BFLOAT16 -> OnnxJavaType.BFLOAT16;
            case INT8 -> OnnxJavaType.INT8;
            case UINT8 -> OnnxJavaType.UINT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case BOOL -> OnnxJavaType.BOOL;
        };
    }

    private static Tensor fromOrt(OnnxTensor t) {
        TensorInfo info = t.getInfo();
        DType d = switch (info.type) {
            case FLOAT -> DType.FLOAT32;
            case DOUBLE -> DType.FLOAT64;
            case FLOAT16 -> DType.FLOAT16;
            case BFLOAT16 -> DType.BFLOAT16;
            case INT8 -> DType.INT8;
            case UINT8 -> DType.UINT8;
            case INT16 -> DType.INT16;
            case INT32 -> DType.INT32;
            case INT64 -> DType.INT64;
            case BOOL -> DType.BOOL;
            default -> throw new IllegalStateException("output type " + info.type);
        };
        ByteBuffer b = t.getByteBuffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return Tensor.of(d, info.getShape(), MemorySegment.ofArray(bytes), ByteOrder.nativeOrder());
    }
}
