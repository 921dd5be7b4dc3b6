package dev.rosetta.formats.pytorch.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.formats.MappedFile;
import java.io.OutputStream;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zip reading and writing: alignment, zip64, deflate, and truncation errors. */
class ZipArchiveTest {
    @TempDir
    Path dir;

    private Path write(String name, boolean zip64) throws Exception {
        Path f = dir.resolve(name);
        try (ZipWriter z = ZipWriter.create(f, 64, zip64)) {
            z.add("a/data.pkl", "pickle".getBytes());
            z.add("a/data/0", 1000, sink -> {
                byte[] b = new byte[1000];
                Arrays.fill(b, (byte) 7);
                sink.accept(ByteBuffer.wrap(b, 0, 300));
                sink.accept(ByteBuffer.wrap(b, 300, 700));
            });
            z.add("a/version", "3\n".getBytes());
            z.finish();
        }
        return f;
    }

    @Test
    void writtenEntriesAreAlignedAndReadableByJavaUtilZip() throws Exception {
        for (boolean zip64 : new boolean[]{false, true}) {
            Path f = write(zip64 ? "z64.zip" : "plain.zip", zip64);
            try (MappedFile m = MappedFile.open(f)) {
                ZipArchive z = ZipArchive.read(m);
                assertEquals(zip64, z.isZip64());
                assertEquals(3, z.records().size());
                for (ZipRecord r : z.records()) {
                    assertEquals(0, r.dataOffset() % 64, r.name() + " aligned");
                }
                byte[] data = z.data(z.find("a/data/0").orElseThrow()).toArray(ValueLayout.JAVA_BYTE);
                assertEquals(1000, data.length);
                assertTrue(z.data(z.find("a/data/0").orElseThrow()).isMapped(), "stored entries are slices of the mapping");
            }
            try (ZipFile jz = new ZipFile(f.toFile())) {
                ZipEntry e = jz.getEntry("a/data/0");
                byte[] b = jz.getInputStream(e).readAllBytes(); // checks the CRC
                assertEquals(1000, b.length);
                assertEquals(7, b[999]);
                assertEquals("pickle", new String(jz.getInputStream(jz.getEntry("a/data.pkl")).readAllBytes()));
            }
        }
    }

    @Test
    void deflatedEntriesAreInflatedAndChecked() throws Exception {
        Path f = dir.resolve("deflated.zip");
        byte[] content = new byte[100_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i % 13);
        }
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream zos = new ZipOutputStream(os)) {
            zos.putNextEntry(new ZipEntry("x/data.pkl"));
            zos.write(content);
            zos.closeEntry();
        }
        try (MappedFile m = MappedFile.open(f)) {
            ZipArchive z = ZipArchive.read(m);
            ZipRecord r = z.find("x/data.pkl").orElseThrow();
            assertFalse(r.isStored());
            assertArrayEquals(content, z.data(r).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void truncatedZipsNameTheProblem() throws Exception {
        byte[] whole = Files.readAllBytes(write("t.zip", false));
        for (int keep : new int[]{0, 10, 200, whole.length / 2, whole.length - 30, whole.length - 1}) {
            Path cut = dir.resolve("cut" + keep + ".zip");
            Files.write(cut, Arrays.copyOf(whole, keep));
            try (MappedFile m = MappedFile.open(cut)) {
                MalformedInputException e = assertThrows(MalformedInputException.class, () -> ZipArchive.read(m));
                assertTrue(e.getMessage().contains("truncated"), keep + ": " + e.getMessage());
            }
        }
    }

    @Test
    void directoryOffsetsBeyondTheFileAreTruncation() throws Exception {
        byte[] whole = Files.readAllBytes(write("o.zip", false));
        // Cut the data of the middle entry while keeping the directory: move the directory back.
        int eocd = whole.length - 22;
        int cdSize = ByteBuffer.wrap(whole, eocd + 12, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        int cdOffset = ByteBuffer.wrap(whole, eocd + 16, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        int drop = 600;
        byte[] shorter = new byte[whole.length - drop];
        System.arraycopy(whole, 0, shorter, 0, cdOffset - drop);
        System.arraycopy(whole, cdOffset, shorter, cdOffset - drop, whole.length - cdOffset);
        ByteBuffer.wrap(shorter, shorter.length - 22 + 16, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(cdOffset - drop);
        assertEquals(cdSize, ByteBuffer.wrap(shorter, shorter.length - 22 + 12, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        Path f = dir.resolve("short.zip");
        Files.write(f, shorter);
        try (MappedFile m = MappedFile.open(f)) {
            MalformedInputException e = assertThrows(MalformedInputException.class, () -> ZipArchive.read(m));
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("no local header"), e.getMessage());
        }
    }
}
