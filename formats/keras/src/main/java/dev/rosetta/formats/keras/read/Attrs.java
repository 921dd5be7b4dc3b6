package dev.rosetta.formats.keras.read;

import dev.rosetta.ir.Attribute;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small builder of node attribute maps, in insertion order. */
public final class Attrs {
    private final Map<String, Attribute> map = new LinkedHashMap<>();

    private Attrs() {
    }

    public static Attrs of() {
        return new Attrs();
    }

    public Attrs i(String key, long v) {
        map.put(key, new Attribute.Int(v));
        return this;
    }

    public Attrs f(String key, double v) {
        map.put(key, new Attribute.Float((float) v));
        return this;
    }

    public Attrs s(String key, String v) {
        map.put(key, new Attribute.Str(v));
        return this;
    }

    public Attrs ints(String key, long... v) {
        map.put(key, new Attribute.Ints(v));
        return this;
    }

    public Attrs floats(String key, float... v) {
        map.put(key, new Attribute.Floats(v));
        return this;
    }

    public Map<String, Attribute> build() {
        return new LinkedHashMap<>(map);
    }
}
