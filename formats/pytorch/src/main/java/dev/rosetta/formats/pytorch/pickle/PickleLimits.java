package dev.rosetta.formats.pytorch.pickle;

/**
 * Bounds the unpickler enforces before it allocates, so a hostile pickle cannot exhaust memory or
 * the Java stack.
 *
 * @param maxStack most values on the stack (all marks together)
 * @param maxMarks most open {@code MARK}s at once (container nesting through marks)
 * @param maxMemo most memo entries
 * @param maxTupleDepth deepest nesting of tuples inside tuples
 * @param maxLineBytes longest text line read by the protocol-0 opcodes
 * @param maxValueBytes largest single str or bytes value
 */
public record PickleLimits(int maxStack, int maxMarks, int maxMemo, int maxTupleDepth, int maxLineBytes,
                           long maxValueBytes) {
    /** Generous for any real {@code torch.save} file, small enough to be safe. */
    public static PickleLimits defaults() {
        return new PickleLimits(50_000_000, 10_000, 50_000_000, 1_000, 1 << 16, Integer.MAX_VALUE - 64);
    }
}
