package dev.rosetta.formats.tensorflow.graph;

/**
 * TensorFlow tensor names: {@code node}, {@code node:2}, {@code ^node} (a control input) in graphs,
 * {@code node:arg:2} inside function bodies. Canonical names here are always {@code node:index}.
 */
public final class TensorNames {
    private TensorNames() {
    }

    /** True for a control input ({@code ^node}). */
    public static boolean isControl(String ref) {
        return ref.startsWith("^");
    }

    /** {@code node} → {@code node:0}; {@code node:3} stays. */
    public static String canonical(String ref) {
        int colon = ref.lastIndexOf(':');
        if (colon > 0 && isDigits(ref, colon + 1)) {
            return ref;
        }
        return ref + ":0";
    }

    /** The node part of a canonical name. */
    public static String node(String canonical) {
        int colon = canonical.lastIndexOf(':');
        return colon < 0 ? canonical : canonical.substring(0, colon);
    }

    /** The output index of a canonical name. */
    public static int index(String canonical) {
        int colon = canonical.lastIndexOf(':');
        if (colon < 0 || !isDigits(canonical, colon + 1)) {
            return 0;
        }
        String digits = canonical.substring(colon + 1);
        return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    static boolean isDigits(String s, int from) {
        if (from >= s.length()) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
