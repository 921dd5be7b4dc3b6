package dev.rosetta.runtime.tensorflow;

import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.GraphRecoveries;
import dev.rosetta.formats.numpy.NumpyFiles;
import dev.rosetta.formats.pytorch.PyTorchFormat;
import dev.rosetta.formats.tensorflow.SavedModelFormat;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.LayoutConversion;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.onnxruntime.OnnxRuntimeBackend;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's acceptance: TensorFlow models read, converted to ONNX and run in ONNX Runtime give
 * what TensorFlow gives for the original; a PyTorch ResNet written as a SavedModel gives, in
 * TensorFlow, what PyTorch gave.
 */
class Issue7AcceptanceTest {
    private final TensorFlowBackend tensorflow = new TensorFlowBackend();
    private final OnnxRuntimeBackend onnxRuntime = new OnnxRuntimeBackend();

    /** TensorFlow's output for the SavedModel as written, and ONNX Runtime's for its conversion. */
    private void savedModelToOnnxRuntime(Path dir, String input, Tensor x, boolean toChannelsFirst) {
        Map<String, Tensor> reference;
        try (Execution tf = tensorflow.load(ModelSource.file(ModelSource.Kind.SAVED_MODEL, dir), ExecutionOptions.cpu())) {
            reference = tf.run(Map.of(input, x));
        }
        try (Model m = new SavedModelFormat().read(dir, FormatOptions.none())) {
            if (toChannelsFirst) {
                LayoutConversion.toChannelsFirst(IoLayout.KEEP).run(m.graph());
            }
            try (Execution ort = onnxRuntime.load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                Map<String, Tensor> converted = ort.run(Map.of(input, x));
                for (Map.Entry<String, Tensor> e : reference.entrySet()) {
                    Files2.assertClose(e.getValue(), converted.get(e.getKey()), 1e-5, 1e-5, dir + " output " + e.getKey());
                }
            }
        }
    }

    @Test
    void goldenTfJavaSavedModelRunsInOnnxRuntimeAsInTensorFlow() {
        savedModelToOnnxRuntime(Files2.golden("tf_cnn", "saved_model"), "input",
                NumpyFiles.readTensor(Files2.golden("tf_cnn", "input.npy")), true);
    }

    @Test
    void tfServingHalfPlusTwoRunsInOnnxRuntimeAsInTensorFlow() {
        savedModelToOnnxRuntime(Files2.corpus("tf-savedmodel", "saved_model_half_plus_two_cpu", "00000123"), "x",
                Tensor.ofFloats(new long[] {3, 1}, 1f, 2f, 5f), false);
        savedModelToOnnxRuntime(Files2.corpus("tf-savedmodel", "saved_model_half_plus_two_tf2_cpu", "00000123"), "x",
                Tensor.ofFloats(new long[] {1}, 7f), false);
    }

    @Test
    void goldenPyTorchResNetAsSavedModelMatchesPyTorch(@TempDir Path tmp) throws java.io.IOException {
        Path golden = Files2.golden("resnet_basic_narrow");
        Path out = tmp.resolve("resnet_savedmodel");
        try (Model m = new PyTorchFormat().read(golden.resolve("state_dict.pt"), FormatOptions.none())) {
            GraphRecoveries.load().recover(m).orElseThrow(() -> new AssertionError("no architecture recognized"));
            LayoutConversion.toChannelsLast(IoLayout.NHWC).run(m.graph());
            AtomicOutput.write(out, t -> new SavedModelFormat().write(m, t, FormatOptions.none()));
        }
        Tensor nchw = NumpyFiles.readTensor(golden.resolve("input.npy"));
        Tensor nhwc = dev.rosetta.formats.tensorflow.ops.Tensors.permute(nchw, new int[] {0, 2, 3, 1});
        Tensor expected = NumpyFiles.readTensor(golden.resolve("expected.npy"));
        try (Execution tf = tensorflow.load(ModelSource.file(ModelSource.Kind.SAVED_MODEL, out), ExecutionOptions.cpu())) {
            String in = tf.inputs().get(0).name();
            Tensor y = tf.run(Map.of(in, nhwc)).values().iterator().next();
            Files2.assertClose(expected, y, 1e-4, 1e-4, "ResNet logits from TensorFlow");
        }
    }
}
