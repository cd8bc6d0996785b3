package dev.dspj.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.jspecify.annotations.Nullable;

/**
 * {@link LenientJson}'s fast path: reads the plain JSON a model writes most of the time (an
 * object of short strings and whole numbers, such as a tool call's arguments) without Jackson's
 * parser and deserialization context, which cost more than the reading on so short a text.
 *
 * <p>It reads only what it cannot read differently from Jackson's tree: strings without escapes
 * or control characters, whole numbers of at most 18 digits ({@code int} nodes when they fit,
 * else {@code long}, as Jackson), numbers with a fraction or an exponent of as many digits
 * ({@code double} nodes, as Jackson), {@code true}, {@code false}, {@code null}, arrays and
 * objects without repeated keys, blanks of space, tab and line breaks, and nothing after the
 * value. On anything else (an escape, a comment, single quotes, trailing commas, a leading plus or
 * point, text after the value) it gives up, and the caller reads the text as before.
 */
final class PlainJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 64;
    private static final int MAX_DIGITS = 18;
    /** An exponent of more digits is left to Jackson (whatever it makes of {@code 1e12345}). */
    private static final int MAX_EXPONENT_DIGITS = 3;

    /** Far below Jackson's limits on a string's length, so that a text it refuses is never read here. */
    private static final int MAX_LENGTH = 1 << 20;

    private final String text;
    private int at;

    private PlainJson(String text) {
        this.text = text;
    }

    /**
     * Reads a text that is one plain JSON value.
     *
     * @param text the text, already stripped
     * @return the tree Jackson would read, or null when the text is not plain enough to be sure
     */
    static @Nullable JsonNode read(String text) {
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            return null;
        }
        PlainJson reader = new PlainJson(text);
        try {
            JsonNode value = reader.value(0);
            if (value == null) {
                return null;
            }
            reader.blanks();
            return reader.at == text.length() ? value : null;
        } catch (StringIndexOutOfBoundsException ended) {
            return null;
        }
    }

    private void blanks() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            at++;
        }
    }

    private @Nullable JsonNode value(int depth) {
        blanks();
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return depth < MAX_DEPTH ? object(depth + 1) : null;
            case '[':
                return depth < MAX_DEPTH ? array(depth + 1) : null;
            case '"': {
                String string = string();
                return string == null ? null : TextNode.valueOf(string);
            }
            case 't':
                return word("true") ? BooleanNode.TRUE : null;
            case 'f':
                return word("false") ? BooleanNode.FALSE : null;
            case 'n':
                return word("null") ? NullNode.getInstance() : null;
            default:
                return c == '-' || (c >= '0' && c <= '9') ? number() : null;
        }
    }

    private @Nullable ObjectNode object(int depth) {
        at++;
        ObjectNode object = NODES.objectNode();
        blanks();
        if (text.charAt(at) == '}') {
            at++;
            return object;
        }
        while (true) {
            blanks();
            if (text.charAt(at) != '"') {
                return null;
            }
            String key = string();
            if (key == null || object.has(key)) {
                return null;
            }
            blanks();
            if (text.charAt(at) != ':') {
                return null;
            }
            at++;
            JsonNode value = value(depth);
            if (value == null) {
                return null;
            }
            object.set(key, value);
            blanks();
            char next = text.charAt(at++);
            if (next == '}') {
                return object;
            }
            if (next != ',') {
                return null;
            }
        }
    }

    private @Nullable ArrayNode array(int depth) {
        at++;
        ArrayNode array = NODES.arrayNode();
        blanks();
        if (text.charAt(at) == ']') {
            at++;
            return array;
        }
        while (true) {
            JsonNode value = value(depth);
            if (value == null) {
                return null;
            }
            array.add(value);
            blanks();
            char next = text.charAt(at++);
            if (next == ']') {
                return array;
            }
            if (next != ',') {
                return null;
            }
        }
    }

    /** A string without escapes or control characters, the opening quote at {@code at}. */
    private @Nullable String string() {
        int start = at + 1;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                at = i + 1;
                return text.substring(start, i);
            }
            if (c == '\\' || c < 0x20) {
                return null;
            }
        }
        return null;
    }

    private boolean word(String word) {
        if (!text.startsWith(word, at)) {
            return false;
        }
        at += word.length();
        // "trueish" is not a literal followed by something: leave it to Jackson
        return at >= text.length() || !Character.isLetterOrDigit(text.charAt(at));
    }

    /**
     * A number: an optional minus, then 0 or digits without a leading zero, then an optional
     * fraction and exponent. A whole number is an {@code int} node when it fits, else a {@code long}
     * one; one with a fraction or an exponent a {@code double} node, read by {@link
     * Double#parseDouble} as Jackson reads it.
     */
    private @Nullable JsonNode number() {
        int start = at;
        if (text.charAt(at) == '-') {
            at++;
        }
        int digitsStart = at;
        skipDigits();
        int digits = at - digitsStart;
        if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && text.charAt(digitsStart) == '0')) {
            return null;
        }
        boolean whole = true;
        if (at < text.length() && text.charAt(at) == '.') {
            at++;
            int fractionStart = at;
            skipDigits();
            if (at == fractionStart || at - fractionStart > MAX_DIGITS) {
                return null;
            }
            whole = false;
        }
        if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                at++;
            }
            int exponentStart = at;
            skipDigits();
            if (at == exponentStart || at - exponentStart > MAX_EXPONENT_DIGITS) {
                return null;
            }
            whole = false;
        }
        if (at < text.length()) {
            char next = text.charAt(at);
            if (next == '.' || next == 'e' || next == 'E' || Character.isLetterOrDigit(next)) {
                return null;
            }
        }
        if (!whole) {
            return DoubleNode.valueOf(Double.parseDouble(text.substring(start, at)));
        }
        long value = Long.parseLong(text, start, at, 10);
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE
                ? IntNode.valueOf((int) value)
                : LongNode.valueOf(value);
    }

    private void skipDigits() {
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
    }
}
