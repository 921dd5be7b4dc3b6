package dev.rosetta.formats.pytorch.pickle;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Helpers over unpickled values: bounded descriptions for messages, argument checks for
 * allow-listed callables, and the hashability rule for dict keys.
 *
 * <p>Unpickled values are: {@link PyNone}, {@link Boolean}, {@link Long} (or {@link BigInteger}
 * when it does not fit), {@link Double}, {@link String}, {@link PyBytes}, {@link PyTuple},
 * {@link PyList}, {@link PyDict}, {@link PySet}, {@link PyObject}, and whatever allow-listed
 * callables return. Every walk here is bounded in depth and length, since pickles can nest
 * arbitrarily deep and contain cycles.
 */
public final class PyValues {
    private static final int DESCRIBE_DEPTH = 3;
    private static final int DESCRIBE_ITEMS = 6;
    private static final int DESCRIBE_STRING = 60;

    private PyValues() {
    }

    /** A short description of a value for messages: never longer than a few hundred characters. */
    public static String describe(Object v) {
        StringBuilder sb = new StringBuilder();
        describe(v, sb, 0);
        return sb.toString();
    }

    private static void describe(Object v, StringBuilder sb, int depth) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> {
                sb.append('\'');
                sb.append(s.length() > DESCRIBE_STRING ? s.substring(0, DESCRIBE_STRING) + "..." : s);
                sb.append('\'');
            }
            case Boolean b -> sb.append(b ? "True" : "False");
            case PyTuple t -> items(t.items(), "(", t.size() == 1 ? ",)" : ")", sb, depth);
            case PyList l -> items(l.items(), "[", "]", sb, depth);
            case PySet s -> items(List.copyOf(s.items()), s.isFrozen() ? "frozenset({" : "{", s.isFrozen() ? "})" : "}", sb, depth);
            case PyDict d -> {
                sb.append(d.isOrdered() ? "OrderedDict{" : "{");
                if (depth >= DESCRIBE_DEPTH) {
                    sb.append(d.size() == 0 ? "" : "...");
                } else {
                    int n = 0;
                    for (Map.Entry<Object, Object> e : d.items().entrySet()) {
                        if (n > 0) {
                            sb.append(", ");
                        }
                        if (n++ == DESCRIBE_ITEMS) {
                            sb.append("... ").append(d.size() - DESCRIBE_ITEMS).append(" more");
                            break;
                        }
                        describe(e.getKey(), sb, depth + 1);
                        sb.append(": ");
                        describe(e.getValue(), sb, depth + 1);
                    }
                }
                sb.append('}');
            }
            default -> {
                String s = String.valueOf(v);
                sb.append(s.length() > DESCRIBE_STRING * 2 ? s.substring(0, DESCRIBE_STRING * 2) + "..." : s);
            }
        }
    }

    private static void items(List<Object> items, String open, String close, StringBuilder sb, int depth) {
        sb.append(open);
        if (depth >= DESCRIBE_DEPTH) {
            sb.append(items.isEmpty() ? "" : "...");
        } else {
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                if (i == DESCRIBE_ITEMS) {
                    sb.append("... ").append(items.size() - DESCRIBE_ITEMS).append(" more");
                    break;
                }
                describe(items.get(i), sb, depth + 1);
            }
        }
        sb.append(close);
    }

    /** The Python type name of a value, for messages ("int", "dict", "torch.Tensor"...). */
    public static String typeName(Object v) {
        return switch (v) {
            case null -> "null";
            case PyNone n -> "NoneType";
            case Boolean b -> "bool";
            case Long l -> "int";
            case BigInteger b -> "int";
            case Double d -> "float";
            case String s -> "str";
            case PyBytes b -> "bytes";
            case PyTuple t -> "tuple";
            case PyList l -> "list";
            case PyDict d -> d.isOrdered() ? "OrderedDict" : "dict";
            case PySet s -> s.isFrozen() ? "frozenset" : "set";
            case PyObject o -> o.className();
            default -> v.getClass().getSimpleName();
        };
    }

    /**
     * Whether a value may be a dict key or set member: numbers, strings, bytes, None, frozensets,
     * allow-listed globals and tuples of those. Lists, dicts and sets are not (as in Python).
     */
    public static boolean isHashable(Object v) {
        return switch (v) {
            case PyList l -> false;
            case PyDict d -> false;
            case PySet s -> s.isFrozen();
            case PyTuple t -> {
                for (Object o : t.items()) {
                    if (!isHashable(o)) { // bounded: tuple depth is limited when tuples are built
                        yield false;
                    }
                }
                yield true;
            }
            default -> true;
        };
    }

    /** A Python int that fits a long. */
    public static long asLong(Object v, String what) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof BigInteger b) {
            throw new ArithmeticException(what + " " + b + " does not fit a 64-bit integer");
        }
        throw new IllegalArgumentException(what + " must be an int, found " + typeName(v) + " " + describe(v));
    }

    /** A Python str (or bytes decoded as ASCII, as PyTorch accepts in persistent ids). */
    public static String asString(Object v, String what) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof PyBytes b) {
            return new String(b.toArray(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        throw new IllegalArgumentException(what + " must be a str, found " + typeName(v) + " " + describe(v));
    }

    /** A tuple (or list) of ints as a long array, e.g. a tensor's size or stride. */
    public static long[] asLongArray(Object v, String what) {
        List<Object> items;
        if (v instanceof PyTuple t) {
            items = t.items();
        } else if (v instanceof PyList l) {
            items = l.items();
        } else {
            throw new IllegalArgumentException(what + " must be a tuple of ints, found " + typeName(v) + " " + describe(v));
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = asLong(items.get(i), what + "[" + i + "]");
        }
        return out;
    }

    /** The elements of a tuple, list, set or the keys of a dict: what {@code list(x)} iterates. */
    public static List<Object> iterate(Object v, String what) {
        return switch (v) {
            case PyTuple t -> t.items();
            case PyList l -> l.items();
            case PySet s -> List.copyOf(s.items());
            case PyDict d -> List.copyOf(d.items().keySet());
            default -> throw new IllegalArgumentException(what + " must be iterable, found " + typeName(v));
        };
    }

    /**
     * Applies a {@code BUILD} state to an attribute map: a dict of str keys, or a pair
     * {@code (dict_or_None, slots_dict_or_None)} as {@code object.__reduce_ex__} produces.
     */
    static void setAttributes(Map<String, Object> attributes, Object state) {
        if (state instanceof PyTuple t && t.size() == 2) {
            for (Object part : t.items()) {
                if (part != PyNone.NONE) {
                    setAttributes(attributes, part);
                }
            }
            return;
        }
        if (!(state instanceof PyDict d)) {
            throw new IllegalArgumentException("BUILD state must be a dict, found " + typeName(state));
        }
        Iterator<Map.Entry<Object, Object>> it = d.items().entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Object, Object> e = it.next();
            attributes.put(asString(e.getKey(), "attribute name"), e.getValue());
        }
    }
}
