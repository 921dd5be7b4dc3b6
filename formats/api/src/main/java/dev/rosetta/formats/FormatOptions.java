package dev.rosetta.formats;

import dev.rosetta.error.UsageException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Named options handed to a reader or writer ({@code key=state_dict}, {@code opset=17}, ...).
 * Immutable. Unknown keys are ignored by providers that do not use them.
 */
public final class FormatOptions {
    /**
     * Read option: keep content Rosetta cannot convert instead of failing, and list it in the
     * model's metadata under {@link #UNSUPPORTED_METADATA}, one item a line ({@code inspect} sets it).
     */
    public static final String KEEP_UNSUPPORTED = "keep-unsupported";
    /** Model metadata key listing unsupported items, one a line, after a lenient read. */
    public static final String UNSUPPORTED_METADATA = "unsupported";
    private static final FormatOptions NONE = new FormatOptions(Map.of());

    private final Map<String, String> values;

    private FormatOptions(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static FormatOptions none() {
        return NONE;
    }

    public static FormatOptions of(Map<String, String> values) {
        return new FormatOptions(values);
    }

    /** A copy with one more option set. */
    public FormatOptions with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put(key, value);
        return new FormatOptions(m);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /**
     * An integer option.
     *
     * @throws UsageException when present but not an integer
     */
    public long getLong(String key, long fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option '" + key + "' must be an integer, got '" + v + "'");
        }
    }

    public boolean getBoolean(String key) {
        String v = values.get(key);
        return v != null && (v.isEmpty() || Boolean.parseBoolean(v));
    }

    public Map<String, String> asMap() {
        return values;
    }
}
