package dev.rosetta.formats.onnx;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A minimal reader of little-endian, C-order .npy files for the golden tests (tests only). */
final class Npy {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|=])([a-z]\\d+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Every {@code <prefix>*.npy} in {@code dir}, sorted by name. */
    static List<Tensor> readAll(Path dir, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".npy"))
                    .sorted().toList();
        }
        List<Tensor> out = new ArrayList<>();
        for (Path f : files) {
            out.add(read(f));
        }
        return out;
    }

    static Tensor read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int headerLen = b[6] == 1 ? (b[8] & 0xff) | (b[9] & 0xff) << 8 : (b[8] & 0xff) | (b[9] & 0xff) << 8
                | (b[10] & 0xff) << 16 | (b[11] & 0xff) << 24;
        int start = b[6] == 1 ? 10 : 12;
        String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find() || header.contains("'fortran_order': True")) {
            throw new IOException(file + ": unsupported npy header " + header);
        }
        DType dtype = DType.fromNumpy(d.group(2));
        long[] shape = Stream.of(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        byte[] data = java.util.Arrays.copyOfRange(b, start + headerLen, b.length);
        return Tensor.of(dtype, shape, MemorySegment.ofArray(data), ByteOrder.LITTLE_ENDIAN);
    }
}
