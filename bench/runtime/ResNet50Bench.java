import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.formats.numpy.NumpyFiles;
import dev.rosetta.formats.pytorch.arch.PyTorchGraphs;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.Comparator;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.Metrics;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.Tolerance;
import dev.rosetta.runtime.onnxruntime.OnnxRuntimeBackend;
import dev.rosetta.runtime.pytorch.PyTorchBackend;
import dev.rosetta.runtime.pytorch.TorchScriptBackend;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * ResNet-50 forward, batch 1, 224x224, in one process: the IR (from state_dict.pt through the
 * architecture recognizer) on the pytorch backend vs the same model's TorchScript through DJL, on
 * the same libtorch; ONNX Runtime on model.onnx for reference. Warm-up runs first, then the
 * backends take turns, and the median of each is reported with the IR overhead as a ratio.
 *
 * Usage: bench/runtime/run.sh [MODEL_DIR] [ITERATIONS]   (MODEL_DIR from scripts/make_resnet50.py)
 */
public class ResNet50Bench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/models/resnet50");
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = 3;
        Tensor input = NumpyFiles.readTensor(dir.resolve("input.npy"));
        Tensor expected = NumpyFiles.readTensor(dir.resolve("expected.npy"));
        Model model = FormatRegistry.load().detect(dir.resolve("state_dict.pt"))
                .read(dir.resolve("state_dict.pt"), FormatOptions.none());
        System.out.println("architecture: " + PyTorchGraphs.attachArchitecture(model).orElseThrow().description()
                + ", " + model.graph().nodes().size() + " nodes");
        long t0 = System.nanoTime();
        Execution ir = new PyTorchBackend().load(ModelSource.ir(model), ExecutionOptions.cpu());
        double loadIr = ms(t0);
        t0 = System.nanoTime();
        Execution ts = new TorchScriptBackend().load(
                ModelSource.file(ModelSource.Kind.TORCHSCRIPT_FILE, dir.resolve("torchscript.pt")), ExecutionOptions.cpu());
        double loadTs = ms(t0);
        t0 = System.nanoTime();
        Execution ort = new OnnxRuntimeBackend().load(
                ModelSource.file(ModelSource.Kind.ONNX_FILE, dir.resolve("model.onnx")), ExecutionOptions.cpu());
        double loadOrt = ms(t0);
        Execution[] ex = {ir, ts, ort};
        String[] names = {"pytorch (IR on libtorch)", "torchscript (DJL)", "onnxruntime"};
        Map<String, Tensor> feedIr = Map.of("input", input);
        double[][] times = new double[3][iterations];
        Tensor[] outputs = new Tensor[3];
        for (int i = 0; i < warmup; i++) {
            for (int k = 0; k < 3; k++) {
                outputs[k] = ex[k].run(feedIr).values().iterator().next();
            }
        }
        for (int i = 0; i < iterations; i++) {
            for (int k = 0; k < 3; k++) {
                long t = System.nanoTime();
                ex[k].run(feedIr);
                times[k][i] = ms(t);
            }
        }
        Tolerance fp32 = Tolerance.forDType(DType.FLOAT32);
        System.out.printf(Locale.ROOT, "load ms: pytorch IR %.0f (weights to libtorch), torchscript %.0f, onnxruntime %.0f%n",
                loadIr, loadTs, loadOrt);
        System.out.printf(Locale.ROOT, "%-26s %10s %10s %10s %12s%n", "backend", "median ms", "min ms", "max ms",
                "max_abs vs expected");
        double[] med = new double[3];
        for (int k = 0; k < 3; k++) {
            double[] s = times[k].clone();
            Arrays.sort(s);
            med[k] = s[s.length / 2];
            Metrics m = Comparator.compare(outputs[k], expected, fp32);
            System.out.printf(Locale.ROOT, "%-26s %10.1f %10.1f %10.1f %12.2e%s%n", names[k], med[k], s[0],
                    s[s.length - 1], m.maxAbs(), m.passed() ? "" : "  (outside fp32 tolerance: " + m.reason() + ")");
        }
        System.out.printf(Locale.ROOT, "IR execution overhead: pytorch / torchscript = %.3f (median of %d runs, "
                + "%d warm-up, batch 1, 224x224, %d cores)%n", med[0] / med[1], iterations, warmup,
                Runtime.getRuntime().availableProcessors());
        for (Execution e : ex) {
            e.close();
        }
        model.close();
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
