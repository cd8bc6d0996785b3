package dev.dspj.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The codecs for every field type DSPJ supports, and the combinators that compose them. Generated
 * signature classes build their fields' codecs from these constants and methods.
 */
public final class Codecs {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern GROUPED_DIGITS = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d*)?");
    /** The pattern pydantic (2.12 and later) puts on the string form of an unconstrained Decimal. */
    private static final String DECIMAL_PATTERN = "^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d*$";

    private Codecs() {}

    /** Free text: {@code String}, DSPy's {@code str}. Read as the field's text, unchanged. */
    public static final ValueCodec<String> STRING = new ScalarCodec<>("str", "string") {
        @Override
        public String parseText(String text) {
            return text;
        }

        @Override
        String fromScalar(JsonNode node) {
            return node.isTextual() ? node.textValue() : node.asText();
        }

        @Override
        public JsonNode toJson(String value) {
            return NODES.textNode(value);
        }

        @Override
        public String format(String value) {
            return value;
        }

        @Override
        public @Nullable String outputConstraint() {
            return null;
        }

        @Override
        public boolean isText() {
            return true;
        }
    };

    /** {@code int}/{@code Integer}, DSPy's {@code int}. */
    public static final ValueCodec<Integer> INT =
            new IntegerCodec<>(Integer.MIN_VALUE, Integer.MAX_VALUE, Long::intValue) {
                @Override
                public JsonNode toJson(Integer value) {
                    return NODES.numberNode(value);
                }
            };

    /** {@code long}/{@code Long}, DSPy's {@code int}. */
    public static final ValueCodec<Long> LONG =
            new IntegerCodec<>(Long.MIN_VALUE, Long.MAX_VALUE, Function.identity()) {
                @Override
                public JsonNode toJson(Long value) {
                    return NODES.numberNode(value);
                }
            };

    /** {@code double}/{@code Double}, DSPy's {@code float}. */
    public static final ValueCodec<Double> DOUBLE = new FloatingCodec<>(Function.identity()) {
        @Override
        public JsonNode toJson(Double value) {
            return NODES.numberNode(value);
        }
    };

    /** {@code float}/{@code Float}, DSPy's {@code float}. */
    public static final ValueCodec<Float> FLOAT = new FloatingCodec<>(Double::floatValue) {
        @Override
        public JsonNode toJson(Float value) {
            return NODES.numberNode(widen(value));
        }

        @Override
        public String format(Float value) {
            return PythonJson.floatRepr(widen(value));
        }
    };

    /** A float as the double it was written as: 0.1f is 0.1, not 0.10000000149011612. */
    private static double widen(Float value) {
        return Double.parseDouble(value.toString());
    }

    /** {@code BigDecimal}, pydantic's {@code Decimal}: a number, or a string holding one. */
    public static final ValueCodec<BigDecimal> DECIMAL = new ScalarCodec<>("Decimal", "number") {
        @Override
        public BigDecimal parseText(String text) {
            String cleaned = numberText(text);
            try {
                return new BigDecimal(cleaned);
            } catch (NumberFormatException e) {
                throw new ValueParseException("expected a decimal number, got " + ValueParseException.quote(text));
            }
        }

        @Override
        BigDecimal fromScalar(JsonNode node) {
            if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) { // NaN, Infinity
                throw new ValueParseException("expected a decimal number, got " + node.asText());
            }
            if (node.isNumber()) {
                return node.decimalValue();
            }
            return parseText(node.asText());
        }

        /** pydantic's JSON mode writes a Decimal as a string: Python's {@code str(Decimal)}. */
        @Override
        public JsonNode toJson(BigDecimal value) {
            return NODES.textNode(value.toString());
        }

        @Override
        public String format(BigDecimal value) {
            return value.toString();
        }

        @Override
        public ObjectNode schema(SchemaDefinitions definitions) {
            ObjectNode schema = Schemas.object();
            ObjectNode text = Schemas.ofType("string");
            text.put("pattern", DECIMAL_PATTERN);
            schema.putArray("anyOf").add(Schemas.ofType("number")).add(text);
            return schema;
        }
    };

    /** {@code boolean}/{@code Boolean}, DSPy's {@code bool}: true/yes/1 and false/no/0. */
    public static final ValueCodec<Boolean> BOOLEAN = new ScalarCodec<>("bool", "boolean") {
        @Override
        public Boolean parseText(String text) {
            String word = ScalarText.clean(text).toLowerCase(Locale.ROOT);
            switch (word) {
                case "true", "yes", "y", "1", "t", "on" -> {
                    return Boolean.TRUE;
                }
                case "false", "no", "n", "0", "f", "off" -> {
                    return Boolean.FALSE;
                }
                default ->
                    throw new ValueParseException(
                            "expected a bool (True or False), got " + ValueParseException.quote(text));
            }
        }

        @Override
        Boolean fromScalar(JsonNode node) {
            return node.isBoolean() ? node.booleanValue() : parseText(node.asText());
        }

        @Override
        public JsonNode toJson(Boolean value) {
            return NODES.booleanNode(value);
        }

        @Override
        public String outputConstraint() {
            return "must be True or False";
        }
    };

    /**
     * Returns the codec of a {@code List<T>}, DSPy's {@code list[T]}.
     *
     * @param element the elements' codec
     * @param <T> the element type
     * @return the codec
     */
    public static <T> ValueCodec<List<T>> list(ValueCodec<T> element) {
        return new CollectionCodec.ListCodec<>(element);
    }

    /**
     * Returns the codec of a {@code Set<T>} (insertion-ordered), DSPy's {@code set[T]}.
     *
     * @param element the elements' codec
     * @param <T> the element type
     * @return the codec
     */
    public static <T> ValueCodec<Set<T>> set(ValueCodec<T> element) {
        return new CollectionCodec.SetCodec<>(element);
    }

    /**
     * Returns the codec of a {@code Map<String, T>} (insertion-ordered), DSPy's
     * {@code dict[str, T]}.
     *
     * @param value the values' codec
     * @param <T> the value type
     * @return the codec
     */
    public static <T> ValueCodec<Map<String, T>> map(ValueCodec<T> value) {
        return new MapCodec<>(value);
    }

    /**
     * Returns the codec of an {@code Optional<T>}, DSPy's {@code Optional[T]}: empty when the
     * model leaves the field out or writes {@code None}/{@code null}.
     *
     * @param value the present value's codec
     * @param <T> the value type
     * @return the codec
     */
    public static <T> ValueCodec<Optional<T>> optional(ValueCodec<T> value) {
        return new OptionalCodec<>(value);
    }

    /**
     * Returns the codec of an enum, read case-insensitively by constant name.
     *
     * @param typeName the enum's simple name, shown to the model
     * @param constants the enum's constants, {@code E.values()}
     * @param <E> the enum type
     * @return the codec
     */
    public static <E extends Enum<E>> ValueCodec<E> enumeration(String typeName, E[] constants) {
        return new EnumCodec<>(typeName, constants);
    }

    /** Strips decoration and digit grouping from a number's text. */
    static String numberText(String text) {
        String cleaned = ScalarText.clean(text);
        if (cleaned.indexOf(',') >= 0 && GROUPED_DIGITS.matcher(cleaned).matches()) {
            cleaned = cleaned.replace(",", "");
        }
        return cleaned;
    }

    /**
     * Whether {@code text} is made only of digits, signs, points and exponent letters and ends in a digit
     * or a point: then {@link Double#parseDouble} accepts or refuses it as Python's {@code float()} does.
     */
    static boolean plainDecimal(String text) {
        int length = text.length();
        if (length == 0) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        char last = text.charAt(length - 1);
        return (last >= '0' && last <= '9') || last == '.';
    }

    /** Integer types: tolerant of "42.0", "+42", "1,000", quotes and a trailing period. */
    private abstract static class IntegerCodec<T> extends ScalarCodec<T> {
        private final long min;
        private final long max;
        private final Function<Long, T> narrow;

        IntegerCodec(long min, long max, Function<Long, T> narrow) {
            super("int", "integer");
            this.min = min;
            this.max = max;
            this.narrow = narrow;
        }

        @Override
        public T parseText(String text) {
            String cleaned = numberText(text);
            long value;
            try {
                value = Long.parseLong(cleaned.startsWith("+") ? cleaned.substring(1) : cleaned);
            } catch (NumberFormatException notInteger) {
                try {
                    value = new BigDecimal(cleaned).longValueExact();
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new ValueParseException("expected an int, got " + ValueParseException.quote(text));
                }
            }
            return checked(value, text);
        }

        @Override
        T fromScalar(JsonNode node) {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return checked(node.longValue(), node.asText());
            }
            if (node.isNumber()) {
                try {
                    return checked(node.decimalValue().longValueExact(), node.asText());
                } catch (ArithmeticException | NumberFormatException e) { // a fraction, or NaN/Infinity
                    throw new ValueParseException("expected an int, got " + node.asText());
                }
            }
            return parseText(node.asText());
        }

        private T checked(long value, String text) {
            if (value < min || value > max) {
                throw new ValueParseException(
                        "expected an int between " + min + " and " + max + ", got " + ValueParseException.quote(text));
            }
            return narrow.apply(value);
        }

        @Override
        String article() {
            return "an int";
        }

        @Override
        public String outputConstraint() {
            return "must be a single int value";
        }
    }

    /** Floating-point types, DSPy's float. */
    private abstract static class FloatingCodec<T> extends ScalarCodec<T> {
        private final Function<Double, T> narrow;

        FloatingCodec(Function<Double, T> narrow) {
            super("float", "number");
            this.narrow = narrow;
        }

        @Override
        public T parseText(String text) {
            String cleaned = numberText(text);
            try {
                if (plainDecimal(cleaned)) {
                    // digits, signs, a point and exponents: Java reads these exactly as Python's float() does
                    return narrow.apply(Double.parseDouble(cleaned));
                }
                // Python's float() reads nan, inf and infinity in any case; Java only NaN and Infinity
                String lower = cleaned.toLowerCase(Locale.ROOT);
                boolean negative = lower.startsWith("-");
                String unsigned = negative || lower.startsWith("+") ? lower.substring(1) : lower;
                if (unsigned.equals("nan")) {
                    return narrow.apply(Double.NaN);
                }
                if (unsigned.equals("inf") || unsigned.equals("infinity")) {
                    return narrow.apply(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
                }
                // Java also reads 1d and 2.5f, which are not numbers to Python
                if (cleaned.isEmpty() || Character.isLetter(cleaned.charAt(cleaned.length() - 1))) {
                    throw new NumberFormatException();
                }
                return narrow.apply(Double.parseDouble(cleaned));
            } catch (NumberFormatException e) {
                throw new ValueParseException("expected a float, got " + ValueParseException.quote(text));
            }
        }

        @Override
        T fromScalar(JsonNode node) {
            return node.isNumber() ? narrow.apply(node.doubleValue()) : parseText(node.asText());
        }

        @Override
        public String format(T value) {
            return PythonJson.floatRepr(((Number) value).doubleValue());
        }

        @Override
        public String outputConstraint() {
            return "must be a single float value";
        }
    }
}
