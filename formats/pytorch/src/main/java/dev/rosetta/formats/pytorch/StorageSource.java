package dev.rosetta.formats.pytorch;

import java.lang.foreign.MemorySegment;

/** Where the bytes of root storages live: zip entries, or the tail of a legacy file. */
@FunctionalInterface
interface StorageSource {
    /**
     * The bytes of a root storage, holding at least {@code root.numel()} elements.
     *
     * @throws dev.rosetta.error.MalformedInputException when the storage is missing or shorter
     *     than the pickle claims
     */
    MemorySegment bytes(StorageRef root);
}
