package dev.rosetta.formats.numpy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser for the Python dict literal in an {@code .npy} header, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}.
 *
 * <p>It accepts exactly what NumPy writes and nothing a general evaluator would: string keys,
 * values that are strings, {@code True}/{@code False}, or tuples of non-negative integers (a
 * Python 2 {@code L} suffix allowed), optional trailing commas, and whitespace; after the closing
 * brace only whitespace (NumPy's padding) may follow. The input is already bounded by the caller.
 * A list value (a structured dtype) is reported as unsupported. Every other deviation is a
 * {@link dev.rosetta.error.MalformedInputException} naming the byte offset and what was expected.
 */
final class HeaderDictParser {
    /** A parsed value and the byte offset where it starts. */
    record Item(Object value, long offset) {
    }

    /** More dimensions than NumPy allows (64 since NumPy 2.0) is not a real array. */
    static final int MAX_RANK = 64;

    private final byte[] text;
    private final long base;
    private final Origin origin;
    private final Charset charset;
    private int pos;

    private HeaderDictParser(byte[] text, long base, Origin origin, Charset charset) {
        this.text = text;
        this.base = base;
        this.origin = origin;
        this.charset = charset;
    }

    /**
     * Parses a header dict.
     *
     * @param text the header bytes (after the length field, padding included)
     * @param base the offset of {@code text[0]} in the {@code .npy} stream, for messages
     * @param charset latin-1 for format versions 1 and 2, UTF-8 for version 3
     * @return the entries in file order, keyed by name
     */
    static Map<String, Item> parse(byte[] text, long base, Origin origin, Charset charset) {
        return new HeaderDictParser(text, base, origin, charset).dict();
    }

    private Map<String, Item> dict() {
        skipWhitespace();
        expect('{', "'{' opening the header dict");
        Map<String, Item> out = new LinkedHashMap<>();
        skipWhitespace();
        while (peek() != '}') {
            int keyAt = pos;
            if (peek() != '\'' && peek() != '"') {
                throw error("a quoted key or '}'");
            }
            String key = string();
            if (out.containsKey(key)) {
                throw origin.malformed(base + keyAt, "duplicate key '" + key + "' in the header dict");
            }
            skipWhitespace();
            expect(':', "':' after key '" + key + "'");
            skipWhitespace();
            int valueAt = pos;
            out.put(key, new Item(value(key), base + valueAt));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                skipWhitespace();
            } else if (peek() != '}') {
                throw error("',' or '}' after the value of '" + key + "'");
            }
        }
        pos++;
        skipWhitespace();
        if (pos < text.length) {
            throw error("only whitespace padding after the header dict");
        }
        return out;
    }

    private Object value(String key) {
        int c = peek();
        if (c == '\'' || c == '"') {
            return string();
        }
        if (c == '(') {
            return tuple(key);
        }
        if (c == 'T' || c == 'F') {
            return bool();
        }
        if (c == '[') {
            throw origin.unsupported("header key '" + key + "' holds a list: structured (record) dtypes "
                    + "are not supported; supported descr: " + NpyDescr.SUPPORTED);
        }
        throw error("a string, True, False or a tuple as the value of '" + key + "'");
    }

    private String string() {
        int quote = text[pos];
        int start = ++pos;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            if (pos >= text.length) {
                throw origin.malformed(base + start - 1, "string opened here is not closed before the end of the header");
            }
            int b = text[pos] & 0xff;
            if (b == quote) {
                pos++;
                return bytes.toString(charset);
            }
            if (b == '\\') {
                int next = pos + 1 < text.length ? text[pos + 1] & 0xff : -1;
                if (next != '\\' && next != '\'' && next != '"') {
                    throw origin.malformed(base + pos, "expected one of the escapes \\\\, \\' or \\\" in a string, found "
                            + describe(next));
                }
                bytes.write(next);
                pos += 2;
                continue;
            }
            if (b < 0x20 || b == 0x7f) {
                throw origin.malformed(base + pos, "expected a printable character inside a string, found " + describe(b));
            }
            bytes.write(b);
            pos++;
        }
    }

    private Boolean bool() {
        if (matchWord("True")) {
            return Boolean.TRUE;
        }
        if (matchWord("False")) {
            return Boolean.FALSE;
        }
        throw error("True or False");
    }

    private boolean matchWord(String word) {
        if (pos + word.length() > text.length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (text[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        int after = pos + word.length() < text.length ? text[pos + word.length()] & 0xff : -1;
        if (Character.isLetterOrDigit(after) || after == '_') {
            return false;
        }
        pos += word.length();
        return true;
    }

    private long[] tuple(String key) {
        int open = pos;
        pos++;
        List<Long> dims = new ArrayList<>();
        skipWhitespace();
        boolean trailingComma = false;
        while (peek() != ')') {
            if (dims.size() == MAX_RANK) {
                throw origin.limit(base + pos, "tuple '" + key + "' has more than " + MAX_RANK + " dimensions");
            }
            dims.add(integer());
            skipWhitespace();
            trailingComma = false;
            if (peek() == ',') {
                pos++;
                trailingComma = true;
                skipWhitespace();
            } else if (peek() != ')') {
                throw error("',' or ')' in the tuple of '" + key + "'");
            }
        }
        if (dims.size() == 1 && !trailingComma) {
            throw origin.malformed(base + open, "expected a tuple for '" + key + "', found a parenthesized integer"
                    + " (a 1-tuple is written '(n,)')");
        }
        pos++;
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i);
        }
        return out;
    }

    private long integer() {
        int start = pos;
        if (peek() < '0' || peek() > '9') {
            throw error("a non-negative integer");
        }
        long v = 0;
        while (peek() >= '0' && peek() <= '9') {
            int d = peek() - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                throw origin.limit(base + start, "dimension " + digitsFrom(start) + " does not fit a 64-bit integer");
            }
            v = v * 10 + d;
            pos++;
        }
        if (peek() == 'L' || peek() == 'l') {
            pos++;
        }
        return v;
    }

    private String digitsFrom(int start) {
        int end = start;
        while (end < text.length && end - start < 40 && text[end] >= '0' && text[end] <= '9') {
            end++;
        }
        return new String(text, start, end - start, StandardCharsets.ISO_8859_1)
                + (end - start == 40 ? "..." : "");
    }

    private void expect(char c, String what) {
        if (peek() != c) {
            throw error(what);
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < text.length) {
            byte b = text[pos];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The byte at the cursor, or -1 at the end. */
    private int peek() {
        return pos < text.length ? text[pos] & 0xff : -1;
    }

    private RuntimeException error(String expected) {
        return origin.malformed(base + pos, "expected " + expected + " in the header, found " + describe(peek()));
    }

    /** A byte for a message: {@code 'x'}, {@code byte 0x93} or {@code the end of the header}. */
    static String describe(int b) {
        if (b < 0) {
            return "the end of the header";
        }
        if (b >= 0x20 && b < 0x7f) {
            return "'" + (char) b + "'";
        }
        return String.format("byte 0x%02x", b);
    }
}
