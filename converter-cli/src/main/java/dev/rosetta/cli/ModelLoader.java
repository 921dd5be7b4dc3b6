package dev.rosetta.cli;

import dev.rosetta.convert.Converter;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the format of an input (by content, or as named with {@code --from}) and reads it, adding
 * the file and format to any error's context.
 */
final class ModelLoader {
    private final FormatRegistry registry;

    ModelLoader(FormatRegistry registry) {
        this.registry = registry;
    }

    /** A model read from a file, with the provider that read it. The caller closes the model. */
    record Loaded(FormatProvider format, Model model) {
    }

    /** The provider for {@code file}: the one named by {@code from}, or the one that detects it. */
    FormatProvider formatOf(Path file, String from) {
        if (!Files.exists(file)) {
            throw new UsageException(file + ": no such file or directory");
        }
        if (from == null) {
            return registry.detect(file);
        }
        FormatProvider p = registry.byName(from);
        if (!p.canRead()) {
            throw new UsageException("format '" + p.name() + "' cannot be read, only written");
        }
        return p;
    }

    /**
     * Reads the file; a weights-only model (a state dict) gets its graph when its architecture is
     * recognized, unless the option {@code weights-only} is set.
     */
    Loaded load(Path file, String from, FormatOptions options) {
        FormatProvider format = formatOf(file, from);
        try {
            Model model = format.read(file, options);
            if (!options.getBoolean("weights-only")) {
                Converter.recoverGraph(model);
            }
            return new Loaded(format, model);
        } catch (IOException e) {
            throw new RosettaIOException(file, "reading", e);
        } catch (RosettaException e) {
            throw e.addContext("while reading " + file + " as " + format.name());
        }
    }
}
