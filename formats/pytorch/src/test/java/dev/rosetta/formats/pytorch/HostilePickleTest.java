package dev.rosetta.formats.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.pytorch.pickle.PickleLimits;
import dev.rosetta.formats.pytorch.pickle.SafeUnpickler;
import dev.rosetta.formats.pytorch.pickle.UnsafePickleException;
import dev.rosetta.formats.pytorch.testing.PickleBuilder;
import dev.rosetta.formats.pytorch.testing.Python;
import dev.rosetta.formats.pytorch.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pickles built to run code are refused, by name and offset, and nothing runs: each payload
 * would create a marker file if it executed (the Python check proves the payloads are real), and
 * the marker never appears.
 */
class HostilePickleTest {
    @TempDir
    Path dir;

    private Path marker() {
        return dir.resolve("pwned");
    }

    private String touch() {
        return "touch " + marker();
    }

    private static Object unpickle(byte[] b) {
        return new SafeUnpickler(Path.of("evil.pkl"), "pickle", MemorySegment.ofArray(b), 0, b.length,
                new TorchGlobals(false), new StorageLoader(), PickleLimits.defaults()).load();
    }

    private UnsafePickleException refused(byte[] pickle, String global) {
        UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> unpickle(pickle));
        assertEquals(global, e.global());
        assertTrue(e.getMessage().contains(global), e.getMessage());
        assertFalse(Files.exists(marker()), "the payload ran");
        return e;
    }

    /** The example: os.system('ls') via GLOBAL + REDUCE. */
    @Test
    void osSystemByGlobal() {
        byte[] b = "\u0080\u0002cos\nsystem\nq\u0000X\u0002\u0000\u0000\u0000lsq\u0001\u0085q\u0002Rq\u0003."
                .getBytes(StandardCharsets.ISO_8859_1);
        UnsafePickleException e = refused(b, "os.system");
        assertEquals(2, e.offset());
        assertTrue(e.getMessage().contains("byte 2"), e.getMessage());
    }

    @Test
    void posixSystemAndSubprocess() {
        refused(PickleBuilder.proto(2).global("posix", "system").str(touch()).op(0x85).reduce().stop().bytes(), "posix.system");
        refused(PickleBuilder.proto(2).global("subprocess", "Popen").mark().str("sh").str("-c").str(touch()).op('l')
                .op(0x85).reduce().stop().bytes(), "subprocess.Popen");
        refused(PickleBuilder.proto(2).global("subprocess", "check_output").str(touch()).op(0x85).reduce().stop().bytes(),
                "subprocess.check_output");
    }

    @Test
    void builtinsEvalThroughStackGlobal() {
        byte[] b = PickleBuilder.proto(4).op(0x8c).op(8).ascii("builtins").op(0x8c).op(4).ascii("eval").op(0x93)
                .str("__import__('os').system('" + touch() + "')").op(0x85).reduce().stop().bytes();
        refused(b, "builtins.eval");
        refused(PickleBuilder.proto(2).global("__builtin__", "exec").str("x=1").op(0x85).reduce().stop().bytes(),
                "__builtin__.exec");
        refused(PickleBuilder.proto(2).global("builtins", "getattr").stop().bytes(), "builtins.getattr");
    }

    /** INST and OBJ name and call a class in one opcode; the class is still looked up on the allow-list. */
    @Test
    void instAndObjAndNewobj() {
        refused(PickleBuilder.proto(0).mark().str(touch()).op('i').ascii("os\nsystem\n").stop().bytes(), "os.system");
        refused(PickleBuilder.proto(1).mark().global("os", "system").str(touch()).op('o').stop().bytes(), "os.system");
        refused(PickleBuilder.proto(2).global("torch.nn.modules.linear", "Linear").emptyTuple().op(0x81).stop().bytes(),
                "torch.nn.modules.linear.Linear");
        // an allow-listed global that is not a class cannot be instantiated
        UnsafePickleException e = assertThrows(UnsafePickleException.class,
                () -> unpickle(PickleBuilder.proto(2).global("torch", "FloatStorage").emptyTuple().op(0x81).stop().bytes()));
        assertTrue(e.getMessage().contains("NEWOBJ"), e.getMessage());
    }

    /** The __reduce__ trick with a callable that is data: REDUCE on anything but an allow-listed function. */
    @Test
    void reduceOnNonCallables() {
        UnsafePickleException e = assertThrows(UnsafePickleException.class,
                () -> unpickle(PickleBuilder.proto(2).str("os.system").str(touch()).op(0x85).reduce().stop().bytes()));
        assertTrue(e.getMessage().contains("REDUCE"), e.getMessage());
        assertThrows(UnsafePickleException.class,
                () -> unpickle(PickleBuilder.proto(2).global("torch", "float32").emptyTuple().reduce().stop().bytes()));
        assertFalse(Files.exists(marker()));
    }

    /** BUILD is how __setstate__ tricks start: it only reaches values that accept plain attribute state. */
    @Test
    void buildAndSetstateTricks() {
        // BUILD on a list (Python would look up its __setstate__ / __dict__)
        assertThrows(UnsafePickleException.class, () -> unpickle(PickleBuilder.proto(2).op(']').emptyDict()
                .mark().str("__setstate__").str("os.system").setItems().op('b').stop().bytes()));
        // BUILD on a plain dict
        assertThrows(RosettaException.class, () -> unpickle(PickleBuilder.proto(2).emptyDict().emptyDict().op('b').stop().bytes()));
        // BUILD on a storage type marker
        assertThrows(UnsafePickleException.class, () -> unpickle(PickleBuilder.proto(2).global("torch", "FloatStorage")
                .emptyDict().op('b').stop().bytes()));
        // a state that would smuggle a callable still has to name it
        refused(PickleBuilder.proto(2).global("collections", "OrderedDict").emptyTuple().reduce()
                .emptyDict().mark().str("__setstate__").global("os", "system").setItems().op('b').stop().bytes(), "os.system");
        // the classic: object of an arbitrary class + BUILD
        refused(PickleBuilder.proto(2).global("__main__", "Exploit").emptyTuple().op(0x81).emptyDict().op('b').stop().bytes(),
                "__main__.Exploit");
    }

    @Test
    void extensionRegistryAndItemsOnForeignObjects() {
        UnsafePickleException e = assertThrows(UnsafePickleException.class,
                () -> unpickle(PickleBuilder.proto(2).op(0x82).op(1).stop().bytes()));
        assertTrue(e.getMessage().contains("extension"), e.getMessage());
        // SETITEM on a non-dict would call its __setitem__
        assertThrows(UnsafePickleException.class, () -> unpickle(PickleBuilder.proto(2).global("torch", "Size")
                .str("k").str("v").op('s').stop().bytes()));
        assertThrows(UnsafePickleException.class, () -> unpickle(PickleBuilder.proto(2).global("torch", "Size")
                .str("v").op('a').stop().bytes()));
    }

    /** A torch.save zip whose data.pkl is the payload: refused through the format, nothing created. */
    @Test
    void payloadInsideATorchZip() throws Exception {
        byte[] payload = PickleBuilder.proto(2).global("os", "system").str(touch()).op(0x85).reduce().stop().bytes();
        Path f = TestFiles.torchZip(dir.resolve("evil.pt"), payload, Map.of());
        UnsafePickleException e = assertThrows(UnsafePickleException.class,
                () -> new PyTorchFormat().read(f, FormatOptions.none()));
        assertTrue(e.getMessage().contains("entry 'archive/data.pkl' byte 2"), e.getMessage());
        assertTrue(e.getMessage().contains("state_dict()"), "hint about whole modules: " + e.getMessage());
        assertFalse(Files.exists(marker()));
    }

    /** The same bytes do run under Python's pickle: the test payloads are real exploits. */
    @Test
    void payloadsAreRealExploits() throws Exception {
        assumeTrue(Python.available(), "needs /usr/bin/python3 to show the payload is live");
        byte[] payload = PickleBuilder.proto(2).global("os", "system").str(touch()).op(0x85).reduce().stop().bytes();
        assertThrows(UnsafePickleException.class, () -> unpickle(payload));
        assertFalse(Files.exists(marker()));
        Path p = dir.resolve("payload.pkl");
        Files.write(p, payload);
        Path script = dir.resolve("load.py");
        Files.writeString(script, "import pickle, sys\npickle.loads(open(sys.argv[1], 'rb').read())\n");
        Python.run(script, p.toString());
        assertTrue(Files.exists(marker()), "Python's pickle runs the payload");
    }

    @Test
    void deepDictsAroundATensorHitTheNestingLimit() throws Exception {
        // {"a": {"a": ... {"w": tensor} ...}} 5000 deep: flattening stops at its depth limit with a typed error
        PickleBuilder b = PickleBuilder.proto(2);
        int depth = 5000;
        for (int i = 0; i < depth; i++) {
            b.emptyDict().str("a");
        }
        b.emptyDict().str("w").tensor("FloatStorage", "0", 1, 0, new long[]{1}, new long[]{1}).op('s');
        for (int i = 0; i < depth; i++) {
            b.op('s');
        }
        Path f = TestFiles.torchZip(dir.resolve("deep.pt"), b.stop().bytes(), Map.of("0", new byte[4]));
        assertThrows(ResourceLimitException.class, () -> new PyTorchFormat().read(f, FormatOptions.none()));
    }

    @Test
    void hugeMemoIndicesAndRepeatedPutsStayBounded() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[]{(byte) 0x80, 2, 'N'});
        for (int i = 0; i < 100_000; i++) {
            b.write('r');
            b.writeBytes(new byte[]{(byte) i, (byte) (i >> 8), (byte) (i >> 16), (byte) 0xff});
        }
        b.write('.');
        assertEquals(dev.rosetta.formats.pytorch.pickle.PyNone.NONE, unpickle(b.toByteArray()));
    }
}
