package dev.rosetta.formats.keras.h5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.checksum.ChecksumUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming HDF5 writer, read back by jHDF and (when present) by h5py. */
class H5OutputTest {
    @TempDir
    Path tmp;

    @Test
    void lookup3MatchesJhdf() {
        Random r = new Random(1);
        for (int len = 0; len < 100; len++) {
            byte[] b = new byte[len];
            r.nextBytes(b);
            assertEquals(ChecksumUtils.checksum(b), Lookup3.hash(b, 0, len), "length " + len);
        }
    }

    private Path sample() throws Exception {
        H5Output out = new H5Output();
        out.root().attribute("keras_version", "2.15.0");
        out.root().attribute("model_config", "{\"x\": \"" + "y".repeat(10_000) + "\"}");
        H5Output.Group mw = out.root().group("model_weights");
        mw.attribute("layer_names", List.of("conv0", "dense_long_name"));
        H5Output.Group conv = mw.group("conv0");
        conv.attribute("weight_names", List.of("conv0/kernel:0", "conv0/bias:0"));
        float[] k = new float[3 * 3 * 4];
        for (int i = 0; i < k.length; i++) {
            k[i] = i * 0.5f;
        }
        conv.group("conv0").dataset("kernel:0", Tensor.ofFloats(new long[] {3, 3, 4}, k));
        conv.group("conv0").dataset("bias:0", Tensor.ofFloats(new long[] {4}, 1, 2, 3, 4));
        mw.group("dense_long_name").attribute("weight_names", List.of());
        mw.group("ints").dataset("i64", Tensor.ofLongs(new long[] {2}, 7, -8));
        mw.group("ints").dataset("f16", Tensor.fromDoubles(DType.FLOAT16, new long[] {2}, 0.5, -2));
        Path f = tmp.resolve("t.h5");
        out.write(f);
        return f;
    }

    @Test
    void jhdfReadsWhatIsWritten() throws Exception {
        Path f = sample();
        try (HdfFile h = new HdfFile(f)) {
            assertEquals("2.15.0", h.getAttribute("keras_version").getData());
            assertTrue(((String) h.getAttribute("model_config").getData()).startsWith("{\"x\": \"yyy"));
            assertArrayEquals(new String[] {"conv0", "dense_long_name"},
                    (String[]) h.getByPath("model_weights").getAttribute("layer_names").getData());
            float[] bias = (float[]) h.getDatasetByPath("model_weights/conv0/conv0/bias:0").getData();
            assertArrayEquals(new float[] {1, 2, 3, 4}, bias);
            float[][][] kernel = (float[][][]) h.getDatasetByPath("model_weights/conv0/conv0/kernel:0").getData();
            assertEquals(17.5f, kernel[2][2][3]);
            assertTrue(h.getByPath("model_weights/dense_long_name").getAttribute("weight_names").isEmpty());
            assertArrayEquals(new long[] {7, -8}, (long[]) h.getDatasetByPath("model_weights/ints/i64").getData());
        }
    }

    @Test
    void h5pyReadsWhatIsWritten() throws Exception {
        Path py = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(py), "/usr/bin/python3 absent");
        Path f = sample();
        String script = String.join("\n",
                "import h5py, sys",
                "f = h5py.File(sys.argv[1], 'r')",
                "assert f.attrs['keras_version'] == '2.15.0', f.attrs['keras_version']",
                "assert len(f.attrs['model_config']) == 10009",
                "ln = f['model_weights'].attrs['layer_names']",
                "assert ln.dtype.str == '|S15', ln.dtype",
                "assert [n.decode('utf8') for n in ln] == ['conv0', 'dense_long_name'], ln",
                "wn = f['model_weights/dense_long_name'].attrs['weight_names']",
                "assert wn.shape == (0,) and wn.dtype == 'float64', (wn.shape, wn.dtype)",
                "k = f['model_weights/conv0/conv0/kernel:0']",
                "assert k.shape == (3, 3, 4) and k.dtype == 'float32'",
                "assert k[2, 2, 3] == 17.5",
                "assert list(f['model_weights/ints/f16'][:]) == [0.5, -2.0]",
                "assert list(f['model_weights/ints/i64'][:]) == [7, -8]",
                "print('ok')");
        Process p = new ProcessBuilder(py.toString(), "-c", script, f.toString()).redirectErrorStream(true).start();
        String outText = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeFalse(outText.contains("No module named 'h5py'"), "h5py absent");
        assertEquals(0, p.waitFor(), outText);
    }

    /** A deferred transpose of a rows x cols float matrix of {@code rows*cols} distinct values. */
    private static Tensor deferredTranspose(int rows, int cols) {
        return Tensor.deferred(DType.FLOAT32, new long[] {cols, rows}, java.nio.ByteOrder.LITTLE_ENDIAN, dst -> {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    dst.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, (long) c * rows + r, r * cols + c);
                }
            }
        });
    }

    @Test
    void deferredTensorsAreStreamedThroughTheScratchBufferAndNotKept() throws Exception {
        // Sizes grow then shrink: the reused buffer must be regrown and then sliced.
        int[][] sizes = {{3, 5}, {300, 700}, {2, 2}};
        Tensor[] lazy = new Tensor[sizes.length];
        H5Output out = new H5Output();
        for (int i = 0; i < sizes.length; i++) {
            lazy[i] = deferredTranspose(sizes[i][0], sizes[i][1]);
            out.root().dataset("w" + i, lazy[i]);
        }
        Path f = tmp.resolve("deferred.h5");
        out.write(f);
        try (HdfFile h = new HdfFile(f)) {
            for (int i = 0; i < sizes.length; i++) {
                int rows = sizes[i][0];
                int cols = sizes[i][1];
                float[][] m = (float[][]) h.getDatasetByPath("w" + i).getData();
                assertEquals(cols, m.length);
                for (int c = 0; c < cols; c++) {
                    for (int r = 0; r < rows; r++) {
                        assertEquals(r * cols + c, m[c][r], "w" + i + "[" + c + "][" + r + "]");
                    }
                }
                assertTrue(lazy[i].isDeferred(), "writing w" + i + " kept no copy of it");
            }
        }
    }
}
