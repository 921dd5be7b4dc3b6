package dev.rosetta.formats.pytorch.pickle;

/** Python's {@code None}, as the unpickler produces it (Java {@code null} never appears in results). */
public enum PyNone {
    NONE;

    @Override
    public String toString() {
        return "None";
    }
}
