package dev.rosetta.formats.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras 3 archives not written by Rosetta: the corpus holds no {@code .keras} file, so
 * {@code make_keras3.py} (h5py and zipfile, following keras/src/saving/saving_lib.py) rebuilds
 * Keras 2 models in the Keras 3 layout; the reader must give the outputs Keras computed for the
 * originals.
 */
class KerasV3ReadTest {
    @TempDir
    Path tmp;
    Path python;
    Path script;
    Path corpus;

    @BeforeEach
    void setUp() throws Exception {
        corpus = Corpus.kerasDir();
        Assumptions.assumeTrue(corpus != null, "corpus keras-h5 not found (rosetta.corpus)");
        python = Corpus.python();
        Assumptions.assumeTrue(python != null, "/usr/bin/python3 with h5py not available");
        Assumptions.assumeTrue(Runtimes.available(), "runtime not available");
        script = Corpus.script("make_keras3.py", tmp);
    }

    private Path convert(Path h5) throws Exception {
        Path out = tmp.resolve(h5.getFileName().toString().replace(".h5", ".keras"));
        Process p = new ProcessBuilder(python.toString(), script.toString(), h5.toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        return out;
    }

    @Test
    void sequentialArchivesMatchKerasOutputs() throws Exception {
        int passed = 0;
        for (String stem : List.of("conv1d/conv1d_k3_s2_d1_cl_same", "conv1d/conv1d_k4_s1_d2_cl_valid",
                "causal_conv1d/causal_conv1d_k3_s1_d2_cl", "activations/ELU_0", "activations/ReLU_1",
                "activations/LeakyReLU_0", "activations/Softmax_0")) {
            Path model = corpus.resolve("golden-io/" + stem + "_model.h5");
            GoldenIo golden = GoldenIo.read(corpus.resolve("golden-io/" + stem + "_inputs_and_outputs.h5"));
            Path archive = convert(model);
            KerasV3Format format = new KerasV3Format();
            assertTrue(format.detect(FileProbe.of(archive)));
            try (Model m = format.read(archive, FormatOptions.none())) {
                assertEquals("keras-v3", m.metadata().get("keras_format"));
                Map<String, Tensor> inputs = new LinkedHashMap<>();
                inputs.put(m.graph().inputs().get(0).name(), golden.inputs().values().iterator().next());
                Tensor out = Runtimes.run(m, inputs).get(0);
                Tensor expected = golden.outputs().values().iterator().next();
                assertTrue(GoldenIo.excess(out, expected, 1e-4, 1e-4) <= 0, stem + ": " + GoldenIo.maxAbs(out, expected));
                passed++;
            }
        }
        System.out.println("keras 3 archives (from make_keras3.py): " + passed + " match Keras outputs");
    }

    @Test
    void functionalArchiveComputesWhatTheKeras2FileComputes() throws Exception {
        Path model = corpus.resolve("tfkeras/batchNormError2.h5");
        Path archive = convert(model);
        Tensor x = random(new long[] {2, 25, 25});
        List<Tensor> a;
        List<Tensor> b;
        try (Model m = new KerasH5Format().read(model, FormatOptions.none())) {
            a = Runtimes.run(m, Map.of(m.graph().inputs().get(0).name(), x));
        }
        try (Model m = new KerasV3Format().read(archive, FormatOptions.none())) {
            b = Runtimes.run(m, Map.of(m.graph().inputs().get(0).name(), x));
            assertEquals(new ArrayList<>(List.of("input_9")), m.graph().inputs().stream().map(v -> v.name()).toList());
        }
        assertEquals(0.0, GoldenIo.maxAbs(a.get(0), b.get(0)));
    }

    @Test
    void weightsOnlyReadListsVariablesByLayer() throws Exception {
        Path archive = convert(corpus.resolve("tfkeras/batchNormError2.h5"));
        try (Model m = new KerasV3Format().read(archive, FormatOptions.none().with(KerasOptions.WEIGHTS_ONLY, "true"))) {
            List<String> names = m.graph().initializers().stream().map(v -> v.name() + ":" + v.layout()).toList();
            assertTrue(names.contains("layers/conv1d/vars/0:WIO"), names.toString());
            assertTrue(names.contains("layers/batch_normalization/vars/3:NONE"), names.toString());
        }
    }

    /**
     * The weights of a stored archive are read where they lie in the zip; a compressed copy of the
     * same archive is read through a temporary file: both give the same weights, byte for byte.
     */
    @Test
    void storedWeightsReadInPlaceAsACompressedCopyReadsThem() throws Exception {
        Path stored = convert(corpus.resolve("tfkeras/batchNormError2.h5"));
        try (ZipFile z = new ZipFile(stored.toFile())) {
            assertEquals(ZipEntry.STORED, z.getEntry("model.weights.h5").getMethod(), "Keras stores its entries");
        }
        Path deflated = tmp.resolve("deflated.keras");
        try (ZipFile in = new ZipFile(stored.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(deflated))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                try (var bytes = in.getInputStream(e)) {
                    bytes.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Map<String, byte[]> a = weights(stored);
        Map<String, byte[]> b = weights(deflated);
        assertEquals(a.keySet(), b.keySet());
        assertTrue(a.size() > 3, a.keySet().toString());
        for (String name : a.keySet()) {
            assertTrue(java.util.Arrays.equals(a.get(name), b.get(name)), name);
        }
    }

    private static Map<String, byte[]> weights(Path archive) throws java.io.IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (Model m = new KerasV3Format().read(archive, FormatOptions.none())) {
            for (var v : m.graph().initializers()) {
                out.put(v.name(), v.constant().data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            }
        }
        return out;
    }

    static Tensor random(long[] shape) {
        java.util.Random r = new java.util.Random(7);
        float[] f = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextGaussian();
        }
        return Tensor.ofFloats(shape, f);
    }
}
