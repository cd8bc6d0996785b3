package dev.dspj.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON and scalars exactly as Python prints them, so prompts DSPJ renders match DSPy's
 * byte for byte: {@code json.dumps(value, ensure_ascii=False)} (separators {@code ", "} and
 * {@code ": "}), {@code str(True)}, and {@code repr(float)}.
 */
public final class PythonJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PythonJson() {}

    /**
     * Python's {@code json.dumps(node, ensure_ascii=False)}.
     *
     * @param node the value
     * @return the JSON text
     */
    public static String dumps(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    /**
     * DSPy's {@code format_field_value} of an already JSON-serialized value: objects and arrays
     * as {@code json.dumps}, strings as they are, other scalars as Python's {@code str()}.
     *
     * @param node the value's JSON form
     * @return the text for the prompt
     */
    public static String formatForPrompt(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "None";
        }
        if (node.isContainerNode()) {
            return dumps(node);
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "True" : "False";
        }
        if (node.isFloatingPointNumber()) {
            return node.isBigDecimal() ? node.decimalValue().toPlainString() : floatRepr(node.doubleValue());
        }
        return node.asText();
    }

    /**
     * Python's {@code repr()} of the value a JSON tree loads as: dicts and lists with {@code ', '}
     * and {@code ': '}, strings in single quotes (double quotes when the string holds a single
     * quote and no double quote), {@code True}, {@code False}, {@code None}. DSPy shows a tool's
     * arguments this way.
     *
     * @param node the value
     * @return the text
     */
    public static String repr(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, true, out);
        return out.toString();
    }

    private static void writeReprString(String text, StringBuilder out) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == quote || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                out.append("\\x").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
        }
        out.append(quote);
    }

    private static void write(JsonNode node, StringBuilder out) {
        write(node, false, out);
    }

    /** {@code json.dumps} of a tree, or with {@code repr} Python's {@code repr()} of what it loads as. */
    private static void write(JsonNode node, boolean repr, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append(repr ? "None" : "null");
        } else if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                writeKey(entry.getKey(), repr, out);
                out.append(": ");
                write(entry.getValue(), repr, out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                write(node.get(i), repr, out);
            }
            out.append(']');
        } else if (repr) {
            if (node.isTextual()) {
                writeReprString(node.textValue(), out);
            } else if (node.isBoolean()) {
                out.append(node.booleanValue() ? "True" : "False");
            } else {
                out.append(formatForPrompt(node));
            }
        } else if (node.isTextual()) {
            writeString(node.textValue(), out);
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "true" : "false");
        } else if (node.isFloatingPointNumber()) {
            if (node.isBigDecimal()) {
                out.append(node.decimalValue().toPlainString());
            } else {
                double value = node.doubleValue();
                out.append(
                        Double.isNaN(value)
                                ? "NaN"
                                : Double.isInfinite(value) ? (value > 0 ? "Infinity" : "-Infinity") : floatRepr(value));
            }
        } else {
            out.append(node.asText());
        }
    }

    private static void writeKey(String key, boolean repr, StringBuilder out) {
        if (repr) {
            writeReprString(key, out);
        } else {
            writeString(key, out);
        }
    }

    private static void writeString(String text, StringBuilder out) {
        writeString(text, false, out);
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
                        out.append("\\u")
                                .append(HEX[(c >> 12) & 0xf])
                                .append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf])
                                .append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Python's {@code json.dumps(node, indent=2, ensure_ascii=ensureAscii)}, byte for byte: items on
     * their own lines indented by two spaces per level, separators {@code ","} and {@code ": "},
     * {@code []} and {@code {}} for empty containers, floats as {@code repr}.
     *
     * @param node the value
     * @param ensureAscii whether to escape non-ASCII characters, as Python does by default
     * @return the JSON text
     */
    public static String dumpsIndented(JsonNode node, boolean ensureAscii) {
        StringBuilder out = new StringBuilder(256);
        writeIndented(node, 0, ensureAscii, out);
        return out.toString();
    }

    private static void writeIndented(JsonNode node, int level, boolean ensureAscii, StringBuilder out) {
        if (node != null && node.isObject() && !node.isEmpty()) {
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> entries = node.properties().iterator();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                newline(level + 1, out);
                writeString(entry.getKey(), ensureAscii, out);
                out.append(": ");
                writeIndented(entry.getValue(), level + 1, ensureAscii, out);
                if (entries.hasNext()) {
                    out.append(',');
                }
            }
            newline(level, out);
            out.append('}');
        } else if (node != null && node.isArray() && !node.isEmpty()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                newline(level + 1, out);
                writeIndented(node.get(i), level + 1, ensureAscii, out);
                if (i + 1 < node.size()) {
                    out.append(',');
                }
            }
            newline(level, out);
            out.append(']');
        } else if (node != null && node.isTextual()) {
            writeString(node.textValue(), ensureAscii, out);
        } else {
            write(node, out);
        }
    }

    private static void newline(int level, StringBuilder out) {
        out.append('\n');
        for (int i = 0; i < level; i++) {
            out.append("  ");
        }
    }

    /**
     * Python's {@code repr(float)}: the shortest digits, fixed notation for exponents from -4 to
     * 15 ({@code 0.0001}, {@code 1e-05}, {@code 1e+16}), always with a fraction or exponent.
     *
     * @param value the number
     * @return its Python text
     */
    public static String floatRepr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        BigDecimal decimal = shortestDigits(value).stripTrailingZeros();
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - decimal.scale() - 1;
        String sign = decimal.signum() < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = decimal.abs().toPlainString();
            return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.format("%02d", Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }

    /**
     * The shortest decimal that reads back as {@code value}, and among those the nearest to it,
     * as Python's {@code repr} picks. {@link Double#toString(double)} is not always shortest
     * before Java 19 ({@code 1e23} prints as {@code 9.999999999999999E22}).
     */
    private static BigDecimal shortestDigits(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (nearest.doubleValue() == value) {
                return nearest;
            }
            // Next to a power of two the gaps to the neighbouring doubles differ, so the other
            // candidate with this many digits may still read back as the value.
            RoundingMode other = nearest.compareTo(exact) < 0 ? RoundingMode.CEILING : RoundingMode.FLOOR;
            BigDecimal farther = exact.round(new MathContext(precision, other));
            if (farther.doubleValue() == value) {
                return farther;
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
}
