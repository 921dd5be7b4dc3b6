package dev.rosetta.runtime.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.ModelSource;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.TensorShapeProto;

/** Pieces of hand-built frozen graphs and the comparison the graph tests share. */
final class TestGraphs {
    private TestGraphs() {
    }

    /** A list-of-ints attribute ({@code strides}, {@code ksize}). */
    static AttrValue ints(long... v) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (long x : v) {
            l.addI(x);
        }
        return AttrValue.newBuilder().setList(l).build();
    }

    /** A string attribute ({@code padding}, {@code data_format}). */
    static AttrValue text(String s) {
        return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(s)).build();
    }

    static TensorShapeProto dims(long... d) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long x : d) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(x));
        }
        return s.build();
    }

    /** The first output TensorFlow computes for the frozen graph {@code pb} as written. */
    static Tensor runOnTensorFlow(Path pb, Map<String, Tensor> inputs) {
        try (Execution tf = new TensorFlowBackend().load(ModelSource.file(ModelSource.Kind.GRAPH_DEF, pb),
                ExecutionOptions.cpu())) {
            return tf.run(inputs).values().iterator().next();
        }
    }

    /** Same shape, and every element within {@code tol + tol * |expected|}. */
    static void assertClose(Tensor expected, Tensor actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol + tol * Math.abs(e[i]), "element " + i);
        }
    }
}
