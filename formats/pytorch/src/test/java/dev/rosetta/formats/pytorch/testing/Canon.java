package dev.rosetta.formats.pytorch.testing;

import dev.rosetta.formats.pytorch.pickle.PyBytes;
import dev.rosetta.formats.pytorch.pickle.PyDict;
import dev.rosetta.formats.pytorch.pickle.PyList;
import dev.rosetta.formats.pytorch.pickle.PyNone;
import dev.rosetta.formats.pytorch.pickle.PySet;
import dev.rosetta.formats.pytorch.pickle.PyTuple;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;

/** The canonical rendering of unpickled values that {@code pickle_oracle.py} prints for Python's. */
public final class Canon {
    private Canon() {
    }

    public static String of(Object v) {
        return switch (v) {
            case PyNone n -> "None";
            case Boolean b -> b ? "True" : "False";
            case Long l -> "i:" + l;
            case BigInteger b -> "i:" + b;
            case Double d -> String.format("f:%016x", Double.doubleToRawLongBits(d));
            case String s -> "s:" + HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
            case PyBytes b -> "b:" + HexFormat.of().formatHex(b.toArray());
            case PyTuple t -> t.items().stream().map(Canon::of).collect(Collectors.joining(",", "(", ")"));
            case PyList l -> l.items().stream().map(Canon::of).collect(Collectors.joining(",", "[", "]"));
            case PySet s -> s.items().stream().map(Canon::of).sorted().collect(Collectors.joining(",", s.isFrozen() ? "frozenset{" : "set{", "}"));
            case PyDict d -> d.items().entrySet().stream().map((Map.Entry<Object, Object> e) -> of(e.getKey()) + ":" + of(e.getValue()))
                    .collect(Collectors.joining(",", d.isOrdered() ? "od{" : "{", "}"));
            default -> throw new AssertionError("unexpected value " + v.getClass());
        };
    }
}
