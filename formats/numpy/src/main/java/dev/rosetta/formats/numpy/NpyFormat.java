package dev.rosetta.formats.numpy;

import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * NumPy's {@code .npy} (one array) and {@code .npz} (a zip of {@code .npy} arrays): the format
 * users hand inputs to {@code verify} in and get outputs back in.
 *
 * <p><b>Reading</b> gives a weights-only {@link Model}: a graph named after the file, with no
 * nodes and one initializer per array: named after the file stem for {@code .npy}
 * ({@code input.npy} holds {@code input}), after the entry name without {@code .npy} for
 * {@code .npz}. The model owns the {@link MappedFile}: C-ordered arrays (and stored {@code .npz}
 * entries) are views of the mapping in the file's byte order, so a 3 GiB array reads with a small
 * heap. Fortran-ordered arrays are copied into C order; deflated entries are inflated.
 *
 * <p><b>Writing</b> takes a model without nodes and writes its initializers. The container is
 * the option {@code container=npy|npz} when given, else the target's extension ({@code .npy} or
 * {@code .npz}, looking through {@link AtomicOutput}'s temporary names), else {@code .npy} for
 * exactly one initializer and {@code .npz} otherwise.
 *
 * <p>Options: {@value #CONTAINER_OPTION} (writing) and {@value #MAX_INFLATED_OPTION} (reading;
 * bound on the bytes deflated {@code .npz} entries may inflate to, default 8 GiB).
 * The model's metadata {@code numpy.container} says which container was read ({@code npy} or
 * {@code npz}).
 */
public final class NpyFormat implements FormatProvider {
    /** Option naming the container to write when the target's extension does not. */
    public static final String CONTAINER_OPTION = "container";
    /** Option bounding the total bytes deflated {@code .npz} entries may inflate to. */
    public static final String MAX_INFLATED_OPTION = "max-inflated-bytes";

    private static final String NPY = ".npy";
    private static final String NPZ = ".npz";

    /** Creates the provider; no side effects. */
    public NpyFormat() {
    }

    @Override
    public String name() {
        return "numpy";
    }

    @Override
    public String description() {
        return "NumPy arrays: .npy (one array) and .npz (a zip of arrays)";
    }

    @Override
    public List<String> extensions() {
        return List.of(NPY, NPZ);
    }

    @Override
    public boolean canRead() {
        return true;
    }

    @Override
    public boolean canWrite() {
        return true;
    }

    @Override
    public String supportStatement() {
        return "reads .npy format versions 1.0/2.0/3.0 and .npz (stored entries mapped in place, deflated entries "
                + "inflated, zip64); dtypes f2 f4 f8 i1 u1 i2 i4 i8 b1 in either byte order and bf16 as descr "
                + "'bfloat16'; C order mapped without copying (files over 2 GiB), Fortran order copied into C order; "
                + "writes little-endian C-order .npy (version 1.0, 2.0 when needed) and stored .npz (zip64 when "
                + "needed), streaming; holds arrays only, not graphs";
    }

    @Override
    public boolean detect(FileProbe probe) {
        if (probe.isDirectory()) {
            return false;
        }
        if (probe.startsWith(NpyHeader.MAGIC)) {
            return true;
        }
        if (!probe.isZip()) {
            return false;
        }
        List<String> names = probe.zipEntryNames();
        if (names.isEmpty()) {
            return probe.fileName().endsWith(NPZ);
        }
        return names.stream().allMatch(n -> n.endsWith(NPY));
    }

    /**
     * Reads an {@code .npy} or {@code .npz}, told apart by content.
     *
     * @throws MalformedInputException when the file is neither, or is broken
     * @throws dev.rosetta.error.ResourceLimitException when it claims sizes beyond the file or limits
     * @throws UnsupportedFeatureException for an unknown dtype, format version or zip feature
     * @throws dev.rosetta.error.RosettaIOException when the file cannot be opened
     */
    @Override
    public Model read(Path path, FormatOptions options) throws IOException {
        long maxInflated = options.getLong(MAX_INFLATED_OPTION, NpzReader.DEFAULT_MAX_INFLATED_BYTES);
        return MappedFile.readModel(path, mapped -> {
            MemorySegment seg = mapped.segment();
            Map<String, Tensor> arrays;
            String container;
            int first = firstByte(seg);
            if (first == (NpyHeader.MAGIC[0] & 0xff)) {
                arrays = Map.of(stem(path), NpyReader.read(seg, Origin.of(path)));
                container = "npy";
            } else if (first == 'P') {
                arrays = NpzReader.read(mapped, maxInflated);
                container = "npz";
            } else {
                throw new MalformedInputException(path, "byte 0", "expected the .npy magic \\x93NUMPY or a zip (.npz), found "
                        + (first < 0 ? "an empty file" : HeaderDictParser.describe(first)));
            }
            Path fileName = path.getFileName();
            Graph graph = new Graph(fileName == null ? path.toString() : fileName.toString());
            for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                graph.addInitializer(Value.constant(e.getKey(), e.getValue(), Layout.UNKNOWN));
            }
            Model model = new Model(graph, name());
            model.putMetadata("numpy.container", container);
            return model;
        });
    }

    /**
     * Writes the model's initializers as {@code .npy} or {@code .npz} (see the class comment).
     *
     * @throws UnsupportedFeatureException when the model has nodes ("numpy holds arrays, not
     *     graphs") or a {@code .npy} is asked for with other than one initializer
     * @throws UsageException for an unknown {@value #CONTAINER_OPTION} value
     * @throws InvalidGraphException when two initializers share a name
     */
    @Override
    public void write(Model model, Path target, FormatOptions options) throws IOException {
        Graph graph = model.graph();
        if (model.hasComputation()) {
            throw new UnsupportedFeatureException("numpy holds arrays, not graphs: graph '" + graph.name() + "' has "
                    + graph.nodes().size() + " nodes; only a weights-only model (initializers, no nodes) can be written"
                    + " to .npy/.npz");
        }
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        for (Value v : graph.initializers()) {
            if (arrays.put(v.name(), v.constant()) != null) {
                throw new InvalidGraphException("graph '" + graph.name() + "' has two initializers named '"
                        + v.name() + "'");
            }
        }
        boolean npz = isNpz(target, options, arrays.size());
        if (npz) {
            NpzWriter.write(arrays, target);
            return;
        }
        if (arrays.size() != 1) {
            throw new UnsupportedFeatureException("a .npy file holds exactly one array but graph '" + graph.name()
                    + "' has " + arrays.size() + " initializers; write .npz instead");
        }
        NpyWriter.write(arrays.values().iterator().next(), target);
    }

    private static boolean isNpz(Path target, FormatOptions options, int count) {
        String container = options.get(CONTAINER_OPTION, "").toLowerCase(Locale.ROOT);
        switch (container) {
            case "npz" -> {
                return true;
            }
            case "npy" -> {
                return false;
            }
            case "" -> {
                // decided below
            }
            default -> throw new UsageException("option '" + CONTAINER_OPTION + "' must be npy or npz, got '"
                    + container + "'");
        }
        String name = target.getFileName() == null ? "" : target.getFileName().toString();
        int temp = name.indexOf(AtomicOutput.TEMP_MARKER);
        if (temp >= 0) {
            name = name.substring(0, temp);
        }
        name = name.toLowerCase(Locale.ROOT);
        if (name.endsWith(NPZ)) {
            return true;
        }
        return !name.endsWith(NPY) && count != 1;
    }

    /** The file name without its last extension: {@code input.npy} gives {@code input}. */
    static String stem(Path path) {
        Path f = path.getFileName();
        String name = f == null ? path.toString() : f.toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The first byte of the file, or -1 when it is empty. */
    private static int firstByte(MemorySegment seg) {
        return seg.byteSize() == 0 ? -1 : seg.get(ValueLayout.JAVA_BYTE, 0) & 0xff;
    }
}
