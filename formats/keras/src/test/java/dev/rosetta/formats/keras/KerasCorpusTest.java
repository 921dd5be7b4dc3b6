package dev.rosetta.formats.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Conformance over {@code <corpus>/keras-h5/**}: every file is read or refused with a typed error
 * (never another exception); counts are printed and the number read must not drop below the
 * recorded minimum.
 */
class KerasCorpusTest {
    /** Files read into a full graph (model files, and weights files paired with their config). */
    static final int MIN_GRAPHS = 340;
    /** Files refused because a layer is unsupported (all listed at once). */
    static final int MAX_UNSUPPORTED = 21;

    @Test
    void everyCorpusFileIsReadOrRefusedWithATypedError() throws Exception {
        Path dir = Corpus.kerasDir();
        Assumptions.assumeTrue(dir != null, "corpus keras-h5 not found (rosetta.corpus)");
        KerasH5Format format = new KerasH5Format();
        int graphs = 0;
        int weightsOnly = 0;
        int notModels = 0;
        List<String> unsupported = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        Map<String, Integer> unsupportedItems = new TreeMap<>();
        for (Path f : Corpus.files(dir)) {
            String name = f.getFileName().toString();
            if (!name.endsWith(".h5") && !name.endsWith(".hdf5")) {
                continue;
            }
            assertTrue(format.detect(FileProbe.of(f)), "not detected as HDF5: " + f);
            FormatOptions opts = FormatOptions.none();
            Path config = f.resolveSibling(name.replace("_weights.h5", "_config.json"));
            if (name.endsWith("_weights.h5") && Files.exists(config)) {
                opts = opts.with(KerasOptions.CONFIG, config.toString());
            }
            try (Model m = format.read(f, opts)) {
                if (m.hasComputation()) {
                    graphs++;
                    m.graph().validate();
                } else {
                    weightsOnly++;
                }
            } catch (UnsupportedFeatureException e) {
                unsupported.add(dir.relativize(f) + ": " + e.getMessage());
                for (String item : e.items()) {
                    unsupportedItems.merge(item.replaceAll(" \\(layers? .*", ""), 1, Integer::sum);
                }
                // An unsupported model still shows its weights.
                try (Model w = format.read(f, FormatOptions.none().with(KerasOptions.WEIGHTS_ONLY, "true"))) {
                    assertTrue(w.graph().initializers().size() >= 0);
                }
            } catch (MalformedInputException e) {
                if (name.endsWith("_inputs_and_outputs.h5") && e.getMessage().contains("not a Keras file")) {
                    notModels++;
                } else {
                    malformed.add(dir.relativize(f) + ": " + e.getMessage());
                }
            } catch (RosettaException e) {
                malformed.add(dir.relativize(f) + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                fail("untyped " + e + " reading " + f, e);
            }
        }
        System.out.printf("keras-h5 corpus: %d graphs, %d weights-only, %d data files refused as not models, "
                + "%d unsupported, %d other errors%n", graphs, weightsOnly, notModels, unsupported.size(), malformed.size());
        unsupportedItems.forEach((k, v) -> System.out.println("  unsupported: " + k + " in " + v + " files"));
        unsupported.forEach(u -> System.out.println("  refused: " + u));
        malformed.forEach(u -> System.out.println("  malformed: " + u));
        assertTrue(graphs >= MIN_GRAPHS, "graphs read dropped to " + graphs + " (recorded minimum " + MIN_GRAPHS + ")");
        assertTrue(unsupported.size() <= MAX_UNSUPPORTED, "unsupported grew to " + unsupported.size());
        assertEquals(List.of(), malformed, "corpus files refused as malformed");
    }

    @Test
    void aWeightsFileWithoutItsArchitectureReadsAsWeights() throws Exception {
        Path dir = Corpus.kerasDir();
        Assumptions.assumeTrue(dir != null, "corpus keras-h5 not found (rosetta.corpus)");
        try (Model m = new KerasH5Format().read(dir.resolve("golden-io/conv1d/conv1d_k3_s1_d1_cl_same_weights.h5"),
                FormatOptions.none())) {
            assertTrue(!m.hasComputation());
            assertEquals(List.of("conv0/kernel", "conv0/bias"), m.graph().initializers().stream().map(v -> v.name()).toList());
            assertEquals("hdf5-weights", m.metadata().get("keras_format"));
            assertEquals(List.of(3L, 3L, 4L), java.util.Arrays.stream(m.graph().initializers().get(0).constant().shape())
                    .boxed().toList());
        }
    }
}
