package dev.rosetta.formats.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rosetta.ir.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Keras {@code *_inputs_and_outputs.h5} file: the {@code inputs} attribute names the model inputs
 * (datasets under {@code inputs/}), the {@code outputs} attribute the outputs (datasets under
 * {@code outputs/}, or {@code predictions/}).
 */
public record GoldenIo(Map<String, Tensor> inputs, Map<String, Tensor> outputs) {

    public static GoldenIo read(Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (HdfFile h = new HdfFile(file)) {
            JsonNode in = json.readTree((String) h.getAttribute("inputs").getData()).get("inputs");
            JsonNode out = json.readTree((String) h.getAttribute("outputs").getData()).get("outputs");
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (JsonNode n : in) {
                inputs.put(n.asText(), tensor(h.getDatasetByPath("inputs/" + n.asText())));
            }
            Map<String, Tensor> outputs = new LinkedHashMap<>();
            for (JsonNode n : out) {
                Dataset d = h.getChildren().containsKey("outputs") && ((io.jhdf.api.Group) h.getChild("outputs"))
                        .getChildren().containsKey(n.asText())
                        ? h.getDatasetByPath("outputs/" + n.asText()) : h.getDatasetByPath("predictions/" + n.asText());
                outputs.put(n.asText(), tensor(d));
            }
            return new GoldenIo(inputs, outputs);
        }
    }

    private static Tensor tensor(Dataset d) {
        int[] dims = d.getDimensions();
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
        }
        Object flat = d.getDataFlat();
        float[] f;
        if (flat instanceof float[] a) {
            f = a;
        } else if (flat instanceof double[] a) {
            f = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                f[i] = (float) a[i];
            }
        } else {
            throw new IllegalArgumentException("unexpected data " + flat.getClass());
        }
        return Tensor.ofFloats(shape, f);
    }

    /** Max of |a - e| - (atol + rtol |e|) over all elements: positive means out of tolerance. */
    public static double excess(Tensor actual, Tensor expected, double atol, double rtol) {
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        if (a.length != e.length) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - e[i]) - (atol + rtol * Math.abs(e[i])));
        }
        return worst;
    }

    /** Max |a - e|. */
    public static double maxAbs(Tensor actual, Tensor expected) {
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        double worst = 0;
        for (int i = 0; i < Math.min(a.length, e.length); i++) {
            worst = Math.max(worst, Math.abs(a[i] - e[i]));
        }
        return worst;
    }

    static List<String> names(Map<String, ?> m) {
        return new ArrayList<>(m.keySet());
    }
}
