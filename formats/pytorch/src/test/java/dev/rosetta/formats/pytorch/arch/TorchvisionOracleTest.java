package dev.rosetta.formats.pytorch.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real torchvision models (random weights, made by /usr/bin/python3 with torch and torchvision):
 * each state dict is recognized with the right description, its graph validates and has the op
 * counts of torchvision's own ONNX export, and executing the graph by ONNX semantics (a small
 * interpreter in torch.nn.functional, eval_graph.py) reproduces the real model's output.
 *
 * <p>The tensors reach Java through a raw index + bytes file, so this test depends on neither
 * the PyTorch reader nor safetensors; when a {@code pytorch} format provider is on the class path,
 * the {@code .pt} files (written for the small models) are also read through it.
 */
class TorchvisionOracleTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** Model name to the description the recognizer must give. */
    static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("resnet18", "torchvision resnet18 (BasicBlock [2,2,2,2], 1000 classes)");
        EXPECTED.put("resnet50", "torchvision resnet50 (Bottleneck [3,4,6,3], 1000 classes)");
        EXPECTED.put("resnext50_32x4d", "torchvision resnext50_32x4d (Bottleneck [3,4,6,3], groups 32, 1000 classes)");
        EXPECTED.put("wide_resnet50_2", "torchvision wide_resnet50_2 (Bottleneck [3,4,6,3], 1000 classes)");
        EXPECTED.put("mobilenet_v2", "torchvision mobilenet_v2 (17 inverted residual blocks, 1000 classes)");
        EXPECTED.put("vgg11_bn", "torchvision vgg11_bn (8 conv layers with batch norm, 1000 classes)");
        EXPECTED.put("narrow_basic",
                "torchvision-style ResNet (BasicBlock [1,1,1,1], stem 8, block outputs [8,16,24,32], 10 classes)");
        EXPECTED.put("narrow_bottleneck", "torchvision-style ResNet (Bottleneck [2,1,1,1], stem 16, block outputs "
                + "[16,32,32,64], inner widths [4,8,8,16], groups 2, 5 classes)");
    }

    /** Ops the ONNX export and our graph may differ in: BN is folded into Conv by the export, etc. */
    private static final Set<String> LOOSE_OPS = Set.of("BatchNormalization", "Constant", "Identity", "AveragePool",
            "Dropout");

    @TempDir
    static Path dir;

    private static final Map<String, Model> models = new HashMap<>();
    private static final Map<String, Throwable> failures = new HashMap<>();
    private static final Map<String, String> numeric = new HashMap<>();

    @BeforeAll
    static void makeModels() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 is not installed");
        Assumptions.assumeTrue(python(List.of("-c", "import torch, torchvision, numpy")).exit == 0,
                "/usr/bin/python3 lacks torch, torchvision or numpy");
        List<String> args = new ArrayList<>(List.of(script("torchvision_fixtures.py"), dir.toString()));
        args.addAll(EXPECTED.keySet());
        Result made = python(args);
        assertEquals(0, made.exit, made.output);
        List<String> built = new ArrayList<>();
        for (String name : EXPECTED.keySet()) {
            try {
                Model m = StateDicts.fromFixture(dir, name);
                models.put(name, m);
                Optional<Architecture> a = PyTorchGraphs.attachArchitecture(m);
                if (a.isPresent()) {
                    Files.writeString(dir.resolve(name + ".graph.json"), GraphJson.dump(m.graph()));
                    built.add(name);
                }
            } catch (Exception | AssertionError e) {
                failures.put(name, e);
            }
        }
        built.addAll(writeMutants());
        List<String> evalArgs = new ArrayList<>(List.of(script("eval_graph.py"), dir.toString()));
        evalArgs.addAll(built);
        Result eval = python(evalArgs);
        for (String line : eval.output.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                numeric.put(line.substring(0, sp), line.substring(sp + 1));
            }
        }
        System.out.println("eval_graph.py:\n" + eval.output);
    }

    /** Negative controls: narrow_basic's graph with one deliberate fault each, which eval must catch. */
    private static List<String> writeMutants() throws IOException {
        List<String> names = new ArrayList<>();
        for (String fault : MUTANTS) {
            Model m = StateDicts.fromFixture(dir, "narrow_basic");
            models.put("narrow_basic+" + fault, m);
            PyTorchGraphs.attachArchitecture(m);
            for (dev.rosetta.ir.Node n : m.graph().nodes()) {
                if (fault.equals("bn-mean-var-swapped") && n.name().equals("layer1.0.bn1")) {
                    dev.rosetta.ir.Value mean = n.input(3);
                    n.replaceInputWith(3, n.input(4));
                    n.replaceInputWith(4, mean);
                } else if (fault.equals("no-residual") && n.name().equals("layer3.0.add")) {
                    n.replaceInputWith(1, n.input(0));
                } else if (fault.equals("conv-padding-dropped") && n.name().equals("layer2.0.conv1")) {
                    n.setAttribute("pads", new dev.rosetta.ir.Attribute.Ints(new long[] {0, 0, 0, 0}));
                }
            }
            Files.writeString(dir.resolve("narrow_basic+" + fault + ".graph.json"), GraphJson.dump(m.graph()));
            names.add("narrow_basic+" + fault);
        }
        return names;
    }

    private static final List<String> MUTANTS = List.of("bn-mean-var-swapped", "no-residual", "conv-padding-dropped");

    static List<String> mutants() {
        return MUTANTS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutants")
    void theNumericCheckCatchesABrokenGraph(String fault) {
        String result = numeric.get("narrow_basic+" + fault);
        assertNotNull(result, "eval_graph.py gave no result for the " + fault + " mutant");
        assertTrue(!result.startsWith("ok "), fault + " went unnoticed: " + result);
    }

    @AfterAll
    static void closeModels() {
        models.values().forEach(Model::close);
    }

    static List<String> names() {
        return new ArrayList<>(EXPECTED.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void recognizedBuiltAndNumericallyFaithful(String name) throws Exception {
        if (failures.containsKey(name)) {
            throw new AssertionError("loading or building " + name + " failed", failures.get(name));
        }
        Model m = models.get(name);
        assertTrue(m.hasComputation(), () -> name + " not recognized: " + PyTorchGraphs.noGraphReason(m));
        assertEquals(EXPECTED.get(name), m.metadata().get(PyTorchGraphs.ARCHITECTURE));
        m.graph().validate();

        Path onnxOps = dir.resolve(name + ".onnx_ops");
        if (Files.exists(onnxOps)) {
            Map<String, Integer> theirs = new TreeMap<>();
            for (String line : Files.readAllLines(onnxOps)) {
                String[] f = line.split(" ");
                theirs.put(f[0], Integer.parseInt(f[1]));
            }
            Map<String, Integer> ours = GraphJson.histogram(m.graph());
            Set<String> ops = new TreeSet<>(theirs.keySet());
            ops.addAll(ours.keySet());
            ops.removeAll(LOOSE_OPS);
            for (String op : ops) {
                assertEquals(theirs.getOrDefault(op, 0), ours.getOrDefault(op, 0),
                        name + ": " + op + " count; ours " + ours + ", torch.onnx.export " + theirs);
            }
            assertEquals(ours.getOrDefault("Conv", 0), ours.getOrDefault("BatchNormalization", 0),
                    name + ": every conv has its BN");
        }

        String result = numeric.get(name);
        assertNotNull(result, "eval_graph.py gave no result for " + name);
        assertTrue(result.startsWith("ok "), name + ": " + result);

        readThroughThePyTorchReaderWhenPresent(name);
    }

    private void readThroughThePyTorchReaderWhenPresent(String name) throws IOException {
        Path pt = dir.resolve(name + ".pt");
        Optional<FormatProvider> pytorch = FormatRegistry.load().all().stream()
                .filter(p -> p.name().equals("pytorch") && p.canRead()).findFirst();
        if (pytorch.isEmpty() || !Files.exists(pt)) {
            return;
        }
        try (Model m = pytorch.get().read(pt, FormatOptions.none())) {
            Optional<Architecture> a = PyTorchGraphs.attachArchitecture(m);
            assertTrue(a.isPresent(), () -> name + ".pt via the pytorch reader: " + PyTorchGraphs.noGraphReason(m));
            assertEquals(EXPECTED.get(name), a.get().description());
            m.graph().validate();
            System.out.println(name + ".pt read through the pytorch reader: " + a.get().description());
        }
    }

    private record Result(int exit, String output) {
    }

    private static String script(String name) throws Exception {
        return Path.of(TorchvisionOracleTest.class.getResource(name).toURI()).toString();
    }

    private static Result python(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(PYTHON.toString());
        cmd.addAll(args);
        Path log = Files.createTempFile("python", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
