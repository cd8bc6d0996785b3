package dev.dspj.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Formatting shared by results, tables and exports: numbers, money, durations, errors, values as text and JSON. */
final class Texts {

    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Texts() {}

    /** Cuts text to at most {@code max} characters, ending with "..." when cut. */
    static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, Math.max(0, max - 3)) + "...";
    }

    /** A number with up to 3 decimals and at least one: 1.0, 0.667, 34.5. */
    static String number(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        BigDecimal rounded =
                BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        if (rounded.scale() < 1) {
            rounded = rounded.setScale(1, RoundingMode.UNNECESSARY);
        }
        return rounded.toPlainString();
    }

    /** Dollars: 4 decimals from a hundredth of a cent up, two significant digits below. */
    static String money(BigDecimal usd) {
        if (usd.signum() == 0) {
            return "$0.00";
        }
        if (usd.compareTo(new BigDecimal("0.0001")) >= 0) {
            return "$" + usd.setScale(4, RoundingMode.HALF_UP).toPlainString();
        }
        return "$"
                + usd.round(new java.math.MathContext(2, RoundingMode.HALF_UP))
                        .stripTrailingZeros()
                        .toPlainString();
    }

    /** Whole milliseconds. */
    static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }

    /** Milliseconds with a fraction, for exports. */
    static double millisExact(Duration duration) {
        return duration.toNanos() / 1_000_000.0;
    }

    /** {@code SimpleName: message}, on one line. */
    static String errorText(@Nullable Throwable error) {
        if (error == null) {
            return "";
        }
        String message = error.getMessage();
        String name = error.getClass().getSimpleName();
        return (message == null || message.isBlank() ? name : name + ": " + message)
                .replace("\r", "")
                .replace('\n', ' ');
    }

    /** A value as text for a cell: strings as they are, optionals unwrapped, structures as JSON. */
    static String text(Object value) {
        Object unwrapped = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        if (unwrapped == null) {
            return "";
        }
        if (unwrapped instanceof String text) {
            return text;
        }
        if (unwrapped instanceof Enum<?> constant) {
            return constant.name();
        }
        if (unwrapped instanceof Number || unwrapped instanceof Boolean || unwrapped instanceof Character) {
            return String.valueOf(unwrapped);
        }
        JsonNode node = json(unwrapped);
        return node.isTextual() ? node.textValue() : node.toString();
    }

    /** A value as JSON: scalars, collections and maps as such, enums by name, records and beans by Jackson, else its toString. */
    static JsonNode json(Object value) {
        Object unwrapped = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        if (unwrapped == null) {
            return NODES.nullNode();
        }
        if (unwrapped instanceof String text) {
            return NODES.textNode(text);
        }
        if (unwrapped instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (unwrapped instanceof Integer
                || unwrapped instanceof Long
                || unwrapped instanceof Short
                || unwrapped instanceof Byte) {
            return NODES.numberNode(((Number) unwrapped).longValue());
        }
        if (unwrapped instanceof BigInteger big) {
            return NODES.numberNode(big);
        }
        if (unwrapped instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        }
        if (unwrapped instanceof Number number) {
            double d = number.doubleValue();
            return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(String.valueOf(d));
        }
        if (unwrapped instanceof Enum<?> constant) {
            return NODES.textNode(constant.name());
        }
        if (unwrapped instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), json(v)));
            return object;
        }
        if (unwrapped instanceof Collection<?> collection) {
            ArrayNode array = NODES.arrayNode();
            collection.forEach(element -> array.add(json(element)));
            return array;
        }
        if (unwrapped instanceof Object[] elements) {
            ArrayNode array = NODES.arrayNode();
            for (Object element : elements) {
                array.add(json(element));
            }
            return array;
        }
        try {
            JsonNode node = JSON.valueToTree(unwrapped);
            if (node != null && !(node.isObject() && node.isEmpty())) {
                return node;
            }
        } catch (IllegalArgumentException notSerializable) {
            // fall through to the text form
        }
        return NODES.textNode(String.valueOf(unwrapped));
    }

    /** A one-line cell: line breaks shown as spaces, cut to {@code width}. */
    static String cell(String text, int width) {
        String oneLine =
                text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return shorten(oneLine, width);
    }

    /** {@code 68.0}: a percentage with one decimal, as DSPy logs it. */
    static String percentOneDecimal(double fraction) {
        return String.format(Locale.ROOT, "%.1f", 100 * fraction);
    }
}
