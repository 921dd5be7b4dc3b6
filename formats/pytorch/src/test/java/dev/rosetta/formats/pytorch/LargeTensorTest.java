package dev.rosetta.formats.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.formats.pytorch.testing.Python;
import dev.rosetta.formats.pytorch.zip.ZipArchive;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tensor over 4 GiB: written streamed (zip64), read back mapped without a heap copy, and loaded
 * by real PyTorch when it is installed. Opt-in (it writes 4.5 GB): set {@code ROSETTA_BIG_TESTS=1}.
 */
@EnabledIfEnvironmentVariable(named = "ROSETTA_BIG_TESTS", matches = "1")
class LargeTensorTest {
    private static final long N = 4_500_000_000L;
    private static final long[] PROBES = {0, 1, 2_147_483_647L, 2_147_483_648L, 4_294_967_295L, 4_294_967_296L, N - 1};

    @TempDir
    Path dir;

    private static byte marker(long i) {
        return (byte) (i * 31 + 7);
    }

    @Test
    void tensorOverFourGiBRoundTripsMapped() throws Exception {
        Path f = dir.resolve("big.pt");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(N);
            for (long p : PROBES) {
                seg.set(ValueLayout.JAVA_BYTE, p, marker(p));
            }
            SequencedMap<String, Tensor> m = new LinkedHashMap<>();
            m.put("small", Tensor.ofFloats(new long[]{2}, 1f, 2f));
            m.put("huge", Tensor.of(DType.UINT8, new long[]{N}, seg, ByteOrder.LITTLE_ENDIAN));
            m.put("after", Tensor.ofFloats(new long[]{1}, 3f));
            long t0 = System.nanoTime();
            PyTorchWriter.write(m, f, "archive");
            System.out.printf("wrote %d bytes in %.1f s%n", Files.size(f), (System.nanoTime() - t0) / 1e9);
        }
        try (MappedFile mf = MappedFile.open(f)) {
            assertTrue(ZipArchive.read(mf).isZip64(), "zip64 records");
        }
        long t0 = System.nanoTime();
        try (Model model = new PyTorchFormat().read(f, FormatOptions.none())) {
            Tensor huge = model.graph().initializer("huge").constant();
            assertEquals(N, huge.byteSize());
            assertTrue(huge.data().isMapped(), "mapped, not copied");
            for (long p : PROBES) {
                assertEquals(marker(p), huge.data().get(ValueLayout.JAVA_BYTE, p), "byte " + p);
            }
            assertEquals(3f, model.graph().initializer("after").constant().toFloatArray()[0]);
            System.out.printf("read in %.3f s%n", (System.nanoTime() - t0) / 1e9);
        }
        if (Python.torchAvailable()) {
            Path script = dir.resolve("check.py");
            StringBuilder probes = new StringBuilder();
            for (long p : PROBES) {
                probes.append(p).append(':').append(marker(p) & 0xff).append(',');
            }
            Files.writeString(script, """
                    import sys, torch
                    sd = torch.load(sys.argv[1], weights_only=True)
                    h = sd["huge"]
                    assert h.dtype == torch.uint8 and h.numel() == %d, (h.dtype, h.shape)
                    for pair in sys.argv[2].strip(",").split(","):
                        i, v = map(int, pair.split(":"))
                        assert int(h[i]) == v, (i, int(h[i]), v)
                    assert float(sd["after"][0]) == 3.0
                    print("torch ok")
                    """.formatted(N));
            String out = Python.run(script, f.toString(), probes.toString());
            assertTrue(out.contains("torch ok"), out);
        }
    }
}
