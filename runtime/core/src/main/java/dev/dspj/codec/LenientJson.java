package dev.dspj.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.jspecify.annotations.Nullable;

/**
 * Reads the JSON a language model writes, which is often not quite JSON: wrapped in a markdown
 * code fence or in chatty text, single-quoted, with trailing commas, or written as a Python
 * literal ({@code True}, {@code None}). The role of DSPy's {@code json_repair} plus
 * {@code ast.literal_eval}.
 */
public final class LenientJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
            .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
            .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .build();

    /**
     * Reads a text as the mapper would, with the tree's type and deserializer looked up once rather
     * than on every read.
     */
    private static final com.fasterxml.jackson.databind.ObjectReader TREE = MAPPER.reader();

    /** Reads a text that must be one JSON value and nothing after it. */
    private static final com.fasterxml.jackson.databind.ObjectReader WHOLE =
            MAPPER.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private LenientJson() {}

    /**
     * Parses text as a JSON value, repairing what can be repaired.
     *
     * @param text the model's text
     * @return the JSON tree
     * @throws ValueParseException when no JSON value can be read from the text
     */
    public static JsonNode parse(String text) {
        String stripped = text.strip();
        String body = stripFence(stripped);
        if (!body.equals(stripped)) {
            // a fence inside a JSON string (["```json\n..."]) is not a fence: the whole text
            // read as one JSON value wins over the text after the "fence"
            try {
                return WHOLE.readTree(stripped);
            } catch (JsonProcessingException notWholeJson) {
                // a real fence
            }
        }
        JsonNode plain = PlainJson.read(body);
        if (plain != null) {
            return plain;
        }
        JsonProcessingException first;
        try {
            return read(body);
        } catch (JsonProcessingException e) {
            first = e;
        }
        String embedded = extractBalanced(body);
        for (String candidate : new String[] {embedded, pythonToJson(embedded == null ? body : embedded)}) {
            if (candidate == null) {
                continue;
            }
            try {
                return read(candidate);
            } catch (JsonProcessingException ignored) {
                // try the next repair
            }
        }
        throw new ValueParseException(
                "expected JSON, got " + ValueParseException.quote(text) + " (" + first.getOriginalMessage() + ")",
                first);
    }

    /**
     * Reads a JSON object from a whole completion (the JSON adapter's answer), repairing as
     * {@link #parse(String)} does.
     *
     * @param text the completion
     * @return the object
     * @throws ValueParseException when the text holds no JSON object
     */
    public static JsonNode parseObject(String text) {
        JsonNode node = parse(text);
        if (!node.isObject()) {
            throw new ValueParseException("expected a JSON object, got " + ValueParseException.quote(text));
        }
        return node;
    }

    private static JsonNode read(String text) throws JsonProcessingException {
        JsonNode node = TREE.readTree(text);
        if (node == null || node.isMissingNode()) {
            throw new JsonParseFailure("no JSON value in the text");
        }
        return node;
    }

    private static String stripFence(String text) {
        int open = text.indexOf("```");
        if (open < 0) {
            return text;
        }
        int lineEnd = text.indexOf('\n', open);
        if (lineEnd < 0) {
            return text;
        }
        int close = text.indexOf("```", lineEnd);
        return (close < 0 ? text.substring(lineEnd + 1) : text.substring(lineEnd + 1, close)).strip();
    }

    /** Returns the first balanced {...} or [...] region, respecting strings, or null. */
    static @Nullable String extractBalanced(String text) {
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' || c == '[') {
                start = i;
                break;
            }
        }
        if (start < 0) {
            return null;
        }
        int depth = 0;
        char quote = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return text.substring(start, i + 1);
                }
            }
        }
        return null;
    }

    /** Replaces the Python literals True, False and None outside strings. */
    static String pythonToJson(String text) {
        StringBuilder out = new StringBuilder(text.length());
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && i + 1 < text.length()) {
                    out.append(text.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                out.append(c);
                continue;
            }
            String replaced = literalAt(text, i);
            if (replaced != null) {
                out.append(replaced);
                i += replaced.equals("null") ? 3 : replaced.length() - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static @Nullable String literalAt(String text, int i) {
        if (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
            return null;
        }
        for (String[] pair : new String[][] {{"True", "true"}, {"False", "false"}, {"None", "null"}}) {
            String word = pair[0];
            if (text.startsWith(word, i)) {
                int end = i + word.length();
                if (end == text.length() || !Character.isLetterOrDigit(text.charAt(end))) {
                    return pair[1];
                }
            }
        }
        return null;
    }

    private static final class JsonParseFailure extends JsonProcessingException {
        private static final long serialVersionUID = 1L;

        JsonParseFailure(String message) {
            super(message);
        }
    }
}
