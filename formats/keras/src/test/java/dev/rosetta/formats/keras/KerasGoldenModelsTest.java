package dev.rosetta.formats.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.formats.keras.write.Kernels;
import dev.rosetta.formats.numpy.NumpyFiles;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.LayoutConversion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch golden models ({@code golden-models/}: torchvision ResNets with basic and
 * bottleneck blocks, and the Conv/BN/MaxPool/Flatten/Linear convnet), read from their ONNX export,
 * turned channels-last by the layout pass, written as Keras (legacy HDF5 and Keras 3), read back
 * and executed channels-last: the output matches {@code expected.npy} (1e-4 abs + rel).
 */
class KerasGoldenModelsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"resnet_basic_narrow", "resnet_bottleneck_narrow", "convnet_flatten"})
    void pytorchGoldenModelRoundTripsThroughKeras(String name) throws Exception {
        String root = System.getProperty("rosetta.golden");
        Assumptions.assumeTrue(root != null && Files.isDirectory(Path.of(root, name)), "golden model " + name + " absent");
        Assumptions.assumeTrue(Runtimes.available(), "runtime not available");
        Path dir = Path.of(root, name);
        FormatRegistry formats = FormatRegistry.load();
        FormatProvider onnx = formats.byName("onnx");
        Tensor input = NumpyFiles.readTensor(dir.resolve("input.npy"));
        Tensor expected = NumpyFiles.readTensor(dir.resolve("expected.npy"));
        Tensor nhwc = Kernels.permute(input, new int[] {0, 2, 3, 1});
        for (FormatProvider keras : List.of(new KerasH5Format(), new KerasV3Format())) {
            Path out = tmp.resolve(name + (keras instanceof KerasH5Format ? ".h5" : ".keras"));
            try (Model m = onnx.read(dir.resolve("model.onnx"), FormatOptions.none())) {
                LayoutConversion.toChannelsLast(IoLayout.NHWC).run(m.graph());
                keras.write(m, out, FormatOptions.none());
            }
            try (Model back = keras.read(out, FormatOptions.none())) {
                Map<String, Integer> ops = new TreeMap<>();
                for (Node n : back.graph().nodes()) {
                    ops.merge(n.opType(), 1, Integer::sum);
                }
                List<Tensor> outs = Runtimes.run(back, Map.of(back.graph().inputs().get(0).name(), nhwc));
                assertArrayEquals(expected.shape(), outs.get(0).shape());
                double diff = GoldenIo.maxAbs(outs.get(0), expected);
                System.out.printf("%s -> %s -> IR %s: max |diff| %.3g%n", name, out.getFileName(), ops, diff);
                assertTrue(GoldenIo.excess(outs.get(0), expected, 1e-4, 1e-4) <= 0, name + ": max |diff| " + diff);
            }
        }
    }
}
