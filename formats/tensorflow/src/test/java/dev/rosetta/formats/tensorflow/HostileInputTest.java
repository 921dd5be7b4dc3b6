package dev.rosetta.formats.tensorflow;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rosetta.error.RosettaException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files (seeded random byte changes and truncations of each file of a SavedModel and of a
 * frozen graph) either still read or fail with a Rosetta error: never an index, buffer or
 * arithmetic exception from inside a reader.
 */
class HostileInputTest {
    private static final int ROUNDS = 60;

    @Test
    void damagedSavedModelFilesFailCleanly(@TempDir Path tmp) throws IOException {
        Path golden = TestFiles.golden("tf_cnn", "saved_model");
        for (String file : new String[] {"saved_model.pb", "variables/variables.index",
                "variables/variables.data-00000-of-00001"}) {
            Random r = new Random(file.hashCode());
            byte[] original = Files.readAllBytes(golden.resolve(file));
            for (int i = 0; i < ROUNDS; i++) {
                Path copy = tmp.resolve("m" + i + "_" + file.hashCode());
                TestFiles.copyTree(golden, copy);
                Files.write(copy.resolve(file), damage(original, r));
                readCleanly(() -> {
                    try (Model m = SavedModelReader.read(copy, FormatOptions.none())) {
                        m.graph().initializers().forEach(v -> v.constant().getDouble(0));
                    }
                }, file + " round " + i);
            }
        }
    }

    @Test
    void damagedFrozenGraphsFailCleanly(@TempDir Path tmp) throws IOException {
        byte[] original = Files.readAllBytes(TestFiles.corpus("tf-frozen", "conv_0", "frozen_model.pb"));
        Random r = new Random(7);
        for (int i = 0; i < 3 * ROUNDS; i++) {
            Path pb = tmp.resolve("g" + i + ".pb");
            Files.write(pb, damage(original, r));
            readCleanly(() -> GraphDefReader.read(pb, FormatOptions.none()).close(), "frozen graph round " + i);
        }
    }

    /**
     * A frozen graph whose constant's packed float_val declares 10 GB (found by fuzzing): protobuf-java's
     * decoder for mapped buffers read past the mapping and the JVM died with SIGSEGV. It is refused.
     */
    @Test
    void aLengthPastTheFileIsMalformedNotACrash(@TempDir Path tmp) throws IOException {
        byte[] tensor = {0x08, 0x01, 0x2a, (byte) 0xc0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x27, 0, 0, 0, 0};
        byte[] value = concat(new byte[] {0x42, (byte) tensor.length}, tensor);
        byte[] entry = concat(new byte[] {0x0a, 0x05, 'v', 'a', 'l', 'u', 'e', 0x12, (byte) value.length}, value);
        byte[] node = concat(
                new byte[] {0x0a, 0x01, 'c', 0x12, 0x05, 'C', 'o', 'n', 's', 't', 0x2a, (byte) entry.length}, entry);
        Path pb = tmp.resolve("huge.pb");
        Files.write(pb, concat(new byte[] {0x0a, (byte) node.length}, node));
        dev.rosetta.error.MalformedInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.rosetta.error.MalformedInputException.class, () -> GraphDefReader.read(pb, FormatOptions.none()));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("field 5 of TensorProto"), e.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] damage(byte[] original, Random r) {
        byte[] b = original.clone();
        if (r.nextInt(4) == 0) {
            return java.util.Arrays.copyOf(b, r.nextInt(b.length));
        }
        int changes = 1 + r.nextInt(4);
        for (int c = 0; c < changes; c++) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static void readCleanly(Runnable read, String what) {
        try {
            read.run();
        } catch (RosettaException e) {
            // refused with a reason: fine
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            fail(what + ": " + e, e);
        }
    }
}
