package dev.rosetta.runtime;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.report.Divergence;
import dev.rosetta.runtime.report.InputReport;
import dev.rosetta.runtime.report.OutputReport;
import dev.rosetta.runtime.report.PerLayerReport;
import dev.rosetta.runtime.report.TimingsReport;
import dev.rosetta.runtime.report.ToleranceReport;
import dev.rosetta.runtime.report.VerificationReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One verification: load both models on their backends, feed both the same inputs, compare every
 * output (and, with per-layer diagnosis, every intermediate both name), and report.
 *
 * <p>Two modes. {@link #compare}: the source model is the reference, the converted model is judged
 * against it. {@link #golden}: one model is judged against stored expected outputs.
 *
 * <p>Outputs are matched through the name map, else by name, else by position when both sides have
 * equally many. The tolerance is the profile of the first source output's dtype, with
 * {@code --rtol}/{@code --atol} overrides, applied to every output and intermediate. A converted
 * output declared in another activation layout than the source's is permuted to the source's
 * layout before comparing, and the report says so.
 *
 * <p>Not thread-safe; build one per verification.
 */
public final class Verification {
    private final Backend sourceBackend;
    private final ModelSource source;
    private final Backend convertedBackend;
    private final ModelSource converted;
    private final List<NamedTensor> expected;
    private Device device = Device.CPU;
    private final List<NamedTensor> inputs = new ArrayList<>();
    private long seed;
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private Integer batch;
    private Double rtol;
    private Double atol;
    private boolean perLayer;
    private Map<String, String> nameMap = Map.of();
    private String expectedDescription = "expected outputs";
    private final List<String> givenNotes = new ArrayList<>();

    private Verification(Backend sourceBackend, ModelSource source, Backend convertedBackend, ModelSource converted,
                         List<NamedTensor> expected) {
        this.sourceBackend = Objects.requireNonNull(sourceBackend, "sourceBackend");
        this.source = Objects.requireNonNull(source, "source");
        this.convertedBackend = convertedBackend;
        this.converted = converted;
        this.expected = expected;
    }

    /** Source vs converted, each on its backend. */
    public static Verification compare(Backend sourceBackend, ModelSource source, Backend convertedBackend,
                                       ModelSource converted) {
        return new Verification(sourceBackend, source, Objects.requireNonNull(convertedBackend, "convertedBackend"),
                Objects.requireNonNull(converted, "converted"), null);
    }

    /** One model vs stored outputs (golden mode). */
    public static Verification golden(Backend backend, ModelSource model, List<NamedTensor> expectedOutputs) {
        if (expectedOutputs.isEmpty()) {
            throw new UsageException("golden mode needs at least one --expected file");
        }
        return new Verification(backend, model, null, null, List.copyOf(expectedOutputs));
    }

    public Verification device(Device d) {
        this.device = Objects.requireNonNull(d, "device");
        return this;
    }

    /** Adds a given input ({@code --input [name=]file.npy}). */
    public Verification input(NamedTensor t) {
        inputs.add(t);
        return this;
    }

    public Verification seed(long s) {
        this.seed = s;
        return this;
    }

    /** The whole shape of one input with dynamic dimensions ({@code --shape name=1x3x224x224}). */
    public Verification shape(String inputName, long[] dims) {
        shapes.put(inputName, dims.clone());
        return this;
    }

    /** The size of dynamic first dimensions ({@code --batch}). */
    public Verification batch(Integer n) {
        this.batch = n;
        return this;
    }

    /** Tolerance overrides; {@code null} keeps the profile's value. */
    public Verification tolerance(Double rtolOverride, Double atolOverride) {
        this.rtol = rtolOverride;
        this.atol = atolOverride;
        return this;
    }

    public Verification perLayer(boolean on) {
        this.perLayer = on;
        return this;
    }

    /** Source value name to converted value name. */
    public Verification nameMap(Map<String, String> map) {
        this.nameMap = Map.copyOf(map);
        return this;
    }

    /** How golden mode names the expected side in reports (e.g. the file name). */
    public Verification expectedDescription(String description) {
        this.expectedDescription = description;
        return this;
    }

    /** A line the report's notes start with (e.g. how the source came to run where it runs). */
    public Verification note(String line) {
        givenNotes.add(Objects.requireNonNull(line, "line"));
        return this;
    }

    /**
     * Runs the verification.
     *
     * @throws UsageException for inputs that do not fit the models
     * @throws dev.rosetta.error.UnsupportedFeatureException when a backend cannot run a model or
     *     use the device
     * @throws SourceNotLoadedException when the source's engine refuses to load it
     */
    public VerificationReport run() {
        sourceBackend.checkDevice(device);
        if (convertedBackend != null) {
            convertedBackend.checkDevice(device);
        }
        List<String> notes = new ArrayList<>(givenNotes);
        boolean golden = expected != null;
        boolean recordSource = perLayer && !golden && sourceBackend.canRecordIntermediates(source.kind());
        boolean recordConverted = perLayer && !golden && convertedBackend.canRecordIntermediates(converted.kind());
        if (perLayer && golden) {
            notes.add("--per-layer ignored: golden mode has no second model to compare intermediates with");
        }
        long t0 = System.nanoTime();
        try (Execution src = loadSource(new ExecutionOptions(device, recordSource && recordConverted))) {
            double loadSource = ms(t0);
            if (golden) {
                return runGolden(src, loadSource, notes);
            }
            long t1 = System.nanoTime();
            try (Execution conv = convertedBackend.load(converted,
                    new ExecutionOptions(device, recordSource && recordConverted))) {
                double loadConverted = ms(t1);
                return runCompare(src, conv, loadSource, loadConverted, recordSource, recordConverted, notes);
            }
        }
    }

    private Execution loadSource(ExecutionOptions options) {
        try {
            return sourceBackend.load(source, options);
        } catch (SourceNotLoadedException e) {
            throw e;
        } catch (UnsupportedFeatureException e) {
            throw new SourceNotLoadedException(sourceBackend.name(), e);
        }
    }

    private VerificationReport runCompare(Execution src, Execution conv, double loadSource, double loadConverted,
                                          boolean recordSource, boolean recordConverted, List<String> notes) {
        List<InputPlan.Fed> fed = InputPlan.plan(src.inputs(), conv.inputs(), inputs, seed, shapes, batch, notes);
        Map<String, Tensor> srcIn = new LinkedHashMap<>();
        Map<String, Tensor> convIn = new LinkedHashMap<>();
        for (InputPlan.Fed f : fed) {
            srcIn.put(f.sourceName(), f.forSource());
            convIn.put(f.convertedName(), f.forConverted());
        }
        long t = System.nanoTime();
        LinkedHashMap<String, Tensor> srcOut = src.run(srcIn);
        double runSource = ms(t);
        t = System.nanoTime();
        LinkedHashMap<String, Tensor> convOut = conv.run(convIn);
        double runConverted = ms(t);

        t = System.nanoTime();
        Tolerance tol = tolerance(srcOut);
        List<OutputReport> outputs = compareOutputs(srcOut, convOut, specsByName(src.outputs()),
                specsByName(conv.outputs()), tol, notes);
        PerLayerReport perLayerReport = null;
        Divergence divergence = null;
        if (perLayer) {
            if (recordSource && recordConverted) {
                LayerDiagnosis.Result r = LayerDiagnosis.diagnose(src.intermediates(), conv.intermediates(), nameMap,
                        tol, src.backendName(), conv.backendName());
                perLayerReport = r.report();
                divergence = r.firstDivergence();
            } else {
                String which = !recordSource ? "backend '" + sourceBackend.name() + "' records no intermediates of "
                        + kindName(source.kind()) + " (the source)"
                        : "backend '" + convertedBackend.name() + "' records no intermediates of "
                        + kindName(converted.kind()) + " (the converted model)";
                perLayerReport = new PerLayerReport(false, sourceBackend.name(), convertedBackend.name(), 0, 0, 0, 0,
                        which + "; pick one that does with --backend-source/--backend-converted");
            }
        }
        double compare = ms(t);
        boolean passed = !outputs.isEmpty() && outputs.stream().allMatch(OutputReport::passed);
        return new VerificationReport(VerificationReport.SCHEMA, passed, "compare", outputs, toleranceReport(tol),
                new VerificationReport.Sides(src.backendName(), conv.backendName()),
                new VerificationReport.Sides(source.describe(), converted.describe()), device.toString(),
                fed.stream().map(InputPlan.Fed::report).toList(), divergence, perLayerReport,
                new TimingsReport(loadSource, loadConverted, runSource, runConverted, compare), notes);
    }

    private VerificationReport runGolden(Execution src, double loadSource, List<String> notes) {
        List<InputPlan.Fed> fed = InputPlan.plan(src.inputs(), null, inputs, seed, shapes, batch, notes);
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (InputPlan.Fed f : fed) {
            in.put(f.sourceName(), f.forSource());
        }
        long t = System.nanoTime();
        LinkedHashMap<String, Tensor> out = src.run(in);
        double runSource = ms(t);
        t = System.nanoTime();
        LinkedHashMap<String, Tensor> exp = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(out.keySet());
        for (int i = 0; i < expected.size(); i++) {
            NamedTensor e = expected.get(i);
            String name = e.name();
            if (name == null) {
                if (expected.size() == 1 || i < names.size()) {
                    name = names.get(Math.min(i, names.size() - 1));
                }
            } else if (!out.containsKey(name)) {
                throw new UsageException("--expected names output '" + name + "', which the model does not have; outputs: "
                        + names);
            }
            exp.put(name, e.tensor());
        }
        Tolerance tol = tolerance(exp);
        List<OutputReport> outputs = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : exp.entrySet()) {
            Tensor actual = out.get(e.getKey());
            Metrics m = Comparator.compare(actual, e.getValue(), tol);
            outputs.add(OutputReport.of(e.getKey(), origin(e.getKey()), e.getValue().shape(),
                    e.getValue().dtype().shortName(), m, null));
        }
        if (exp.size() < out.size()) {
            notes.add((out.size() - exp.size()) + " model outputs have no expected file and were not checked");
        }
        double compare = ms(t);
        boolean passed = outputs.stream().allMatch(OutputReport::passed);
        return new VerificationReport(VerificationReport.SCHEMA, passed, "golden", outputs, toleranceReport(tol),
                new VerificationReport.Sides(src.backendName(), null),
                new VerificationReport.Sides(source.describe(), expectedDescription), device.toString(),
                fed.stream().map(InputPlan.Fed::report).toList(), null, null,
                new TimingsReport(loadSource, null, runSource, null, compare), notes);
    }

    private String origin(String outputName) {
        for (NamedTensor e : expected) {
            if (outputName.equals(e.name())) {
                return e.origin();
            }
        }
        return expected.size() == 1 ? expected.get(0).origin() : null;
    }

    private List<OutputReport> compareOutputs(LinkedHashMap<String, Tensor> srcOut, LinkedHashMap<String, Tensor> convOut,
                                              Map<String, TensorSpec> srcSpecs, Map<String, TensorSpec> convSpecs,
                                              Tolerance tol, List<String> notes) {
        List<String> srcNames = new ArrayList<>(srcOut.keySet());
        List<String> convNames = new ArrayList<>(convOut.keySet());
        boolean byName = srcNames.stream().allMatch(n -> convOut.containsKey(nameMap.getOrDefault(n, n)));
        if (!byName) {
            if (srcNames.size() == convNames.size()) {
                notes.add("outputs matched by position: names differ (source " + srcNames + ", converted " + convNames + ")");
            } else {
                notes.add("the models have different outputs: source " + srcNames + ", converted " + convNames);
            }
        }
        List<OutputReport> reports = new ArrayList<>();
        for (int i = 0; i < srcNames.size(); i++) {
            String name = srcNames.get(i);
            Tensor e = srcOut.get(name);
            String other = byName ? nameMap.getOrDefault(name, name) : i < convNames.size() ? convNames.get(i) : null;
            if (other == null) {
                reports.add(OutputReport.of(name, null, e.shape(), e.dtype().shortName(),
                        Metrics.incomparable("the converted model has no output for it"), null));
                continue;
            }
            Tensor a = convOut.get(other);
            String conversion = null;
            TensorSpec ss = srcSpecs.get(name);
            TensorSpec cs = convSpecs.get(other);
            if (ss != null && cs != null) {
                int[] perm = Tensors.layoutPermutation(cs.layout(), ss.layout());
                if (perm != null && a.rank() == perm.length) {
                    a = Tensors.transpose(a, perm);
                    conversion = cs.layout() + " -> " + ss.layout() + ", perm " + Arrays.toString(perm);
                }
            }
            Metrics m = Comparator.compare(a, e, tol);
            reports.add(OutputReport.of(name, other, e.shape(), e.dtype().shortName(), m, conversion));
        }
        return reports;
    }

    private Tolerance tolerance(Map<String, Tensor> reference) {
        Tensor first = reference.isEmpty() ? null : reference.values().iterator().next();
        return Tolerance.forDType(first == null ? null : first.dtype()).withOverrides(rtol, atol);
    }

    private static ToleranceReport toleranceReport(Tolerance t) {
        return new ToleranceReport(t.rtol(), t.atol(), t.dtype().shortName(), t.overridden());
    }

    private static Map<String, TensorSpec> specsByName(List<TensorSpec> specs) {
        Map<String, TensorSpec> m = new LinkedHashMap<>();
        specs.forEach(s -> m.put(s.name(), s));
        return m;
    }

    private static String kindName(ModelSource.Kind k) {
        return switch (k) {
            case IR -> "IR models";
            case ONNX_FILE -> "ONNX files";
            case TORCHSCRIPT_FILE -> "TorchScript files";
            case SAVED_MODEL -> "SavedModels";
            case GRAPH_DEF -> "GraphDefs";
        };
    }

    private static double ms(long start) {
        return Math.round((System.nanoTime() - start) / 1e4) / 100.0;
    }
}
