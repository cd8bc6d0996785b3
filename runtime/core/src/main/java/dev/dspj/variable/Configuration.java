package dev.dspj.variable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One point of a {@link VariableSpace}: variable name to value, immutable and sorted by name.
 *
 * <p>Values are held in a canonical form so that equal configurations are equal objects and
 * hash to the same {@link #hash()}: text as {@code String}, {@code Boolean}, whole numbers as
 * {@code Long} and real numbers as {@code Double}. {@code Integer}, {@code Short} and
 * {@code Byte} become {@code Long}, {@code Float} becomes {@code Double}, and an enum constant its
 * {@code name()}. A variable that is inactive (its {@linkplain Condition condition} does not
 * hold) is absent.
 *
 * <pre>{@code
 * Configuration c = Configuration.builder().put("adapter", "json").put("temperature", 0.3).build();
 * c.getDouble("temperature");   // 0.3
 * c.toJson();                   // {"adapter":"json","temperature":0.3}
 * c.hash();                     // 16 hex digits, stable across JVMs
 * }</pre>
 */
public final class Configuration {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Configuration EMPTY = new Configuration(new TreeMap<>());

    private final SortedMap<String, Object> values;
    private final SortedSet<String> names;
    private @Nullable String json;
    private @Nullable String hash;

    private Configuration(NavigableMap<String, Object> values) {
        this.values = Collections.unmodifiableSortedMap(values);
        this.names = Collections.unmodifiableSortedSet(values.navigableKeySet());
    }

    /**
     * The configuration with no values.
     *
     * @return the empty configuration
     */
    public static Configuration empty() {
        return EMPTY;
    }

    /**
     * A configuration holding the given values, converted to the canonical types.
     *
     * @param values name to value; no null names or values
     * @return the configuration
     * @throws IllegalArgumentException when a value is null or of a type a configuration cannot hold
     */
    public static Configuration of(Map<String, ?> values) {
        Builder builder = builder();
        values.forEach(builder::put);
        return builder.build();
    }

    /**
     * A builder of configurations.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a configuration from the JSON object {@link #toJson()} writes: strings, booleans and
     * numbers (whole numbers without a decimal point as {@code Long}, others as {@code Double}).
     *
     * @param json the JSON text
     * @return the configuration
     * @throws IllegalArgumentException when the text is not such a JSON object
     */
    public static Configuration fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("configuration JSON is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("configuration JSON must be an object of name to value, got: " + json);
        }
        Builder builder = builder();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            JsonNode value = entry.getValue();
            if (value.isTextual()) {
                builder.put(entry.getKey(), value.asText());
            } else if (value.isBoolean()) {
                builder.put(entry.getKey(), value.asBoolean());
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                builder.put(entry.getKey(), value.asLong());
            } else if (value.isNumber()) {
                builder.put(entry.getKey(), value.asDouble());
            } else {
                throw new IllegalArgumentException("configuration value of '" + entry.getKey()
                        + "' must be a string, boolean or number, got: " + value);
            }
        }
        return builder.build();
    }

    /**
     * The value of a variable.
     *
     * @param name the variable name
     * @return the value, or null when the configuration has none
     */
    public @Nullable Object get(String name) {
        return values.get(name);
    }

    /**
     * Whether the configuration has a value for a variable.
     *
     * @param name the variable name
     * @return true when present
     */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * The text value of a choice variable.
     *
     * @param name the variable name
     * @return the value
     * @throws IllegalArgumentException when absent or not text
     */
    public String getString(String name) {
        return typed(name, String.class, "text");
    }

    /**
     * The value of a boolean variable.
     *
     * @param name the variable name
     * @return the value
     * @throws IllegalArgumentException when absent or not a boolean
     */
    public boolean getBoolean(String name) {
        return typed(name, Boolean.class, "a boolean");
    }

    /**
     * The value of an integer variable.
     *
     * @param name the variable name
     * @return the value
     * @throws IllegalArgumentException when absent or not a whole number
     */
    public long getLong(String name) {
        return typed(name, Long.class, "a whole number");
    }

    /**
     * The value of an integer variable as an {@code int}.
     *
     * @param name the variable name
     * @return the value
     * @throws IllegalArgumentException when absent, not a whole number, or outside the int range
     */
    public int getInt(String name) {
        long value = getLong(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "configuration value of '" + name + "' is " + value + ", outside the range of an int");
        }
        return (int) value;
    }

    /**
     * The value of a real variable (a whole number is widened).
     *
     * @param name the variable name
     * @return the value
     * @throws IllegalArgumentException when absent or not a number
     */
    public double getDouble(String name) {
        Object value = require(name);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw wrongType(name, value, "a number");
    }

    /**
     * The value of a choice variable as a constant of an enum.
     *
     * @param name the variable name
     * @param type the enum class
     * @param <E> the enum type
     * @return the constant whose name is the value
     * @throws IllegalArgumentException when absent or not one of the enum's constant names
     */
    public <E extends Enum<E>> E getEnum(String name, Class<E> type) {
        String value = getString(name);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(
                "configuration value of '" + name + "' is '" + value + "', not a constant of " + type.getSimpleName()
                        + " " + java.util.Arrays.toString(type.getEnumConstants()));
    }

    /**
     * The variable names, sorted.
     *
     * @return the names
     */
    public SortedSet<String> names() {
        return names;
    }

    /**
     * The values by name, sorted by name.
     *
     * @return an unmodifiable view
     */
    public SortedMap<String, Object> asMap() {
        return values;
    }

    /**
     * The number of values.
     *
     * @return the size
     */
    public int size() {
        return values.size();
    }

    /**
     * Whether the configuration has no values.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * A copy with one value set.
     *
     * @param name the variable name
     * @param value the value
     * @return the new configuration
     */
    public Configuration with(String name, Object value) {
        TreeMap<String, Object> copy = new TreeMap<>(values);
        copy.put(checkName(name), canonical(name, value));
        return new Configuration(copy);
    }

    /**
     * A copy with every value of another configuration set (the other's values win).
     *
     * @param other the values to set
     * @return the new configuration
     */
    public Configuration withAll(Configuration other) {
        if (other.isEmpty()) {
            return this;
        }
        TreeMap<String, Object> copy = new TreeMap<>(values);
        copy.putAll(other.values);
        return new Configuration(copy);
    }

    /**
     * A copy without one value.
     *
     * @param name the variable name
     * @return the new configuration
     */
    public Configuration without(String name) {
        if (!values.containsKey(name)) {
            return this;
        }
        TreeMap<String, Object> copy = new TreeMap<>(values);
        copy.remove(name);
        return new Configuration(copy);
    }

    /**
     * A copy holding only the values of the given variables.
     *
     * @param names the variable names to keep
     * @return the new configuration
     */
    public Configuration restrictTo(Collection<String> names) {
        TreeMap<String, Object> copy = new TreeMap<>(values);
        copy.keySet().retainAll(names);
        return copy.size() == values.size() ? this : new Configuration(copy);
    }

    /**
     * The canonical JSON text: an object with sorted keys and no white space; real numbers always
     * carry a decimal point or an exponent, so {@link #fromJson(String)} reads them back as real.
     *
     * @return the JSON text
     */
    public String toJson() {
        String text = json;
        if (text == null) {
            ObjectNode node = JSON.createObjectNode();
            values.forEach((name, value) -> {
                if (value instanceof String s) {
                    node.put(name, s);
                } else if (value instanceof Boolean b) {
                    node.put(name, b);
                } else if (value instanceof Long l) {
                    node.put(name, l);
                } else {
                    node.put(name, (Double) value);
                }
            });
            try {
                text = JSON.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write configuration as JSON", e);
            }
            json = text;
        }
        return text;
    }

    /**
     * A short stable identity: the first 16 hex digits of the SHA-256 of {@link #toJson()}.
     * Equal configurations have equal hashes in every JVM; studies and result caches key trials by
     * it.
     *
     * @return 16 lowercase hex digits
     */
    public String hash() {
        String h = hash;
        if (h == null) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(toJson().getBytes(StandardCharsets.UTF_8));
                h = HexFormat.of().formatHex(digest, 0, 8);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
            hash = h;
        }
        return h;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Configuration that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    private Object require(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "configuration has no value for '" + name + "'; it has " + values.keySet());
        }
        return value;
    }

    private <T> T typed(String name, Class<T> type, String expected) {
        Object value = require(name);
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        throw wrongType(name, value, expected);
    }

    private static IllegalArgumentException wrongType(String name, Object value, String expected) {
        return new IllegalArgumentException(
                "configuration value of '" + name + "' is " + describe(value) + ", expected " + expected);
    }

    static String describe(Object value) {
        return value instanceof String s
                ? "'" + s + "' (text)"
                : value + " (" + value.getClass().getSimpleName() + ")";
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("configuration variable names must not be blank");
        }
        return name;
    }

    static Object canonical(String name, Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("configuration value of '" + name + "' must be finite, got " + d);
            }
            return d;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return canonical(name, f.doubleValue());
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value == null) {
            throw new IllegalArgumentException("configuration value of '" + name + "' must not be null");
        }
        throw new IllegalArgumentException(
                "configuration value of '" + name + "' must be text, a boolean or a number, got "
                        + value.getClass().getName());
    }

    /** Collects values for a {@link Configuration}. */
    public static final class Builder {

        private final TreeMap<String, Object> values = new TreeMap<>();

        private Builder() {}

        /**
         * Sets a value.
         *
         * @param name the variable name
         * @param value the value (text, boolean, number or enum constant)
         * @return this builder
         */
        public Builder put(String name, Object value) {
            values.put(checkName(name), canonical(name, value));
            return this;
        }

        /**
         * The configuration.
         *
         * @return the built configuration
         */
        public Configuration build() {
            return values.isEmpty() ? EMPTY : new Configuration(new TreeMap<>(values));
        }
    }
}
