package dev.rosetta.formats.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing arrays over 2 GiB (and an {@code .npz} entry over 4 GiB, which needs zip64) from a
 * mapped tensor. It writes about 9 GiB to disk, so it runs only with
 * {@code -Drosetta.bigWrite=true}.
 */
@EnabledIfSystemProperty(named = "rosetta.bigWrite", matches = "true",
        disabledReason = "writes ~9 GiB; enable with -Drosetta.bigWrite=true")
class BigWriteTest {
    private static final float LAST = -7.25f;

    @TempDir
    Path dir;

    @Test
    void writesArraysLargerThanTwoAndFourGib() throws IOException {
        long elements = (9L << 30) / 2 / Float.BYTES;
        Path source = sparseNpy(dir.resolve("source.npy"), elements);
        try (Model m = NumpyFiles.read(source)) {
            Tensor big = m.graph().initializers().getFirst().constant();
            Path npy = dir.resolve("copy.npy");
            NumpyFiles.writeNpy(npy, big);
            try (Model back = NumpyFiles.read(npy)) {
                Tensor t = back.graph().initializers().getFirst().constant();
                assertEquals(elements, t.elementCount());
                assertEquals(LAST, (float) t.getDouble(elements - 1));
            }
            Files.delete(npy);
            Path npz = dir.resolve("copy.npz");
            NumpyFiles.writeNpz(npz, Map.of("big", big));
            try (Model back = NumpyFiles.read(npz)) {
                Tensor t = back.graph().initializer("big").constant();
                assertTrue(t.data().isMapped());
                assertEquals(LAST, (float) t.getDouble(elements - 1));
            }
            try (ZipFile zip = new ZipFile(npz.toFile())) {
                assertEquals(NpyWriter.encodedSize(big), zip.getEntry("big.npy").getSize());
            }
            System.out.println("BigWriteTest: wrote " + Files.size(npz) + " bytes of .npz at " + npz);
            if (System.getProperty("rosetta.bigWrite.keep") == null) {
                Files.delete(npz);
            }
        }
    }

    private static Path sparseNpy(Path file, long elements) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] header = NpyWriter.header(DType.FLOAT32, new long[] {elements});
            ch.write(ByteBuffer.wrap(header));
            ByteBuffer last = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(LAST).flip();
            ch.write(last, header.length + elements * Float.BYTES - 4);
        }
        return file;
    }
}
