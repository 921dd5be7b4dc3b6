package dev.rosetta.formats.pytorch.arch;

/**
 * Internal signal that a state dict does not fit a family, with the reason. Never leaves this
 * package: {@link ArchitectureRecognizer} turns it into an entry of
 * {@link ArchitectureRecognizer.Recognition#rejections()}.
 */
final class NotRecognized extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotRecognized(String reason) {
        super(reason, null, false, false);
    }
}
