package dev.rosetta.formats.numpy;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.formats.zip.ZipDirectory;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the arrays of an {@code .npz} (a zip of {@code .npy} entries).
 *
 * <p>Stored entries are parsed in place: their tensors are views of the mapped file, as for a
 * plain {@code .npy}; their CRC is not checked, since that would read every byte of a file that
 * may be larger than memory. Deflated entries are inflated into a fresh segment of exactly the
 * size the directory declares, after checking that size against what deflate can produce from
 * the compressed bytes (at most 1032:1) and against a total limit; the stream must inflate to
 * exactly that size and match the declared CRC-32.
 */
final class NpzReader {
    /** Default bound on the bytes all deflated entries of one file may inflate to. */
    static final long DEFAULT_MAX_INFLATED_BYTES = 8L << 30;
    /** Deflate's maximum expansion is about 1032:1; a larger claim cannot be honest. */
    static final long MAX_DEFLATE_RATIO = 1032;

    private NpzReader() {
    }

    /**
     * Reads every entry, in the order of the central directory.
     *
     * @return arrays keyed by entry name without {@code .npy}
     * @throws UnsupportedFeatureException listing every entry that is not a {@code .npy}, is
     *     encrypted, or uses a method other than stored or deflated
     * @throws ResourceLimitException when deflated entries claim more than {@code maxInflatedBytes}
     *     or more than their compressed size can hold
     * @throws MalformedInputException for a broken zip or a broken array inside it
     */
    static Map<String, Tensor> read(MappedFile file, long maxInflatedBytes) {
        Origin origin = Origin.of(file.path());
        List<ZipDirectory.Entry> entries = ZipDirectory.read(file.segment(), file.path());
        List<String> unsupported = new ArrayList<>();
        long inflated = 0;
        for (ZipDirectory.Entry e : entries) {
            if (!e.name().endsWith(".npy")) {
                unsupported.add("entry '" + e.name() + "' is not a .npy array");
            } else if (e.encrypted()) {
                unsupported.add("entry '" + e.name() + "' is encrypted");
            } else if (e.method() != 0 && e.method() != 8) {
                unsupported.add("entry '" + e.name() + "' uses compression method " + e.method()
                        + " (supported: 0 stored, 8 deflated)");
            } else if (e.method() == 8) {
                inflated = checkInflatedSize(origin, e, inflated, maxInflatedBytes);
            } else if (e.size() != e.compressedSize()) {
                throw origin.inEntry(e.name()).malformed(0, "stored entry declares " + e.size()
                        + " bytes but occupies " + e.compressedSize());
            }
        }
        if (!unsupported.isEmpty()) {
            throw new UnsupportedFeatureException(file.path() + ": " + unsupported.size()
                    + " unsupported .npz entries", unsupported);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (ZipDirectory.Entry e : entries) {
            Origin at = origin.inEntry(e.name());
            MemorySegment data = file.slice(e.dataOffset(), e.compressedSize(), "data of entry '" + e.name() + "'");
            MemorySegment npy = e.method() == 0 ? data : inflate(data, e, at);
            String key = e.name().substring(0, e.name().length() - ".npy".length());
            out.put(key, NpyReader.read(npy, at));
        }
        return out;
    }

    private static long checkInflatedSize(Origin origin, ZipDirectory.Entry e, long total, long max) {
        Origin at = origin.inEntry(e.name());
        long possible = e.compressedSize() > (Long.MAX_VALUE - 1024) / MAX_DEFLATE_RATIO
                ? Long.MAX_VALUE : e.compressedSize() * MAX_DEFLATE_RATIO + 1024;
        if (e.size() > possible) {
            throw at.limit(0, "declares " + e.size() + " inflated bytes from " + e.compressedSize()
                    + " compressed bytes, more than deflate can produce (" + MAX_DEFLATE_RATIO + ":1)");
        }
        if (e.size() > max - total) {
            throw at.limit(0, "deflated entries would inflate to more than the limit of " + max
                    + " bytes (option " + NpyFormat.MAX_INFLATED_OPTION + ")");
        }
        return total + e.size();
    }

    /** What an inflated entry first gets; it grows as the stream really delivers bytes. */
    static final long FIRST_INFLATE_BYTES = 1 << 20;

    /**
     * Inflates a raw deflate stream into exactly {@code e.size()} bytes and checks its CRC. The
     * output grows (doubling, up to the declared size) as bytes arrive, so a claim that deflate
     * could honour but the stream does not costs no memory.
     */
    static MemorySegment inflate(MemorySegment compressed, ZipDirectory.Entry e, Origin at) {
        long size = e.size();
        MemorySegment out = Tensor.allocate(Math.min(size, FIRST_INFLATE_BYTES));
        CRC32 crc = new CRC32();
        Inflater inflater = new Inflater(true);
        try {
            long consumed = 0;
            long produced = 0;
            boolean padded = false;
            int idle = 0;
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (consumed < compressed.byteSize()) {
                        long n = Math.min(Elements.CHUNK, compressed.byteSize() - consumed);
                        inflater.setInput(compressed.asSlice(consumed, n).asByteBuffer());
                        consumed += n;
                    } else if (!padded) {
                        inflater.setInput(new byte[1]);
                        padded = true;
                    } else {
                        throw at.malformed(produced, "deflate stream ends after " + compressed.byteSize()
                                + " compressed bytes, having produced " + produced + " of the " + size + " declared bytes");
                    }
                }
                if (inflater.needsDictionary()) {
                    throw at.malformed(0, "expected a plain deflate stream, found one that needs a preset dictionary");
                }
                int k;
                if (produced < size) {
                    if (produced == out.byteSize()) {
                        MemorySegment bigger = Tensor.allocate(Math.min(size, 2 * out.byteSize()));
                        MemorySegment.copy(out, 0, bigger, 0, produced);
                        out = bigger;
                    }
                    ByteBuffer dst = out.asSlice(produced, Math.min(Elements.CHUNK, out.byteSize() - produced)).asByteBuffer();
                    k = inflater.inflate(dst);
                    crc.update(out.asSlice(produced, k).asByteBuffer());
                    produced += k;
                } else {
                    k = inflater.inflate(ByteBuffer.allocate(1));
                    if (k > 0) {
                        throw at.malformed(size, "deflate stream inflates to more than the " + size
                                + " bytes the zip directory declares");
                    }
                }
                idle = k == 0 && !inflater.needsInput() && !inflater.finished() ? idle + 1 : 0;
                if (idle > 2) {
                    throw at.malformed(produced, "deflate stream makes no progress");
                }
            }
            if (produced != size) {
                throw at.malformed(produced, "deflate stream ends after " + produced + " bytes but the zip directory"
                        + " declares " + size);
            }
            if (crc.getValue() != e.crc()) {
                throw at.malformed(0, String.format("CRC-32 of the inflated bytes is %08x but the zip directory"
                        + " declares %08x", crc.getValue(), e.crc()));
            }
            return out;
        } catch (DataFormatException ex) {
            throw new MalformedInputException(at.file(), at.at("deflate stream"),
                    "expected valid deflate data: " + ex.getMessage(), ex);
        } finally {
            inflater.end();
        }
    }
}
