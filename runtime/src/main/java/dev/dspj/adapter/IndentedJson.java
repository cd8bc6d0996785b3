package dev.dspj.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.codec.PythonJson;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code json.dumps(value, indent=2)}, byte for byte: items on their own lines indented
 * by two spaces per level, separators {@code ","} and {@code ": "}, {@code []} and {@code {}} for
 * empty containers, floats as {@code repr}, and (with {@code ensure_ascii=True}, Python's
 * default) every character outside printable ASCII escaped as {@code \\uXXXX}.
 */
final class IndentedJson {

    private static final String INDENT = "  ";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IndentedJson() {
    }

    /**
     * Python's {@code json.dumps(node, indent=2, ensure_ascii=ensureAscii)}.
     *
     * @param node the value
     * @param ensureAscii whether to escape non-ASCII characters, as Python does by default
     * @return the JSON text
     */
    static String dumps(JsonNode node, boolean ensureAscii) {
        StringBuilder out = new StringBuilder(256);
        write(node, 0, ensureAscii, out);
        return out.toString();
    }

    private static void write(JsonNode node, int level, boolean ensureAscii, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> entries = node.properties().iterator();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                newline(level + 1, out);
                writeString(entry.getKey(), ensureAscii, out);
                out.append(": ");
                write(entry.getValue(), level + 1, ensureAscii, out);
                if (entries.hasNext()) {
                    out.append(',');
                }
            }
            newline(level, out);
            out.append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                newline(level + 1, out);
                write(node.get(i), level + 1, ensureAscii, out);
                if (i + 1 < node.size()) {
                    out.append(',');
                }
            }
            newline(level, out);
            out.append(']');
        } else if (node.isTextual()) {
            writeString(node.textValue(), ensureAscii, out);
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "true" : "false");
        } else if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
            double value = node.doubleValue();
            out.append(Double.isNaN(value) ? "NaN" : Double.isInfinite(value)
                    ? (value > 0 ? "Infinity" : "-Infinity") : PythonJson.floatRepr(value));
        } else if (node.isBigDecimal()) {
            out.append(node.decimalValue().toPlainString());
        } else {
            out.append(node.asText());
        }
    }

    private static void newline(int level, StringBuilder out) {
        out.append('\n');
        for (int i = 0; i < level; i++) {
            out.append(INDENT);
        }
    }

    /**
     * Python's {@code json} string encoding: with {@code ensure_ascii} every character outside
     * {@code ' '..'~'} is escaped (the short escapes where JSON has them); without it only the
     * quote, the backslash and control characters below U+0020 are.
     */
    private static void writeString(String text, boolean ensureAscii, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
