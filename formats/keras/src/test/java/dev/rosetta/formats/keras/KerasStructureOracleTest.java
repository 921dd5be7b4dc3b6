package dev.rosetta.formats.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files Rosetta writes open in h5py ({@code /usr/bin/python3}) with exactly the group, attribute
 * and dataset layout Keras writes: a real Keras file is read, written back, and h5py's view of both
 * is compared (tree, attribute names and types, dataset names, shapes and dtypes, layer_names and
 * weight_names). Not compared: {@code training_config} and {@code optimizer_weights}, which only a
 * compiled model saved with its optimizer has. A Sequential file's weights have no input layer;
 * Rosetta writes Functional models, whose input layer group is the one expected difference there.
 */
class KerasStructureOracleTest {
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
        script = Corpus.script("h5_structure.py", tmp);
    }

    private String compare(Path ours, Path theirs, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(), ours.toString(),
                theirs.toString(), "--ignore-root-attr", "training_config", "--ignore-root-child", "optimizer_weights"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        System.out.print("h5py structure " + theirs.getFileName() + ": " + out);
        assertEquals(0, rc, out);
        return out;
    }

    private Path roundTrip(Path source, FormatOptions read, FormatOptions write) throws Exception {
        KerasH5Format f = new KerasH5Format();
        Path out = tmp.resolve("ours-" + source.getFileName());
        try (Model m = f.read(source, read)) {
            f.write(m, out, write);
        }
        return out;
    }

    @Test
    void functionalModelsHaveKerasLayout() throws Exception {
        for (String name : List.of("batchNormError2.h5", "batchNormError.h5", "act_0.h5", "act_1.h5",
                "adv_act_0.h5", "adv_act_1.h5", "adv_act_2.h5", "adv_act_3.h5", "adv_act_4.h5")) {
            Path theirs = corpus.resolve("tfkeras").resolve(name);
            compare(roundTrip(theirs, FormatOptions.none(), FormatOptions.none()), theirs);
        }
    }

    @Test
    void sequentialModelsHaveKerasLayoutBesideTheInputLayer() throws Exception {
        Path theirs = corpus.resolve("golden-io/conv1d/conv1d_k3_s2_d1_cl_same_model.h5");
        compare(roundTrip(theirs, FormatOptions.none(), FormatOptions.none()), theirs, "--ignore-layer", "conv0_input");
        Path dense = corpus.resolve("golden-io/activations/ELU_0_model.h5");
        compare(roundTrip(dense, FormatOptions.none(), FormatOptions.none()), dense, "--ignore-layer", "dense_input");
    }

    @Test
    void weightsOnlyFilesHaveKerasLayout() throws Exception {
        Path weights = corpus.resolve("golden-io/conv1d/conv1d_k4_s1_d2_cl_valid_weights.h5");
        Path config = corpus.resolve("golden-io/conv1d/conv1d_k4_s1_d2_cl_valid_config.json");
        Path ours = roundTrip(weights, FormatOptions.none().with(KerasOptions.CONFIG, config.toString()),
                FormatOptions.none().with(KerasOptions.WEIGHTS_ONLY, "true"));
        compare(ours, weights, "--ignore-layer", "conv0_input");
    }
}
