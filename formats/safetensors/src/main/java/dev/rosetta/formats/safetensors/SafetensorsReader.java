package dev.rosetta.formats.safetensors;

import dev.rosetta.formats.MappedFile;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a safetensors file into a weights-only {@link Model}: a graph without nodes holding one
 * initializer per tensor, in data-offset order, and the {@code __metadata__} map as model metadata.
 *
 * <p>The file is mapped, never copied: each tensor is a slice of the mapping, which the returned
 * model owns and releases on {@link Model#close()}. Files over 2 GiB work. Tensors of rank 0 and 1
 * are tagged {@link Layout#NONE}; higher ranks {@link Layout#UNKNOWN}, since the file does not say
 * what their axes mean.
 */
final class SafetensorsReader {
    private SafetensorsReader() {
    }

    /**
     * @throws dev.rosetta.error.MalformedInputException for content that breaks the format
     * @throws dev.rosetta.error.ResourceLimitException for sizes beyond the file or sane limits
     * @throws dev.rosetta.error.UnsupportedFeatureException for valid dtypes the IR lacks
     * @throws dev.rosetta.error.RosettaIOException when the file cannot be mapped
     */
    static Model read(Path path) {
        return MappedFile.readModel(path, mapped -> {
            SafetensorsHeader header = SafetensorsHeader.parse(path, mapped.segment());
            Graph graph = new Graph(graphName(path));
            long dataStart = header.dataStart();
            for (SafetensorsHeader.Entry e : header.entries()) {
                var bytes = mapped.slice(dataStart + e.begin(), e.end() - e.begin(), "data of tensor '" + e.name() + "'");
                Tensor t = Tensor.of(e.dtype(), e.shape(), bytes, ByteOrder.LITTLE_ENDIAN);
                graph.addInitializer(Value.constant(e.name(), t, t.rank() <= 1 ? Layout.NONE : Layout.UNKNOWN));
            }
            return new Model(graph, SafetensorsFormat.NAME, Map.of(), header.metadata());
        });
    }

    private static String graphName(Path path) {
        Path f = path.getFileName();
        String name = f == null ? "model" : f.toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
