package dev.rosetta.runtime;

import dev.rosetta.error.UnsupportedFeatureException;

/**
 * The engine chosen for a verification's source (or golden model) refused to load it: ONNX Runtime
 * has no kernel for an operator version the file asks for (BatchNormalization-6, an opset-1
 * Gemm), and the like. {@link Verification#run()} throws it in place of the engine's own
 * {@link UnsupportedFeatureException}, so that a caller can run the source another way (as the IR
 * read from the same file, on an engine that takes it) and a caller that cannot still reports
 * the engine's message with the same exit code.
 */
public final class SourceNotLoadedException extends UnsupportedFeatureException {
    private static final long serialVersionUID = 1L;

    private final String backend;

    /**
     * @param backend the engine that refused the source
     * @param refusal what that engine said
     */
    public SourceNotLoadedException(String backend, UnsupportedFeatureException refusal) {
        super(refusal.getMessage());
        this.backend = backend;
        initCause(refusal);
    }

    /** The name of the engine that refused the source. */
    public String backend() {
        return backend;
    }
}
