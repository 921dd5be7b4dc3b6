package dev.rosetta.formats.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rosetta.formats.pytorch.pickle.SafeUnpickler;
import dev.rosetta.formats.pytorch.pickle.PersistentLoader;
import dev.rosetta.formats.pytorch.testing.Canon;
import dev.rosetta.formats.pytorch.testing.Python;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safe unpickler against Python's own pickle: plain data (ints of every width, floats with
 * infinities and subnormals, unicode with escapes, bytes, nested containers, shared references,
 * sets, OrderedDict, non-string keys) pickled by Python at protocols 0 to 5 reads back to the same
 * values, opcode family by opcode family.
 */
class PickleProtocolOracleTest {
    @TempDir
    Path dir;

    @Test
    void everyProtocolReadsBackWhatPythonPickled() throws Exception {
        assumeTrue(Python.available(), "needs /usr/bin/python3 to make the pickles");
        String out = Python.run(Python.script("pickle_oracle.py"), dir.toString());
        int checked = 0;
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", 2);
            byte[] bytes = Files.readAllBytes(dir.resolve(f[0]));
            Object v = new SafeUnpickler(dir.resolve(f[0]), f[0], MemorySegment.ofArray(bytes), new TorchGlobals(false),
                    PersistentLoader.NONE).load();
            assertEquals(f[1], Canon.of(v), "protocol file " + f[0]);
            checked++;
        }
        assertEquals(6, checked, "protocols 0 to 5");
    }
}
