package dev.rosetta.formats.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real NumPy as the oracle: it writes files we read, and reads files we write. */
class NumpyOracleTest {
    private static final String PYTHON = "/usr/bin/python3";

    /** Mirrors {@link Fixtures#value}. */
    private static final String SAMPLE = """
            import sys, os, io
            import numpy as np
            CODES = ['f2', 'f4', 'f8', 'i1', 'u1', 'i2', 'i4', 'i8', 'b1']
            def sample(code, n):
                i = np.arange(n)
                if code[0] == 'f':
                    v = i * 0.25 - 3
                elif code == 'u1':
                    v = (i * 10) % 256
                elif code == 'b1':
                    v = i % 3 == 0
                else:
                    v = i - 5
                return v.astype(np.dtype(code))
            out = sys.argv[1]
            """;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsNumpy() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is absent");
        Assumptions.assumeTrue(python("import numpy").exitCode == 0, "NumPy is not installed for " + PYTHON);
    }

    @Test
    void readsWhatNumpyWrites() throws IOException {
        Result r = python(SAMPLE + """
                for code in CODES:
                    for order in '<>':
                        for fortran in (False, True):
                            a = sample(code, 24).reshape(2, 3, 4).astype(np.dtype(order + code))
                            if fortran:
                                a = np.asfortranarray(a)
                            np.save(os.path.join(out, '%s_%s_%s.npy' % (code, 'le' if order == '<' else 'be', 'F' if fortran else 'C')), a)
                np.save(os.path.join(out, 'scalar.npy'), np.float64(2.5))
                np.save(os.path.join(out, 'empty.npy'), np.zeros((3, 0), np.int32))
                for v in (2, 3):
                    with open(os.path.join(out, 'v%d.npy' % v), 'wb') as f:
                        np.lib.format.write_array(f, sample('f4', 6).reshape(2, 3), version=(v, 0))
                arrays = dict(a=sample('f4', 6).reshape(2, 3), b=sample('i8', 4).astype('>i8'), c=np.array(True))
                np.savez(os.path.join(out, 'stored.npz'), **arrays)
                np.savez_compressed(os.path.join(out, 'deflated.npz'), **arrays)
                """, dir.toString());
        assertEquals(0, r.exitCode, r.output);
        int checked = 0;
        for (String code : List.of("f2", "f4", "f8", "i1", "u1", "i2", "i4", "i8", "b1")) {
            DType t = DType.fromNumpy(code);
            for (String order : List.of("le", "be")) {
                for (String layout : List.of("C", "F")) {
                    Path file = dir.resolve(code + "_" + order + "_" + layout + ".npy");
                    try (Model m = NumpyFiles.read(file)) {
                        Tensor x = m.graph().initializers().getFirst().constant();
                        assertEquals(t, x.dtype(), file.toString());
                        assertArrayEquals(new long[] {2, 3, 4}, x.shape(), file.toString());
                        if (layout.equals("C") && t.byteSize() > 1) {
                            assertEquals(order.equals("le") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN, x.byteOrder());
                        }
                        for (int i = 0; i < 24; i++) {
                            assertEquals(Fixtures.value(t, i), x.getDouble(i), file + " element " + i);
                        }
                        checked++;
                    }
                }
            }
        }
        assertEquals(36, checked);
        Tensor scalar = NumpyFiles.readTensor(dir.resolve("scalar.npy"));
        assertEquals(0, scalar.rank());
        assertEquals(2.5, scalar.getDouble(0));
        assertArrayEquals(new long[] {3, 0}, NumpyFiles.readTensor(dir.resolve("empty.npy")).shape());
        for (String v : List.of("v2", "v3")) {
            assertTrue(NumpyFiles.readTensor(dir.resolve(v + ".npy")).contentEquals(Fixtures.sample(DType.FLOAT32, 2, 3)), v);
        }
        for (String npz : List.of("stored", "deflated")) {
            Map<String, Tensor> all = NumpyFiles.readAll(dir.resolve(npz + ".npz"));
            assertEquals(List.of("a", "b", "c"), List.copyOf(all.keySet()), npz);
            assertTrue(all.get("a").contentEquals(Fixtures.sample(DType.FLOAT32, 2, 3)), npz);
            assertTrue(all.get("b").contentEquals(Fixtures.sample(DType.INT64, 4)), npz);
            assertEquals(1, all.get("c").getLong(0), npz);
            assertEquals(0, all.get("c").rank(), npz);
        }
    }

    @Test
    void numpyReadsWhatWeWrite() throws IOException {
        for (DType t : DType.values()) {
            if (t == DType.BFLOAT16) {
                continue;
            }
            NumpyFiles.writeNpy(dir.resolve(t.numpyCode() + "_le.npy"), Fixtures.sample(t, ByteOrder.LITTLE_ENDIAN, 2, 3, 4));
            NumpyFiles.writeNpy(dir.resolve(t.numpyCode() + "_be.npy"), Fixtures.sample(t, ByteOrder.BIG_ENDIAN, 2, 3, 4));
        }
        NumpyFiles.writeNpy(dir.resolve("scalar.npy"), Tensor.ofDoubles(new long[0], 2.5));
        NumpyFiles.writeNpy(dir.resolve("empty.npy"), Fixtures.sample(DType.INT32, 3, 0));
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("a", Fixtures.sample(DType.FLOAT32, 2, 3));
        arrays.put("b", Fixtures.sample(DType.INT64, ByteOrder.BIG_ENDIAN, 4));
        arrays.put("nested/c", Fixtures.sample(DType.BOOL, new long[0]));
        NumpyFiles.writeNpz(dir.resolve("plain.npz"), arrays);
        NpzWriter.write(arrays, dir.resolve("zip64.npz"), true);
        Result r = python(SAMPLE + """
                fails = []
                checked = 0
                def check(name, got, want):
                    global checked
                    checked += 1
                    if got.dtype != want.dtype or got.shape != want.shape or not np.array_equal(got, want):
                        fails.append('%s: got %r %s, want %r %s' % (name, got.dtype, got.shape, want.dtype, want.shape))
                for code in CODES:
                    want = sample(code, 24).reshape(2, 3, 4)
                    for order in ('le', 'be'):
                        name = '%s_%s.npy' % (code, order)
                        path = os.path.join(out, name)
                        check(name, np.load(path), want)
                        buf = io.BytesIO()
                        np.save(buf, want)
                        with open(path, 'rb') as f:
                            if f.read() != buf.getvalue():
                                fails.append(name + ': bytes differ from np.save')
                check('scalar.npy', np.load(os.path.join(out, 'scalar.npy')), np.array(2.5))
                check('empty.npy', np.load(os.path.join(out, 'empty.npy')), np.zeros((3, 0), np.int32))
                for npz in ('plain.npz', 'zip64.npz'):
                    with np.load(os.path.join(out, npz)) as z:
                        if list(z.keys()) != ['a', 'b', 'nested/c']:
                            fails.append('%s: keys %r' % (npz, list(z.keys())))
                        check(npz + ':a', z['a'], sample('f4', 6).reshape(2, 3))
                        check(npz + ':b', z['b'], sample('i8', 4))
                        check(npz + ':nested/c', z['nested/c'], np.array(True))
                print('checked', checked)
                for f in fails:
                    print('FAIL', f)
                sys.exit(1 if fails else 0)
                """, dir.toString());
        assertEquals(0, r.exitCode, r.output);
        assertTrue(r.output.contains("checked 26"), r.output);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result python(String script, String... args) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON, "-c", script));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(-1, "python did not finish: " + out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
