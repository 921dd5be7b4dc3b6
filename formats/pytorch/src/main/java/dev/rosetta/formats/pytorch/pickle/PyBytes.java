package dev.rosetta.formats.pytorch.pickle;

import java.util.Arrays;

/** A Python {@code bytes} (or {@code bytearray}) value. Immutable; compares by content. */
public final class PyBytes {
    private final byte[] bytes;

    public PyBytes(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyBytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "bytes[" + bytes.length + "]";
    }
}
