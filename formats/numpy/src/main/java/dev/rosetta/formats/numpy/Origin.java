package dev.rosetta.formats.numpy;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.UnsupportedFeatureException;
import java.nio.file.Path;

/**
 * Where an array is read from: the file and, inside an {@code .npz}, the entry. Builds the typed
 * errors so every message names the file, the entry and the byte offset.
 *
 * <p>Offsets inside an entry count from the entry's first byte (the {@code .npy} magic), the same
 * for stored and deflated entries.
 */
record Origin(Path file, String entry) {

    /** An array read from a plain {@code .npy} file. */
    static Origin of(Path file) {
        return new Origin(file, null);
    }

    /** An array read from entry {@code entry} of an {@code .npz} file. */
    Origin inEntry(String entryName) {
        return new Origin(file, entryName);
    }

    /** The place string for a byte offset: {@code "byte 12"} or {@code "entry 'a.npy', byte 12"}. */
    String at(long offset) {
        return prefix() + "byte " + offset;
    }

    /** The place string for a named region: {@code "header"} or {@code "entry 'a.npy', header"}. */
    String at(String what) {
        return prefix() + what;
    }

    private String prefix() {
        return entry == null ? "" : "entry '" + entry + "', ";
    }

    MalformedInputException malformed(long offset, String problem) {
        return new MalformedInputException(file, at(offset), problem);
    }

    ResourceLimitException limit(long offset, String problem) {
        return new ResourceLimitException(file, at(offset), problem);
    }

    UnsupportedFeatureException unsupported(String problem) {
        return new UnsupportedFeatureException(file + ": " + prefix() + problem);
    }
}
