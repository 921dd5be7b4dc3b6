package dev.rosetta.runtime;

import dev.rosetta.ir.Model;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a backend is asked to execute: a model held in the IR, or a file an engine runs as it is
 * written (an ONNX file, a TorchScript archive, a SavedModel directory).
 *
 * <p>Running files as written keeps a check independent of Rosetta's own readers: the reference
 * side of a verification is whatever the original framework would execute.
 */
public sealed interface ModelSource permits ModelSource.Ir, ModelSource.File {

    /** The kinds of model sources. */
    enum Kind {
        /** A {@link Model} in memory. */
        IR,
        /** An {@code .onnx} file, run as written. */
        ONNX_FILE,
        /** A TorchScript archive ({@code torch.jit.save}), run as written. */
        TORCHSCRIPT_FILE,
        /** A TensorFlow SavedModel directory, run as written. */
        SAVED_MODEL,
        /** A TensorFlow frozen GraphDef file, run as written. */
        GRAPH_DEF
    }

    Kind kind();

    /** A short description for reports: the file name, or the model's graph name. */
    String describe();

    /** The IR model; the caller keeps ownership and closes it. */
    static ModelSource ir(Model model) {
        return new Ir(model);
    }

    /** A file of the given kind, run as written. */
    static ModelSource file(Kind kind, Path path) {
        return new File(kind, path);
    }

    /** An IR model. */
    record Ir(Model model) implements ModelSource {
        public Ir {
            Objects.requireNonNull(model, "model");
        }

        @Override
        public Kind kind() {
            return Kind.IR;
        }

        @Override
        public String describe() {
            return "IR of " + model.graph().name() + " (read from " + model.sourceFormat() + ")";
        }
    }

    /** A file an engine runs as written. */
    record File(Kind kind, Path path) implements ModelSource {
        public File {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(path, "path");
            if (kind == Kind.IR) {
                throw new IllegalArgumentException("a file source needs a file kind, not IR");
            }
        }

        @Override
        public String describe() {
            Path f = path.getFileName();
            return f == null ? path.toString() : f.toString();
        }
    }
}
