package dev.rosetta.fuzz;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A test double for a disk that fills up midway: its writer writes {@value #BYTES_BEFORE_FAILURE}
 * bytes to the path it is given, then fails the way a full disk does. Registered for this module's
 * tests only (its {@code META-INF/services} lives under {@code src/test/resources}), as the format
 * {@value #NAME} with the extension {@value #EXTENSION}; it recognizes no file.
 */
public final class DiskFullFormat implements FormatProvider {
    static final String NAME = "diskfull";
    static final String EXTENSION = ".diskfull";
    static final int BYTES_BEFORE_FAILURE = 64 * 1024;
    static final String MESSAGE = "No space left on device";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test double: writes some bytes, then fails as a full disk does";
    }

    @Override
    public List<String> extensions() {
        return List.of(EXTENSION);
    }

    @Override
    public boolean canRead() {
        return false;
    }

    @Override
    public boolean canWrite() {
        return true;
    }

    @Override
    public String supportStatement() {
        return "writes " + BYTES_BEFORE_FAILURE + " bytes, then throws IOException(\"" + MESSAGE + "\")";
    }

    @Override
    public boolean detect(FileProbe probe) {
        return false;
    }

    @Override
    public Model read(Path path, FormatOptions options) {
        throw new UnsupportedFeatureException("the " + NAME + " test format cannot be read");
    }

    @Override
    public void write(Model model, Path target, FormatOptions options) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write(new byte[BYTES_BEFORE_FAILURE]);
            out.flush();
            throw new IOException(MESSAGE);
        }
    }
}
