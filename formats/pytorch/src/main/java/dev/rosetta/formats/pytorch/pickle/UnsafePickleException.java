package dev.rosetta.formats.pytorch.pickle;

import dev.rosetta.error.MalformedInputException;
import java.nio.file.Path;

/**
 * A pickle asked for something the safe unpickler never does: import a global that is not on the
 * allow-list ({@code os.system}, {@code builtins.eval}, any class of the file's choosing), call or
 * instantiate something that is not an allow-listed callable, or apply {@code BUILD} state to a
 * value that does not accept it.
 *
 * <p>Nothing named by the file was executed when this is thrown: the unpickler only ever builds
 * plain values and calls its own Java implementations of allow-listed PyTorch functions. It is a
 * {@link MalformedInputException} (exit code 4): a file that needs such globals is not a plain
 * {@code torch.save} of tensors, and may be hostile.
 */
public class UnsafePickleException extends MalformedInputException {
    private static final long serialVersionUID = 1L;

    private final String global;
    private final long offset;

    /**
     * @param file the input file
     * @param place where the pickle is, e.g. {@code "entry 'archive/data.pkl' byte 2"}
     * @param global the refused global as {@code module.name}, or a description of the refused
     *     value for calls and {@code BUILD}
     * @param offset byte offset of the opcode inside the pickle's container
     * @param problem what was refused and why
     */
    public UnsafePickleException(Path file, String place, String global, long offset, String problem) {
        super(file, place, problem);
        this.global = global;
        this.offset = offset;
    }

    /** The refused global ({@code module.name}) or value description. */
    public String global() {
        return global;
    }

    /** The byte offset of the refused opcode. */
    public long offset() {
        return offset;
    }
}
