package dev.rosetta.formats.onnx;

import com.google.protobuf.ByteString;
import dev.rosetta.formats.onnx.proto.OnnxProto.AttributeProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.GraphProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.ModelProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.NodeProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.TensorProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.TensorShapeProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.TypeProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Builders for hand-made ONNX protos in tests. */
final class Protos {
    private Protos() {
    }

    static ModelProto model(int opset, GraphProto graph) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(graph).build();
    }

    /** A float tensor value declaration; a dim of -1 is written as the symbol {@code N}. */
    static ValueInfoProto floatValue(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    static NodeProto node(String op, List<String> in, List<String> out, AttributeProto... attrs) {
        return NodeProto.newBuilder().setName(op.toLowerCase() + "_" + out.get(0)).setOpType(op).addAllInput(in)
                .addAllOutput(out).addAllAttribute(List.of(attrs)).build();
    }

    static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            b.addInts(x);
        }
        return b.build();
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    static TensorProto floats(String name, long[] dims, float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(1).setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    static TensorProto longs(String name, long... v) {
        return TensorProto.newBuilder().setName(name).setDataType(7).addDims(v.length)
                .addAllInt64Data(java.util.Arrays.stream(v).boxed().toList()).build();
    }
}
