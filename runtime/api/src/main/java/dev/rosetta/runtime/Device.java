package dev.rosetta.runtime;

import dev.rosetta.error.UsageException;
import java.util.Locale;

/**
 * Where an execution runs: the CPU, or one GPU by index.
 *
 * <p>Parsed from the command line's {@code --device}: {@code cpu}, {@code gpu} (GPU 0) or
 * {@code gpu:N}; {@code cuda} and {@code cuda:N} are accepted as synonyms. Whether a GPU is really
 * there is the backend's business ({@link Backend#checkDevice(Device)}).
 *
 * @param kind CPU or GPU
 * @param index the GPU index; 0 for the CPU
 */
public record Device(Kind kind, int index) {
    /** The CPU. */
    public static final Device CPU = new Device(Kind.CPU, 0);

    /** Processor kinds. */
    public enum Kind { CPU, GPU }

    public Device {
        if (kind == null) {
            throw new IllegalArgumentException("device kind must not be null");
        }
        if (index < 0) {
            throw new IllegalArgumentException("device index must be >= 0, got " + index);
        }
    }

    /** GPU number {@code index}. */
    public static Device gpu(int index) {
        return new Device(Kind.GPU, index);
    }

    /**
     * Parses {@code cpu}, {@code gpu}, {@code gpu:N} (case-insensitive; {@code cuda} for {@code gpu}).
     *
     * @throws UsageException naming the text and the accepted forms
     */
    public static Device parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        String rest = null;
        if (t.startsWith("gpu")) {
            rest = t.substring(3);
        } else if (t.startsWith("cuda")) {
            rest = t.substring(4);
        }
        if (rest != null) {
            if (rest.isEmpty()) {
                return gpu(0);
            }
            if (rest.startsWith(":") && rest.length() > 1 && rest.length() <= 4
                    && rest.substring(1).chars().allMatch(Character::isDigit)) {
                return gpu(Integer.parseInt(rest.substring(1)));
            }
        }
        throw new UsageException("unknown device '" + text + "'; expected cpu, gpu or gpu:N (N = 0, 1, ...)");
    }

    public boolean isGpu() {
        return kind == Kind.GPU;
    }

    /** {@code cpu} or {@code gpu:N}, as parsed and as written in reports. */
    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "gpu:" + index;
    }
}
