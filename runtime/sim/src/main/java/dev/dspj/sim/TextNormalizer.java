package dev.dspj.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.dspj.codec.PythonJson;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts values in one canonical form so a prompt's rendering of a value matches the task's:
 * whitespace collapsed, case folded, JSON re-written canonically, and DSPy's numbered
 * {@code [1] «...»} list rendering read as a JSON list.
 */
final class TextNormalizer {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern NUMBERED_ITEM = Pattern.compile("\\[\\d+\\] «(.*?)»", Pattern.DOTALL);
    private static final Pattern NUMBERED_LIST = Pattern.compile("(?s)\\s*(\\[\\d+\\] «.*?»\\s*)+");

    private TextNormalizer() {}

    /** The canonical form of a value, for matching inputs. */
    static String normalize(String text) {
        String value = canonicalJson(text.strip());
        return WHITESPACE.matcher(value).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }

    /** The canonical form of an answer, for comparing a shown answer with gold: also without end punctuation and quotes. */
    static String normalizeAnswer(String text) {
        String value = normalize(text);
        int end = value.length();
        while (end > 0 && ".!\"'`*".indexOf(value.charAt(end - 1)) >= 0) {
            end--;
        }
        int start = 0;
        while (start < end && "\"'`*".indexOf(value.charAt(start)) >= 0) {
            start++;
        }
        return value.substring(start, end).strip();
    }

    private static String canonicalJson(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        if (first == '[' && NUMBERED_LIST.matcher(text).matches()) {
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            Matcher item = NUMBERED_ITEM.matcher(text);
            while (item.find()) {
                items.add(item.group(1));
            }
            return PythonJson.dumps(items);
        }
        if (first != '[' && first != '{') {
            return text;
        }
        try {
            JsonNode node = STRICT.readTree(text);
            return node == null || !node.isContainerNode() ? text : PythonJson.dumps(node);
        } catch (JsonProcessingException notJson) {
            return text;
        }
    }
}
