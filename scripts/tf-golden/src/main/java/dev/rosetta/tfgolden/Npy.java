package dev.rosetta.tfgolden;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes little-endian float32 arrays in NumPy's {@code .npy} format, version 1.0, C order. */
final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private Npy() {}

    /**
     * Writes {@code values} with the given shape to {@code file}.
     *
     * @throws IllegalArgumentException if the shape does not hold exactly {@code values.length} elements
     * @throws IOException if the file cannot be written
     */
    static void writeFloat32(Path file, long[] shape, float[] values) throws IOException {
        long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (count != values.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + count + " elements, got " + values.length);
        }
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String tuple = shape.length == 1 ? "(" + dims + ",)" : "(" + dims + ")";
        StringBuilder header = new StringBuilder(
                "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }");
        // magic (8) + header length (2) + header, padded with spaces and a final newline to 64 bytes
        while ((MAGIC.length + 2 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 2 + headerBytes.length + 4 * values.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putShort((short) headerBytes.length).put(headerBytes);
        out.asFloatBuffer().put(values);
        Files.write(file, out.array());
    }
}
