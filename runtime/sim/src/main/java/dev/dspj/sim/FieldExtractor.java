package dev.dspj.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.codec.LenientJson;
import dev.dspj.codec.PythonJson;
import dev.dspj.codec.ValueParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads field values out of a message in any of the adapters' formats: Chat sections, XML blocks or a JSON object. */
final class FieldExtractor {

    private static final Pattern HEADER = Pattern.compile("^\\s*\\[\\[ ## (\\w+) ## \\]\\](.*)$");
    private static final Pattern XML_BLOCK = Pattern.compile("<(\\w+)>(.*?)</\\1>", Pattern.DOTALL);

    private FieldExtractor() {}

    /** The values in whichever format the text uses: Chat sections first, then XML blocks, then a JSON object. */
    static Map<String, String> any(String text) {
        Map<String, String> values = chatSections(text);
        if (values.isEmpty()) {
            values = xmlBlocks(text);
        }
        if (values.isEmpty()) {
            values = jsonObject(text);
        }
        return values;
    }

    /** The inputs of a user message: Chat sections, completed by XML blocks. */
    static Map<String, String> inputs(String text) {
        Map<String, String> values = chatSections(text);
        xmlBlocks(text).forEach(values::putIfAbsent);
        return values;
    }

    /** {@code [[ ## name ## ]]} sections: the first of each name, stripped, text after a header on its line included. */
    static Map<String, String> chatSections(String text) {
        Map<String, String> sections = new LinkedHashMap<>();
        if (!text.contains("[[ ## ")) {
            return sections;
        }
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                if (current != null) {
                    sections.putIfAbsent(current, body.toString().strip());
                }
                current = header.group(1);
                body.setLength(0);
                body.append(header.group(2).strip());
            } else if (current != null) {
                if (body.length() > 0) {
                    body.append('\n');
                }
                body.append(line);
            }
        }
        if (current != null) {
            sections.putIfAbsent(current, body.toString().strip());
        }
        sections.remove("completed");
        return sections;
    }

    /** {@code <name>value</name>} blocks: the first of each name, stripped. */
    static Map<String, String> xmlBlocks(String text) {
        Map<String, String> blocks = new LinkedHashMap<>();
        if (text.indexOf('<') < 0) {
            return blocks;
        }
        Matcher block = XML_BLOCK.matcher(text);
        while (block.find()) {
            blocks.putIfAbsent(block.group(1), block.group(2).strip());
        }
        return blocks;
    }

    /** The members of the first JSON object in the text, as prompt text (strings as they are, the rest as JSON). */
    static Map<String, String> jsonObject(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text.indexOf('{') < 0) {
            return values;
        }
        JsonNode node;
        try {
            node = LenientJson.parseObject(text);
        } catch (ValueParseException notJson) {
            return values;
        }
        node.properties().forEach(member -> values.put(member.getKey(), PythonJson.formatForPrompt(member.getValue())));
        return values;
    }
}
