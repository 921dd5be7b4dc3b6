package dev.rosetta.formats.pytorch.arch;

/** One architecture family's recognizer: key names and shapes in, an {@link Architecture} out. */
interface Family {

    /** The family name used in {@link Architecture#family()} and in rejection reasons. */
    String name();

    /**
     * Recognizes the family in {@code weights}, checking every shape it relies on and that every
     * key is used.
     *
     * @throws NotRecognized with the first reason the state dict does not fit
     */
    Architecture recognize(WeightTable weights);
}
