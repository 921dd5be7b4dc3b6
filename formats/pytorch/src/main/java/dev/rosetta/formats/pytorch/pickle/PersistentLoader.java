package dev.rosetta.formats.pytorch.pickle;

/**
 * Resolves persistent ids ({@code PERSID}/{@code BINPERSID}): PyTorch uses them to refer to
 * tensor storages kept outside the pickle.
 */
@FunctionalInterface
public interface PersistentLoader {
    /** Refuses every persistent id. */
    PersistentLoader NONE = pid -> {
        throw new IllegalArgumentException("persistent ids are not allowed here, found " + PyValues.describe(pid));
    };

    /**
     * The object a persistent id stands for.
     *
     * @throws IllegalArgumentException when the id is not one this loader knows
     */
    Object load(Object pid);
}
