package dev.rosetta.formats.pytorch.pickle;

/**
 * The allow-list: maps a global named by {@code GLOBAL}, {@code STACK_GLOBAL} or {@code INST}
 * to the Java value standing for it.
 */
@FunctionalInterface
public interface GlobalResolver {
    /** Allows nothing: only plain data (numbers, strings, containers) can be unpickled. */
    GlobalResolver NOTHING = (module, name) -> null;

    /**
     * The value for {@code module.name}, or {@code null} when it is not allowed (the unpickler then
     * refuses the pickle with an {@link UnsafePickleException}). May throw
     * {@link dev.rosetta.error.UnsupportedFeatureException} for globals that are known and
     * harmless but not supported.
     */
    Object resolve(String module, String name);
}
