package dev.rosetta.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One planned conversion, with every path absolute and every default applied: what the child
 * process is told to do, and what a state-file record is checked against.
 *
 * @param id unique within the batch; names the job in reports
 * @param input the model to convert
 * @param output where the converted model goes
 * @param from the input format, or {@code null} to detect it by content
 * @param to the output format; {@code null} only in the plan of a dry run over a folder without
 *     {@code --to}, which writes nothing
 * @param readOptions reader options ({@code key}, {@code weights-only}, ...)
 * @param writeOptions writer options ({@code opset}, {@code external-data}, ...)
 * @param graph a file to take the graph from ({@code convert --graph}), or {@code null}
 * @param verify how to verify the result, or {@code null} for no verification
 * @param timeoutSeconds wall-clock limit of the job's process; 0 for none
 */
public record JobSpec(String id, Path input, Path output, String from, String to,
                      Map<String, String> readOptions, Map<String, String> writeOptions, Path graph,
                      Verify verify, long timeoutSeconds) {

    public JobSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        readOptions = sorted(readOptions);
        writeOptions = sorted(writeOptions);
    }

    /**
     * How to verify a job: the options of {@code rosetta verify}.
     *
     * @param rtol relative tolerance, or {@code null} for the dtype's default
     * @param atol absolute tolerance, or {@code null} for the dtype's default
     * @param seed seed of the random inputs, or {@code null}
     * @param shapes input name to its whole shape ({@code 1x3x224x224}), for dynamic dimensions
     * @param batch size of dynamic batch dimensions, or {@code null}
     * @param nameMap a name-map file ({@code verify --name-map}), or {@code null}
     * @param inputs {@code [NAME=]FILE.npy} inputs fed to both models (paths absolute)
     * @param perLayer name the first diverging node on mismatch
     * @param device {@code cpu} or {@code gpu[:N]}, or {@code null} for cpu
     */
    public record Verify(Double rtol, Double atol, Long seed, Map<String, String> shapes, Integer batch,
                         Path nameMap, List<String> inputs, boolean perLayer, String device) {
        public Verify {
            shapes = sorted(shapes);
            inputs = inputs == null ? List.of() : List.copyOf(inputs);
        }

        /** The arguments of {@code rosetta verify SOURCE CONVERTED} that carry these settings. */
        List<String> arguments() {
            List<String> args = new java.util.ArrayList<>();
            if (rtol != null) {
                args.addAll(List.of("--rtol", rtol.toString()));
            }
            if (atol != null) {
                args.addAll(List.of("--atol", atol.toString()));
            }
            if (seed != null) {
                args.addAll(List.of("--seed", seed.toString()));
            }
            shapes.forEach((name, dims) -> args.addAll(List.of("--shape", name + "=" + dims)));
            if (batch != null) {
                args.addAll(List.of("--batch", batch.toString()));
            }
            if (nameMap != null) {
                args.addAll(List.of("--name-map", nameMap.toString()));
            }
            inputs.forEach(i -> args.addAll(List.of("--input", i)));
            if (perLayer) {
                args.add("--per-layer");
            }
            if (device != null) {
                args.addAll(List.of("--device", device));
            }
            return args;
        }
    }

    /** An unmodifiable copy sorted by key, so equal settings serialize (and hash) alike. */
    private static Map<String, String> sorted(Map<String, String> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(m));
    }

    /**
     * The hash of everything that decides the job's result: the spec without its id and timeout.
     * A state-file record holds only while this is unchanged.
     */
    String sha256() {
        ObjectNode tree = BatchJson.CANONICAL.valueToTree(this);
        tree.remove("id");
        tree.remove("timeout_seconds");
        return Hashes.sha256(BatchJson.canonical(tree));
    }
}
