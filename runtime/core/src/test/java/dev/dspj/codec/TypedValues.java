package dev.dspj.codec;

import dev.dspj.TestTypes;
import dev.dspj.TestTypes.Address;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators for the property tests: a field type (its codec, built by hand as the annotation
 * processor would) together with values of that type, for every type DSPJ supports, nested.
 */
public final class TypedValues {

    private TypedValues() {}

    /** An enum whose constants a tolerant reader could confuse: wrappers, case, digits. */
    public enum Odd {
        ALPHA,
        _HIDDEN_,
        lower,
        Mixed_Case,
        X1,
        ok,
        OK
    }

    public enum Mood {
        POSITIVE,
        NEGATIVE,
        NEUTRAL
    }

    /** A record of two components of any types (the codec fixes their types). */
    public record Pair(Object first, Object second) {}

    public record Customer(
            String name,
            Address address,
            Mood mood,
            Optional<String> nickname,
            Optional<Address> billing,
            List<Address> previous) {}

    public static final ValueCodec<Odd> ODD = Codecs.enumeration("Odd", Odd.values());
    public static final ValueCodec<Mood> MOOD = Codecs.enumeration("Mood", Mood.values());

    /** The address codec of the example tests, shared. */
    public static final RecordCodec<Address> ADDRESS = TestTypes.ADDRESS;

    public static final RecordCodec<Customer> CUSTOMER = RecordCodec.<Customer>builder("Customer")
            .component("name", Codecs.STRING, Customer::name)
            .component("address", ADDRESS, Customer::address)
            .component("mood", MOOD, Customer::mood)
            .component("nickname", Codecs.optional(Codecs.STRING), Customer::nickname)
            .component("billing", Codecs.optional(ADDRESS), Customer::billing)
            .component("previous", Codecs.list(ADDRESS), Customer::previous)
            .build(v -> new Customer(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5)));

    /**
     * A field type and how to generate its values.
     *
     * @param name the type as Java spells it, for failure messages
     * @param codec its codec
     * @param values its values
     */
    public record Type(String name, ValueCodec<Object> codec, Arbitrary<Object> values) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A type with one of its values. */
    public record Typed(Type type, Object value) {
        public ValueCodec<Object> codec() {
            return type.codec();
        }
    }

    // ---- values ----------------------------------------------------------------------------

    /** Text markers of the formats the adapters write, to appear inside generated strings. */
    public static final List<String> MARKERS = List.of(
            "[[ ## answer ## ]]",
            "[[ ## completed ## ]]",
            "[[ ## ",
            " ## ]]",
            "<answer>",
            "</answer>",
            "```json\n",
            "```",
            "{",
            "}",
            "[",
            "]",
            "\"",
            "'",
            "\\",
            "\\u0000",
            "None",
            "null",
            "True",
            "false",
            "NaN",
            ":",
            ",",
            "\n",
            "\r\n",
            "\t",
            " ",
            "\u00a0",
            "\u2028",
            "é",
            "👍",
            "\u0301",
            "Zürich",
            "\"\"\"",
            "${x}",
            "%s",
            "0",
            "-1.5e3");

    /** Any text: unicode (surrogate pairs included), empty, markers, newlines, now and then huge. */
    public static Arbitrary<String> strings() {
        Arbitrary<String> unicode = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<String> pieces = Arbitraries.of(MARKERS).list().ofMaxSize(8).map(l -> String.join("", l));
        Arbitrary<String> mixed = Combinators.combine(unicode, pieces, unicode).as((a, b, c) -> a + b + c);
        Arbitrary<String> huge = Arbitraries.strings()
                .withCharRange(' ', '\u04ff')
                .withChars('\n', '"', '\\')
                .ofMinLength(2_000)
                .ofMaxLength(10_000);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, unicode),
                net.jqwik.api.Tuple.of(10, mixed),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(1, huge));
    }

    /** Strings made of characters valid in well-formed UTF-16 text (no lone surrogates). */
    public static Arbitrary<String> wellFormed(Arbitrary<String> strings) {
        return strings.filter(TypedValues::isWellFormed);
    }

    /** A value's text cut short for failure messages. */
    public static String brief(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }

    static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    public static Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(3),
                Arbitraries.of(
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        -0.0,
                        0.0,
                        Double.MIN_VALUE,
                        Double.MAX_VALUE,
                        -Double.MAX_VALUE,
                        Double.MIN_NORMAL,
                        0.1,
                        1e16,
                        1e-7,
                        1.2345678901234568E+17));
    }

    public static Arbitrary<Float> floats() {
        return Arbitraries.oneOf(
                Arbitraries.floats(),
                Arbitraries.of(
                        Float.NaN,
                        Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY,
                        -0.0f,
                        Float.MIN_VALUE,
                        Float.MAX_VALUE,
                        Float.MIN_NORMAL,
                        0.1f,
                        1e10f,
                        16777216f));
    }

    public static Arbitrary<BigDecimal> decimals() {
        return Combinators.combine(
                        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)),
                        Arbitraries.integers().between(-30, 30))
                .as(BigDecimal::new);
    }

    /** Map keys: empty, blank, unicode, quotes, markers, numbers, duplicates after case folding. */
    public static Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of(
                        "",
                        " ",
                        "a b",
                        "\"",
                        "'",
                        "\\",
                        "\n",
                        "None",
                        "null",
                        "__proto__",
                        "1",
                        "1.0",
                        "é",
                        "E\u0301",
                        "👍",
                        "[[ ## answer ## ]]",
                        "<x>",
                        "{",
                        "key: value",
                        "A",
                        "a"));
    }

    // ---- types -----------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static <T> Type type(String name, ValueCodec<T> codec, Arbitrary<? extends T> values) {
        return new Type(name, (ValueCodec<Object>) codec, (Arbitrary<Object>) values);
    }

    /** The scalar field types, with strings drawn from {@code strings}. */
    public static List<Type> scalars(Arbitrary<String> strings) {
        return List.of(
                type("String", Codecs.STRING, strings),
                type("int", Codecs.INT, Arbitraries.integers()),
                type("long", Codecs.LONG, Arbitraries.longs()),
                type("double", Codecs.DOUBLE, doubles()),
                type("float", Codecs.FLOAT, floats()),
                type("boolean", Codecs.BOOLEAN, Arbitraries.of(true, false)),
                type("BigDecimal", Codecs.DECIMAL, decimals()),
                type("Mood", MOOD, Arbitraries.of(Mood.class)),
                type("Odd", ODD, Arbitraries.of(Odd.class)));
    }

    /**
     * Any supported field type up to {@code depth} levels of nesting: scalars, enums, records
     * (fixed and generated, nested), lists, sets, maps with odd keys and optionals.
     */
    public static Arbitrary<Type> types(int depth, Arbitrary<String> strings) {
        Arbitrary<Type> scalar = Arbitraries.of(scalars(strings));
        Arbitrary<Type> customer = Arbitraries.just(type("Customer", CUSTOMER, customers(strings)));
        if (depth == 0) {
            return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, scalar), net.jqwik.api.Tuple.of(1, customer));
        }
        Arbitrary<Type> inner = types(depth - 1, strings);
        Arbitrary<Type> composite = Arbitraries.oneOf(
                inner.map(TypedValues::listOf),
                inner.map(TypedValues::setOf),
                inner.map(TypedValues::mapOf),
                inner.filter(t -> !t.codec().isOptional()).map(TypedValues::optionalOf),
                Combinators.combine(inner, inner).as(TypedValues::pairOf));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalar),
                net.jqwik.api.Tuple.of(1, customer),
                net.jqwik.api.Tuple.of(4, composite));
    }

    /** A type and a value of it. */
    public static Arbitrary<Typed> typedValues(int depth, Arbitrary<String> strings) {
        return types(depth, strings).flatMap(t -> t.values().map(v -> new Typed(t, v)));
    }

    static Type listOf(Type element) {
        return type(
                "List<" + element + ">",
                Codecs.list(element.codec()),
                element.values().list().ofMaxSize(4).map(l -> (List<Object>) new ArrayList<>(l)));
    }

    static Type setOf(Type element) {
        return type(
                "Set<" + element + ">",
                Codecs.set(element.codec()),
                element.values().list().ofMaxSize(4).map(l -> (Set<Object>) new LinkedHashSet<>(l)));
    }

    static Type mapOf(Type value) {
        Arbitrary<Map<String, Object>> maps = Combinators.combine(keys(), value.values())
                .as(Map::entry)
                .list()
                .ofMaxSize(4)
                .map(entries -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    entries.forEach(e -> map.put(e.getKey(), e.getValue()));
                    return map;
                });
        return type("Map<String, " + value + ">", Codecs.map(value.codec()), maps);
    }

    static Type optionalOf(Type value) {
        return type(
                "Optional<" + value + ">",
                Codecs.optional(value.codec()),
                Arbitraries.oneOf(
                        Arbitraries.just(Optional.empty()), value.values().map(Optional::of)));
    }

    static Type pairOf(Type first, Type second) {
        RecordCodec<Pair> codec = RecordCodec.<Pair>builder("Pair")
                .component("first", first.codec(), Pair::first)
                .component("second", second.codec(), Pair::second)
                .build(v -> new Pair(v.get(0), v.get(1)));
        return type(
                "Pair<" + first + ", " + second + ">",
                codec,
                Combinators.combine(first.values(), second.values()).as(Pair::new));
    }

    static Arbitrary<Address> addresses(Arbitrary<String> strings) {
        return Combinators.combine(strings, Arbitraries.integers()).as(Address::new);
    }

    static Arbitrary<Customer> customers(Arbitrary<String> strings) {
        Arbitrary<Address> address = addresses(strings);
        return Combinators.combine(
                        strings,
                        address,
                        Arbitraries.of(Mood.class),
                        Arbitraries.oneOf(Arbitraries.just(Optional.<String>empty()), strings.map(Optional::of)),
                        Arbitraries.oneOf(Arbitraries.just(Optional.<Address>empty()), address.map(Optional::of)),
                        address.list().ofMaxSize(3))
                .as(Customer::new);
    }
}
