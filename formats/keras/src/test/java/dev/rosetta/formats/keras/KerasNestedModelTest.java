package dev.rosetta.formats.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.keras.h5.H5Output;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config forms the corpus lacks, in the Keras 2 HDF5 layout: a Sequential model nested as a layer
 * of a Functional one (its weights grouped under the nested model's name, as Keras 2 saves them),
 * and a layer shared by two calls (inbound node indices 0 and 1, listed before the layer that
 * feeds its second call). Outputs are checked against the same arithmetic done in Java.
 */
class KerasNestedModelTest {
    @TempDir
    Path tmp;

    static final float[] WA = {0.1f, -0.2f, 0.3f, 0.4f, 0.5f, -0.6f, 0.7f, 0.8f, -0.9f, 1.0f, 1.1f, 1.2f}; // 3x4
    static final float[] BA = {0.01f, 0.02f, -0.03f, 0.04f};
    static final float[] WB = {0.5f, -0.5f, 0.25f, 0.75f, -1f, 1f, 0.1f, 0.2f}; // 4x2
    static final float[] BB = {0.1f, -0.1f};
    static final float[] WS = {2f, -3f, 0.5f, 1f}; // 2x2
    static final float[] BS = {0.5f, -0.25f};

    private static void dense(H5Output.Group group, String layer, float[] w, long in, long out, float[] b) {
        H5Output.Group g = group.group(layer);
        g.dataset("kernel:0", Tensor.ofFloats(new long[] {in, out}, w));
        g.dataset("bias:0", Tensor.ofFloats(new long[] {out}, b));
    }

    static float[] matvec(float[] x, float[] w, int in, int out, float[] b, boolean relu) {
        float[] y = new float[out];
        for (int o = 0; o < out; o++) {
            float s = b[o];
            for (int i = 0; i < in; i++) {
                s += x[i] * w[i * out + o];
            }
            y[o] = relu ? Math.max(0, s) : s;
        }
        return y;
    }

    @Test
    void nestedSequentialAndSharedLayer() throws Exception {
        Assumptions.assumeTrue(Runtimes.available(), "runtime not available");
        String config = "{\"class_name\": \"Model\", \"config\": {\"name\": \"outer\", \"layers\": ["
                + "{\"name\": \"in\", \"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 3], \"name\": \"in\"}, \"inbound_nodes\": []},"
                + "{\"name\": \"inner\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"inner\", \"layers\": ["
                + "  {\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 3], \"name\": \"inner_input\"}},"
                + "  {\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_a\", \"units\": 4, \"activation\": \"relu\"}},"
                + "  {\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_b\", \"units\": 2}}]},"
                + " \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]},"
                + "{\"name\": \"sq\", \"class_name\": \"Dense\", \"config\": {\"name\": \"sq\", \"units\": 2}, "
                + " \"inbound_nodes\": [[[\"inner\", 0, 0, {}]], [[\"sq\", 0, 0, {}]]]},"
                + "{\"name\": \"add\", \"class_name\": \"Add\", \"config\": {\"name\": \"add\"}, "
                + " \"inbound_nodes\": [[[\"sq\", 0, 0, {}], [\"sq\", 1, 0, {}]]]}],"
                + "\"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"add\", 0, 0]]}}";
        H5Output out = new H5Output();
        out.root().attribute("keras_version", "2.3.1");
        out.root().attribute("backend", "tensorflow");
        out.root().attribute("model_config", config);
        H5Output.Group mw = out.root().group("model_weights");
        mw.attribute("layer_names", List.of("in", "inner", "sq", "add"));
        mw.group("in").attribute("weight_names", List.of());
        mw.group("inner").attribute("weight_names",
                List.of("dense_a/kernel:0", "dense_a/bias:0", "dense_b/kernel:0", "dense_b/bias:0"));
        dense(mw.group("inner"), "dense_a", WA, 3, 4, BA);
        dense(mw.group("inner"), "dense_b", WB, 4, 2, BB);
        mw.group("sq").attribute("weight_names", List.of("sq/kernel:0", "sq/bias:0"));
        dense(mw.group("sq"), "sq", WS, 2, 2, BS);
        mw.group("add").attribute("weight_names", List.of());
        Path f = tmp.resolve("nested.h5");
        out.write(f);

        float[] x = {1f, -2f, 0.5f};
        float[] a = matvec(matvec(x, WA, 3, 4, BA, true), WB, 4, 2, BB, false);
        float[] s0 = matvec(a, WS, 2, 2, BS, false);
        float[] s1 = matvec(s0, WS, 2, 2, BS, false);
        float[] expected = {s0[0] + s1[0], s0[1] + s1[1]};
        try (Model m = new KerasH5Format().read(f, FormatOptions.none())) {
            assertEquals(List.of("inner/dense_a/kernel", "inner/dense_a/bias", "inner/dense_b/kernel",
                    "inner/dense_b/bias", "sq/kernel", "sq/bias"),
                    m.graph().initializers().stream().map(v -> v.name()).toList());
            Tensor y = Runtimes.run(m, Map.of("in", Tensor.ofFloats(new long[] {1, 3}, x))).get(0);
            assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
            // and it writes back as one flat Functional model that computes the same
            Path back = tmp.resolve("flat.h5");
            new KerasH5Format().write(m, back, FormatOptions.none());
            try (Model m2 = new KerasH5Format().read(back, FormatOptions.none())) {
                Tensor y2 = Runtimes.run(m2, Map.of("in", Tensor.ofFloats(new long[] {1, 3}, x))).get(0);
                assertArrayEquals(expected, y2.toFloatArray(), 1e-5f);
            }
        }
    }
}
