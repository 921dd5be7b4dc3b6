package dev.rosetta.formats.pytorch;

/**
 * A storage named by a persistent id: {@code ('storage', type, key, location, numel)} in the zip
 * format, plus an optional view {@code (view_key, offset, size)} in the legacy format.
 *
 * @param type the storage class (element type)
 * @param key the storage's key: its entry {@code data/<key>} in a zip, its place in the legacy
 *     key list
 * @param location the device it was saved from ({@code cpu}, {@code cuda:0}); data is read as CPU
 * @param numel elements the root storage holds, as the pickle claims
 * @param viewOffset for a legacy storage view, its first element in the root storage, else 0
 * @param viewNumel for a legacy storage view, its element count, else {@code numel}
 */
record StorageRef(StorageType type, String key, String location, long numel, long viewOffset, long viewNumel) {
    @Override
    public String toString() {
        return "storage '" + key + "' (" + type + ", " + numel + " elements)";
    }
}
