package dev.rosetta.formats.pytorch.pickle;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.RosettaException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A pickle virtual machine that builds values and never executes code.
 *
 * <p>Why it exists: Python's {@code pickle} runs whatever callable a file names, so loading an
 * untrusted {@code .pt} file with it is running untrusted code. This machine implements the
 * opcodes of protocols 0 to 5 as a stack machine over a read-only {@link MemorySegment}, but the
 * only globals it will name are the ones its {@link GlobalResolver} allows, the only calls it makes
 * ({@code REDUCE}, {@code NEWOBJ}, {@code NEWOBJ_EX}, {@code OBJ}, {@code INST}) are to
 * allow-listed {@link PickleCallable}s and {@link PickleClass}es, and {@code BUILD} applies state
 * only to {@link Buildable} values. Everything else is refused with an
 * {@link UnsafePickleException} naming the global (or value) and the byte offset. The copyreg
 * extension opcodes ({@code EXT1/2/4}) name globals indirectly and are refused too.
 *
 * <p>Hostile input is expected: every length is checked against the bytes that remain before
 * anything is allocated, stack, mark, memo and tuple-nesting sizes are bounded by
 * {@link PickleLimits}, the machine is a loop (no recursion on the pickle's structure), and a pickle
 * that ends before {@code STOP} is reported as truncated. Every problem is a
 * {@link MalformedInputException} (or its {@link ResourceLimitException} subclass) naming the file,
 * the pickle and the offset.
 *
 * <p>One instance reads pickles one after the other from a region ({@link #load()} then
 * {@link #position()}), as the legacy {@code torch.save} format needs. Not thread-safe.
 */
public final class SafeUnpickler {
    private final Path file;
    private final String what;
    private final MemorySegment data;
    private final long end;
    private final GlobalResolver globals;
    private final PersistentLoader persistent;
    private final PickleLimits limits;

    private long pos;
    private long opPos;
    private final ArrayList<Object> stack = new ArrayList<>();
    private int[] marks = new int[16];
    private int markCount;
    private final Map<Long, Object> memo = new HashMap<>();

    /**
     * @param file the file, for messages
     * @param what names the pickle in messages, e.g. {@code "entry 'archive/data.pkl'"}
     * @param data the bytes; offsets in messages are offsets into it
     * @param start where the first pickle begins
     * @param end where the readable region ends (exclusive)
     * @param globals the allow-list
     * @param persistent resolves persistent ids
     * @param limits size bounds
     */
    public SafeUnpickler(Path file, String what, MemorySegment data, long start, long end, GlobalResolver globals,
                         PersistentLoader persistent, PickleLimits limits) {
        if (start < 0 || end > data.byteSize() || start > end) {
            throw new IllegalArgumentException("region " + start + ".." + end + " outside " + data.byteSize() + " bytes");
        }
        this.file = file;
        this.what = what;
        this.data = data;
        this.pos = start;
        this.end = end;
        this.globals = globals;
        this.persistent = persistent;
        this.limits = limits;
    }

    /** An unpickler over a whole segment with default limits. */
    public SafeUnpickler(Path file, String what, MemorySegment data, GlobalResolver globals, PersistentLoader persistent) {
        this(file, what, data, 0, data.byteSize(), globals, persistent, PickleLimits.defaults());
    }

    /** Where the next pickle would start: just past the {@code STOP} of the last one loaded. */
    public long position() {
        return pos;
    }

    /**
     * Reads one pickle, up to and including its {@code STOP} opcode.
     *
     * @return the unpickled value
     * @throws UnsafePickleException when the pickle names or calls something not allowed
     * @throws MalformedInputException when it is truncated or invalid
     * @throws ResourceLimitException when it claims more than the limits or the remaining bytes
     */
    public Object load() {
        stack.clear();
        markCount = 0;
        memo.clear();
        if (pos >= end) {
            opPos = pos;
            throw malformed("expected a pickle, found the end of the data (truncated)");
        }
        while (true) {
            opPos = pos;
            if (pos >= end) {
                throw malformed("truncated pickle: the data ends at byte " + end + " before the STOP opcode");
            }
            int op = u8();
            switch (op) {
                case '(' -> mark();
                case '.' -> {
                    if (stack.isEmpty()) {
                        throw malformed("STOP with an empty stack");
                    }
                    return stack.removeLast();
                }
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(peek());
                case 'F' -> push(parseFloat(asciiLine()));
                case 'I' -> push(parseIntLine(asciiLine()));
                case 'J' -> push((long) s32());
                case 'K' -> push((long) u8());
                case 'L' -> push(parseLongLine(asciiLine()));
                case 'M' -> push((long) u16());
                case 'N' -> push(PyNone.NONE);
                case 'P' -> push(persistentLoad(asciiLine()));
                case 'Q' -> push(persistentLoad(pop()));
                case 'R' -> reduce();
                case 'S' -> push(decodeQuoted(asciiLine()));
                case 'T' -> push(byteString(bytes(s32Length("BINSTRING"))));
                case 'U' -> push(byteString(bytes(u8())));
                case 'V' -> push(decodeRawUnicodeEscape(lineBytes()));
                case 'X' -> push(utf8(bytes(u32())));
                case 'a' -> append();
                case 'b' -> build();
                case 'c' -> {
                    String module = asciiLine();
                    String name = asciiLine();
                    push(resolve(module, name));
                }
                case 'd' -> push(dictOf(popMark()));
                case '}' -> push(new PyDict(false));
                case 'e' -> appends();
                case 'g' -> push(memoGet(parseMemoIndex(asciiLine())));
                case 'h' -> push(memoGet(u8()));
                case 'j' -> push(memoGet(u32()));
                case 'i' -> {
                    String module = asciiLine();
                    String name = asciiLine();
                    List<Object> args = popMark();
                    Object cls = resolve(module, name);
                    push(instantiate("INST", cls, new PyTuple(args), new PyDict(false)));
                }
                case 'l' -> push(new PyList(popMark()));
                case ']' -> push(new PyList());
                case 'o' -> {
                    List<Object> items = popMark();
                    if (items.isEmpty()) {
                        throw malformed("OBJ without a class");
                    }
                    push(instantiate("OBJ", items.getFirst(), new PyTuple(items.subList(1, items.size())), new PyDict(false)));
                }
                case 'p' -> memoPut(parseMemoIndex(asciiLine()));
                case 'q' -> memoPut(u8());
                case 'r' -> memoPut(u32());
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    setItem(peek(), k, v);
                }
                case 't' -> push(tuple(popMark()));
                case ')' -> push(PyTuple.EMPTY);
                case 'u' -> setItems();
                case 'G' -> push(f64be());
                case 0x80 -> {
                    int proto = u8();
                    if (proto > 5) {
                        throw malformed("unsupported pickle protocol " + proto + " (0 to 5 are known)");
                    }
                }
                case 0x81 -> {
                    Object args = pop();
                    Object cls = pop();
                    push(instantiate("NEWOBJ", cls, asArgs(args, "NEWOBJ"), new PyDict(false)));
                }
                case 0x82 -> throw extension(u8());
                case 0x83 -> throw extension(u16());
                case 0x84 -> throw extension(s32());
                case 0x85 -> push(tuple(List.of(pop())));
                case 0x86 -> {
                    Object b = pop();
                    Object a = pop();
                    push(tuple(List.of(a, b)));
                }
                case 0x87 -> {
                    Object c = pop();
                    Object b = pop();
                    Object a = pop();
                    push(tuple(List.of(a, b, c)));
                }
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 0x8a -> push(decodeLong(bytes(u8())));
                case 0x8b -> push(decodeLong(bytes(s32Length("LONG4"))));
                case 'B' -> push(new PyBytes(bytes(u32())));
                case 'C' -> push(new PyBytes(bytes(u8())));
                case 0x8c -> push(utf8(bytes(u8())));
                case 0x8d -> push(utf8(bytes(u64())));
                case 0x8e, 0x96 -> push(new PyBytes(bytes(u64())));
                case 0x8f -> push(new PySet(false));
                case 0x90 -> addItems();
                case 0x91 -> {
                    PySet s = new PySet(true);
                    for (Object o : popMark()) {
                        addToSet(s, o);
                    }
                    push(s);
                }
                case 0x92 -> {
                    Object kwargs = pop();
                    Object args = pop();
                    Object cls = pop();
                    if (!(kwargs instanceof PyDict kw)) {
                        throw malformed("NEWOBJ_EX keyword arguments must be a dict, found " + PyValues.typeName(kwargs));
                    }
                    push(instantiate("NEWOBJ_EX", cls, asArgs(args, "NEWOBJ_EX"), kw));
                }
                case 0x93 -> {
                    Object name = pop();
                    Object module = pop();
                    if (!(name instanceof String n) || !(module instanceof String m)) {
                        throw malformed("STACK_GLOBAL needs two str values, found " + PyValues.typeName(module)
                                + " and " + PyValues.typeName(name));
                    }
                    push(resolve(m, n));
                }
                case 0x94 -> memoPut(memo.size());
                case 0x95 -> {
                    long frame = u64();
                    if (frame > end - pos) {
                        throw truncated("FRAME", frame);
                    }
                }
                case 0x97 -> throw malformed("NEXT_BUFFER: the pickle needs an out-of-band buffer, and none is supplied");
                case 0x98 -> peek(); // READONLY_BUFFER: a no-op on the value on top
                default -> throw malformed(String.format("unknown pickle opcode 0x%02x", op));
            }
        }
    }

    // ---- stack, marks, memo ----

    private void push(Object o) {
        if (stack.size() >= limits.maxStack()) {
            throw limit("pickle stack holds more than " + limits.maxStack() + " values");
        }
        stack.add(o);
    }

    private Object pop() {
        if (stack.size() <= currentMark()) {
            throw malformed("pickle stack underflow");
        }
        return stack.removeLast();
    }

    private Object peek() {
        if (stack.size() <= currentMark()) {
            throw malformed("pickle stack underflow");
        }
        return stack.getLast();
    }

    private int currentMark() {
        return markCount == 0 ? 0 : marks[markCount - 1];
    }

    private void mark() {
        if (markCount >= limits.maxMarks()) {
            throw limit("pickle nests deeper than " + limits.maxMarks() + " MARKs");
        }
        if (markCount == marks.length) {
            marks = Arrays.copyOf(marks, marks.length * 2);
        }
        marks[markCount++] = stack.size();
    }

    private List<Object> popMark() {
        if (markCount == 0) {
            throw malformed("pickle MARK expected but none is open");
        }
        int m = marks[--markCount];
        List<Object> tail = stack.subList(m, stack.size());
        List<Object> items = new ArrayList<>(tail);
        tail.clear();
        return items;
    }

    private void memoPut(long index) {
        if (stack.size() <= currentMark()) {
            throw malformed("memo PUT with an empty stack");
        }
        if (!memo.containsKey(index) && memo.size() >= limits.maxMemo()) {
            throw limit("pickle memo holds more than " + limits.maxMemo() + " entries");
        }
        memo.put(index, stack.getLast());
    }

    private Object memoGet(long index) {
        Object v = memo.get(index);
        if (v == null) {
            throw malformed("memo entry " + index + " is read but was never stored");
        }
        return v;
    }

    // ---- containers ----

    private PyTuple tuple(List<Object> items) {
        PyTuple t = new PyTuple(items);
        if (t.depth() > limits.maxTupleDepth()) {
            throw limit("tuples nest deeper than " + limits.maxTupleDepth());
        }
        return t;
    }

    private PyDict dictOf(List<Object> items) {
        if (items.size() % 2 != 0) {
            throw malformed("DICT needs key/value pairs, found an odd count " + items.size());
        }
        PyDict d = new PyDict(false);
        for (int i = 0; i < items.size(); i += 2) {
            setItem(d, items.get(i), items.get(i + 1));
        }
        return d;
    }

    private void setItem(Object target, Object key, Object value) {
        if (!(target instanceof PyDict d)) {
            throw unsafe(PyValues.typeName(target), "SETITEM on a " + PyValues.typeName(target)
                    + " (only dicts accept items; anything else would run its __setitem__)");
        }
        if (!PyValues.isHashable(key)) {
            throw malformed("dict key of unhashable type " + PyValues.typeName(key));
        }
        d.put(key, value);
    }

    private void setItems() {
        List<Object> items = popMark();
        if (items.size() % 2 != 0) {
            throw malformed("SETITEMS needs key/value pairs, found an odd count " + items.size());
        }
        Object target = peek();
        for (int i = 0; i < items.size(); i += 2) {
            setItem(target, items.get(i), items.get(i + 1));
        }
    }

    private void append() {
        Object v = pop();
        Object target = peek();
        if (!(target instanceof PyList l)) {
            throw unsafe(PyValues.typeName(target), "APPEND on a " + PyValues.typeName(target)
                    + " (only lists accept it; anything else would run its append method)");
        }
        l.add(v);
    }

    private void appends() {
        List<Object> items = popMark();
        Object target = peek();
        if (!(target instanceof PyList l)) {
            throw unsafe(PyValues.typeName(target), "APPENDS on a " + PyValues.typeName(target)
                    + " (only lists accept it; anything else would run its extend method)");
        }
        l.addAll(items);
    }

    private void addItems() {
        List<Object> items = popMark();
        Object target = peek();
        if (!(target instanceof PySet s) || s.isFrozen()) {
            throw unsafe(PyValues.typeName(target), "ADDITEMS on a " + PyValues.typeName(target)
                    + " (only sets accept it)");
        }
        for (Object o : items) {
            addToSet(s, o);
        }
    }

    private void addToSet(PySet s, Object o) {
        if (!PyValues.isHashable(o)) {
            throw malformed("set member of unhashable type " + PyValues.typeName(o));
        }
        s.add(o);
    }

    // ---- globals and calls: the only places where the file could ask for code ----

    private Object resolve(String module, String name) {
        String full = module + "." + name;
        Object v = invoke("GLOBAL " + full, () -> globals.resolve(module, name));
        if (v == null) {
            throw unsafe(full, "refused global '" + full + "': it is not on the allow-list of this safe unpickler"
                    + " (only tensor rebuild functions, storage types, dtypes, OrderedDict and plain containers are);"
                    + " nothing was executed");
        }
        return v;
    }

    private void reduce() {
        Object args = pop();
        Object callable = pop();
        if (!(callable instanceof PickleCallable c)) {
            throw unsafe(PyValues.describe(callable), "REDUCE calls " + PyValues.describe(callable)
                    + ", which is not an allow-listed callable; nothing was executed");
        }
        PyTuple a = asArgs(args, "REDUCE");
        push(invoke("call of " + callable, () -> c.call(a)));
    }

    private Object instantiate(String opcode, Object cls, PyTuple args, PyDict kwargs) {
        if (!(cls instanceof PickleClass c)) {
            throw unsafe(PyValues.describe(cls), opcode + " instantiates " + PyValues.describe(cls)
                    + ", which is not an allow-listed class; nothing was executed");
        }
        return invoke(opcode + " of " + cls, () -> c.instantiate(args, kwargs));
    }

    private void build() {
        Object state = pop();
        Object target = peek();
        if (!(target instanceof Buildable b)) {
            throw unsafe(PyValues.typeName(target), "BUILD on a " + PyValues.typeName(target)
                    + ", which does not accept state (this is how __setstate__ tricks start); nothing was executed");
        }
        invoke("BUILD of " + PyValues.typeName(target), () -> {
            b.build(state);
            return null;
        });
    }

    private Object persistentLoad(Object pid) {
        return invoke("persistent id " + PyValues.describe(pid), () -> persistent.load(pid));
    }

    private PyTuple asArgs(Object args, String opcode) {
        if (!(args instanceof PyTuple t)) {
            throw malformed(opcode + " arguments must be a tuple, found " + PyValues.typeName(args));
        }
        return t;
    }

    private UnsafePickleException extension(long code) {
        return unsafe("extension code " + code, "extension code " + code
                + " names a global through copyreg's extension registry; refused, nothing was executed");
    }

    private <T> T invoke(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RosettaException e) {
            e.addContext("at " + place());
            throw e;
        } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException | ClassCastException e) {
            throw malformed(what + ": " + e.getMessage());
        }
    }

    // ---- primitive reads ----

    private int u8() {
        need(1, "opcode argument");
        return data.get(ValueLayout.JAVA_BYTE, pos++) & 0xff;
    }

    private int u16() {
        need(2, "2-byte argument");
        int v = Short.toUnsignedInt(data.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), pos));
        pos += 2;
        return v;
    }

    private int s32() {
        need(4, "4-byte argument");
        int v = data.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), pos);
        pos += 4;
        return v;
    }

    private long u32() {
        return Integer.toUnsignedLong(s32());
    }

    private long s32Length(String opcode) {
        int n = s32();
        if (n < 0) {
            throw malformed(opcode + " with negative length " + n);
        }
        return n;
    }

    private long u64() {
        need(8, "8-byte argument");
        long v = data.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), pos);
        pos += 8;
        if (v < 0) {
            throw limit("8-byte length " + Long.toUnsignedString(v) + " is beyond any real file");
        }
        return v;
    }

    private double f64be() {
        need(8, "BINFLOAT argument");
        double v = data.get(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), pos);
        pos += 8;
        return v;
    }

    private void need(long n, String what) {
        if (n > end - pos) {
            throw malformed("truncated pickle: " + what + " needs " + n + " bytes at byte " + pos + " but only "
                    + (end - pos) + " remain");
        }
    }

    private byte[] bytes(long n) {
        if (n > end - pos) {
            throw truncated("value", n);
        }
        if (n > limits.maxValueBytes()) {
            throw limit("a single value of " + n + " bytes exceeds the limit of " + limits.maxValueBytes());
        }
        byte[] out = data.asSlice(pos, n).toArray(ValueLayout.JAVA_BYTE);
        pos += n;
        return out;
    }

    private ResourceLimitException truncated(String what, long claimed) {
        return limit(what + " claims " + claimed + " bytes but only " + (end - pos)
                + " remain (truncated or corrupt pickle)");
    }

    private byte[] lineBytes() {
        long limit = Math.min(end, pos + limits.maxLineBytes());
        for (long p = pos; p < limit; p++) {
            if (data.get(ValueLayout.JAVA_BYTE, p) == '\n') {
                byte[] line = data.asSlice(pos, p - pos).toArray(ValueLayout.JAVA_BYTE);
                pos = p + 1;
                return line;
            }
        }
        if (limit == end) {
            throw malformed("truncated pickle: a text argument has no end of line before the data ends");
        }
        throw limit("text argument longer than " + limits.maxLineBytes() + " bytes");
    }

    private String asciiLine() {
        return new String(lineBytes(), StandardCharsets.UTF_8);
    }

    // ---- value decoding ----

    private String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("str value is not valid UTF-8");
        }
    }

    /** Python 2 byte strings: UTF-8 when valid (PyTorch's default encoding), else Latin-1. */
    private static String byteString(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
    }

    private static Object decodeLong(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return normalize(new BigInteger(be));
    }

    private static Object normalize(BigInteger b) {
        return b.bitLength() <= 63 ? (Object) b.longValue() : b;
    }

    private Object parseIntLine(String s) {
        if (s.equals("00")) {
            return Boolean.FALSE;
        }
        if (s.equals("01")) {
            return Boolean.TRUE;
        }
        return parseInteger(s);
    }

    private Object parseLongLine(String s) {
        return parseInteger(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
    }

    private Object parseInteger(String s) {
        try {
            return normalize(new BigInteger(s.trim()));
        } catch (NumberFormatException e) {
            throw malformed("expected an integer, found '" + PyValues.describe(s) + "'");
        }
    }

    private long parseMemoIndex(String s) {
        Object v = parseInteger(s);
        if (!(v instanceof Long l) || l < 0) {
            throw malformed("bad memo index " + s);
        }
        return l;
    }

    private double parseFloat(String s) {
        String t = s.trim();
        switch (t) {
            case "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan", "-nan" -> {
                return Double.NaN;
            }
            default -> {
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw malformed("expected a float, found " + PyValues.describe(t));
                }
            }
        }
    }

    /** Decodes a protocol-0 {@code STRING} argument: a Python string literal in quotes. */
    private String decodeQuoted(String s) {
        if (s.length() < 2 || (s.charAt(0) != '\'' && s.charAt(0) != '"') || s.charAt(s.length() - 1) != s.charAt(0)) {
            throw malformed("STRING argument is not a quoted literal: " + PyValues.describe(s));
        }
        String body = s.substring(1, s.length() - 1);
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 == body.length()) {
                sb.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'a' -> sb.append('\007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\013');
                case '\\', '\'', '"' -> sb.append(e);
                case 'x' -> {
                    sb.append((char) hex(body, i + 1, 2));
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        int k = 0;
                        while (k < 2 && i + 1 < body.length() && body.charAt(i + 1) >= '0' && body.charAt(i + 1) <= '7') {
                            v = v * 8 + (body.charAt(++i) - '0');
                            k++;
                        }
                        sb.append((char) (v & 0xff));
                    } else {
                        sb.append('\\').append(e);
                    }
                }
            }
        }
        return sb.toString();
    }

    private int hex(String s, int from, int n) {
        if (from + n > s.length()) {
            throw malformed("truncated escape in a text argument");
        }
        try {
            return Integer.parseInt(s.substring(from, from + n), 16);
        } catch (NumberFormatException e) {
            throw malformed("bad hexadecimal escape '" + s.substring(from, from + n) + "'");
        }
    }

    /** Decodes a protocol-0 {@code UNICODE} argument (Python's raw-unicode-escape). */
    private String decodeRawUnicodeEscape(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')) {
                int n = s.charAt(i + 1) == 'u' ? 4 : 8;
                int cp = hex(s, i + 2, n);
                if (!Character.isValidCodePoint(cp)) {
                    throw malformed("bad code point in UNICODE escape: " + Integer.toHexString(cp));
                }
                sb.appendCodePoint(cp);
                i += 1 + n;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    // ---- errors ----

    private String place() {
        return what + " byte " + opPos;
    }

    private MalformedInputException malformed(String problem) {
        return new MalformedInputException(file, place(), problem);
    }

    private ResourceLimitException limit(String problem) {
        return new ResourceLimitException(file, place(), problem);
    }

    private UnsafePickleException unsafe(String global, String problem) {
        return new UnsafePickleException(file, place(), global, opPos, problem);
    }
}
