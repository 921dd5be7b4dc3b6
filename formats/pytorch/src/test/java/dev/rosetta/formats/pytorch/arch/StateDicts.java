package dev.rosetta.formats.pytorch.arch;

import dev.rosetta.formats.MappedFile;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * State dicts for tests, as weights-only models: synthetic ones with torchvision's exact key names
 * and shapes (all-zero bytes from a sparse mapped file, so even VGG costs no memory: recognition
 * never reads tensor data), and real ones written by {@code torchvision_fixtures.py}.
 */
final class StateDicts {
    private static MappedFile zeros;

    private StateDicts() {
    }

    /** A read-only, all-zero region of at least {@code bytes}, shared by every synthetic tensor. */
    private static synchronized MemorySegment zeros(long bytes) {
        if (zeros == null) {
            try {
                Path p = Files.createTempFile("rosetta-zeros", ".bin");
                try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                    f.setLength(1L << 30);
                }
                zeros = MappedFile.open(p);
                p.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return zeros.segment().asSlice(0, bytes);
    }

    /** Builds a state dict entry by entry, in insertion order. */
    static final class Builder {
        private final Map<String, long[]> shapes = new LinkedHashMap<>();
        private final Map<String, DType> types = new LinkedHashMap<>();
        private DType floatType = DType.FLOAT32;

        Builder floatType(DType t) {
            floatType = t;
            return this;
        }

        Builder put(String key, long... shape) {
            shapes.put(key, shape);
            types.put(key, floatType);
            return this;
        }

        Builder put(String key, DType type, long... shape) {
            shapes.put(key, shape);
            types.put(key, type);
            return this;
        }

        Builder remove(String key) {
            if (shapes.remove(key) == null) {
                throw new IllegalArgumentException("no key " + key);
            }
            return this;
        }

        Builder bn(String module, long c) {
            put(module + ".weight", c).put(module + ".bias", c).put(module + ".running_mean", c).put(module + ".running_var", c);
            return put(module + ".num_batches_tracked", DType.INT64);
        }

        Graph graph(String prefix) {
            Graph g = new Graph("state_dict");
            for (var e : shapes.entrySet()) {
                DType t = types.get(e.getKey());
                long bytes = Tensor.elementCount(e.getValue()) * t.byteSize();
                Tensor tensor = Tensor.of(t, e.getValue(), zeros(bytes), ByteOrder.LITTLE_ENDIAN);
                g.addInitializer(Value.constant(prefix + e.getKey(), tensor, Layout.UNKNOWN));
            }
            return g;
        }

        Graph graph() {
            return graph("");
        }

        Model model() {
            return new Model(graph(), "test");
        }
    }

    /** torchvision's {@code ResNet(block, layers, groups, width_per_group, num_classes)} state dict. */
    static Builder resnet(boolean bottleneck, int[] layers, long groups, long widthPerGroup, long classes) {
        return resnet(bottleneck, layers, groups, widthPerGroup, classes, 64, new long[] {64, 128, 256, 512});
    }

    /** A ResNet of any stem and per-layer planes, built as torchvision's {@code _make_layer} does. */
    static Builder resnet(boolean bottleneck, int[] layers, long groups, long widthPerGroup, long classes, long stem,
                          long[] planes) {
        Builder b = new Builder().put("conv1.weight", stem, 3, 7, 7).bn("bn1", stem);
        long in = stem;
        for (int l = 0; l < 4; l++) {
            for (int i = 0; i < layers[l]; i++) {
                String p = "layer" + (l + 1) + "." + i + ".";
                int stride = l > 0 && i == 0 ? 2 : 1;
                long out;
                if (bottleneck) {
                    long width = planes[l] * widthPerGroup / 64 * groups;
                    out = planes[l] * 4;
                    b.put(p + "conv1.weight", width, in, 1, 1).bn(p + "bn1", width);
                    b.put(p + "conv2.weight", width, width / groups, 3, 3).bn(p + "bn2", width);
                    b.put(p + "conv3.weight", out, width, 1, 1).bn(p + "bn3", out);
                } else {
                    out = planes[l];
                    b.put(p + "conv1.weight", out, in, 3, 3).bn(p + "bn1", out);
                    b.put(p + "conv2.weight", out, out, 3, 3).bn(p + "bn2", out);
                }
                if (stride != 1 || in != out) {
                    b.put(p + "downsample.0.weight", out, in, 1, 1).bn(p + "downsample.1", out);
                }
                in = out;
            }
        }
        return b.put("fc.weight", classes, in).put("fc.bias", classes);
    }

    private static long makeDivisible(double v) {
        long nv = Math.max(8, (long) (v + 4) / 8 * 8);
        return nv < 0.9 * v ? nv + 8 : nv;
    }

    /** torchvision's {@code mobilenet_v2(width_mult=..., num_classes=...)} state dict. */
    static Builder mobilenetV2(double widthMult, long classes) {
        int[][] setting = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2},
                {6, 320, 1, 1}};
        long in = makeDivisible(32 * widthMult);
        long last = makeDivisible(1280 * Math.max(1.0, widthMult));
        Builder b = new Builder().put("features.0.0.weight", in, 3, 3, 3).bn("features.0.1", in);
        int f = 1;
        for (int[] s : setting) {
            long out = makeDivisible(s[1] * widthMult);
            for (int i = 0; i < s[2]; i++) {
                String p = "features." + f + ".conv.";
                long hidden = Math.round(in * (double) s[0]);
                int k = 0;
                if (s[0] != 1) {
                    b.put(p + "0.0.weight", hidden, in, 1, 1).bn(p + "0.1", hidden);
                    k = 1;
                }
                b.put(p + k + ".0.weight", hidden, 1, 3, 3).bn(p + k + ".1", hidden);
                b.put(p + (k + 1) + ".weight", out, hidden, 1, 1).bn(p + (k + 2), out);
                in = out;
                f++;
            }
        }
        b.put("features." + f + ".0.weight", last, in, 1, 1).bn("features." + f + ".1", last);
        return b.put("classifier.1.weight", classes, last).put("classifier.1.bias", classes);
    }

    /** torchvision's VGG state dict for a configuration (-1 = "M"), with or without batch norm. */
    static Builder vgg(long[] cfg, boolean bn, long classes) {
        Builder b = new Builder();
        long in = 3;
        int i = 0;
        for (long v : cfg) {
            if (v < 0) {
                i++;
                continue;
            }
            b.put("features." + i + ".weight", v, in, 3, 3).put("features." + i + ".bias", v);
            if (bn) {
                b.bn("features." + (i + 1), v);
            }
            i += bn ? 3 : 2;
            in = v;
        }
        b.put("classifier.0.weight", 4096, in * 49).put("classifier.0.bias", 4096);
        b.put("classifier.3.weight", 4096, 4096).put("classifier.3.bias", 4096);
        return b.put("classifier.6.weight", classes, 4096).put("classifier.6.bias", classes);
    }

    static final long[] VGG11 = {64, -1, 128, -1, 256, 256, -1, 512, 512, -1, 512, 512, -1};
    static final long[] VGG16 = {64, 64, -1, 128, 128, -1, 256, 256, 256, -1, 512, 512, 512, -1, 512, 512, 512, -1};

    /**
     * Reads {@code name.index} + {@code name.bin} written by {@code torchvision_fixtures.py} into a
     * weights-only model whose tensors are slices of the mapped {@code .bin}.
     */
    static Model fromFixture(Path dir, String name) throws IOException {
        MappedFile data = MappedFile.open(dir.resolve(name + ".bin"));
        Graph g = new Graph(name);
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve(name + ".index")));
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            DType t = DType.fromSafetensors(f[1]);
            long[] shape = f[4].isEmpty() ? new long[0]
                    : java.util.Arrays.stream(f[4].split(",")).mapToLong(Long::parseLong).toArray();
            MemorySegment bytes = data.slice(Long.parseLong(f[2]), Long.parseLong(f[3]), f[0]);
            g.addInitializer(Value.constant(f[0], Tensor.of(t, shape, bytes, ByteOrder.LITTLE_ENDIAN), Layout.UNKNOWN));
        }
        Model m = new Model(g, "fixture");
        m.own(data);
        return m;
    }
}
