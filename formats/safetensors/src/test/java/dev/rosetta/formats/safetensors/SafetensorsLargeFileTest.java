package dev.rosetta.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tensor over 2 GiB is mapped, not copied (the file is sparse, so the test is cheap). */
class SafetensorsLargeFileTest {
    @TempDir
    Path dir;

    @Test
    void readsATensorLargerThanTwoGibibytes() throws Exception {
        long count = (1L << 31) + 24;
        String json = "{\"head\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]},"
                + "\"big\":{\"dtype\":\"U8\",\"shape\":[" + count + "],\"data_offsets\":[8," + (8 + count) + "]}}";
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve("big.safetensors");
        long dataStart = 8 + h.length;
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            f.write(h);
            f.setLength(dataStart + 8 + count);
            f.seek(dataStart + 8 + count - 1);
            f.write(7);
            f.seek(dataStart + 8 + (1L << 31));
            f.write(5);
        }
        try (Model m = new SafetensorsFormat().read(p, FormatOptions.none())) {
            Tensor big = m.graph().initializer("big").constant();
            assertEquals(DType.UINT8, big.dtype());
            assertEquals(count, big.byteSize());
            assertEquals(7, big.getLong(count - 1));
            assertEquals(5, big.getLong(1L << 31));
            assertEquals(0, big.getLong(0));
        }
    }
}
