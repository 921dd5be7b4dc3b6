package dev.rosetta.error;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An I/O failure that is not the input's fault: permission denied, a full disk, a vanished file.
 * Wraps the {@link IOException} and names the file and the operation.
 */
public class RosettaIOException extends RosettaException {
    private static final long serialVersionUID = 1L;

    public RosettaIOException(Path file, String operation, IOException cause) {
        super((file == null ? "" : file + ": ") + operation + " failed: " + describe(cause), cause);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return m == null ? kind : kind + " (" + m + ")";
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.IO_ERROR;
    }
}
