package dev.dspj.codec;

import static dev.dspj.TestTypes.ADDRESS;
import static dev.dspj.TestTypes.CUSTOMER;
import static dev.dspj.TestTypes.SENTIMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.dspj.TestTypes;
import dev.dspj.TestTypes.Address;
import dev.dspj.TestTypes.Color;
import dev.dspj.TestTypes.Customer;
import dev.dspj.TestTypes.Sentiment;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every codec: tolerant reading of a model's text, JSON trees, prompt rendering and type names. */
class CodecsTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    // ---- str -------------------------------------------------------------------------------

    @Test
    void stringIsTheTextUnchanged() {
        assertEquals("  \"quoted\" **bold**  ", Codecs.STRING.parseText("  \"quoted\" **bold**  "));
        assertEquals("line\nbreak", Codecs.STRING.format("line\nbreak"));
        assertEquals("str", Codecs.STRING.typeName());
        assertTrue(Codecs.STRING.isText());
        assertEquals(null, Codecs.STRING.outputConstraint());
    }

    @Test
    void stringFromJsonScalars() {
        assertEquals("abc", Codecs.STRING.fromJson(NODES.textNode("abc")));
        assertEquals("12", Codecs.STRING.fromJson(NODES.numberNode(12)));
        assertEquals("true", Codecs.STRING.fromJson(NODES.booleanNode(true)));
        ValueParseException e =
                assertThrows(ValueParseException.class, () -> Codecs.STRING.fromJson(NullNode.getInstance()));
        assertEquals("expected a str, got null", e.getMessage());
        assertThrows(ValueParseException.class, () -> Codecs.STRING.fromJson(NODES.arrayNode()));
    }

    // ---- int -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"42", " 42 ", "42.", "\"42\"", "'42'", "`42`", "**42**", "42.0", "+42", "42,", "  42.00 "})
    void intIsReadTolerantly(String text) {
        assertEquals(42, Codecs.INT.parseText(text));
    }

    @Test
    void intWithDigitGroupingAndSign() {
        assertEquals(1000, Codecs.INT.parseText("1,000"));
        assertEquals(-1234567, Codecs.INT.parseText("-1,234,567"));
        assertEquals(-3, Codecs.INT.parseText("-3"));
        assertEquals(1000, Codecs.INT.parseText("1e3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"forty-two", "42.5", "", "1,00", "4 2", "0x2A"})
    void intRejectsNonIntegers(String text) {
        ValueParseException e = assertThrows(ValueParseException.class, () -> Codecs.INT.parseText(text));
        assertTrue(e.getMessage().startsWith("expected an int"), e.getMessage());
        assertTrue(e.getMessage().contains(ValueParseException.quote(text)), e.getMessage());
    }

    @Test
    void intRangeIsChecked() {
        ValueParseException e = assertThrows(ValueParseException.class, () -> Codecs.INT.parseText("3000000000"));
        assertTrue(e.getMessage().contains("between -2147483648 and 2147483647"), e.getMessage());
        assertTrue(e.getMessage().contains("3000000000"), e.getMessage());
        assertEquals(3_000_000_000L, Codecs.LONG.parseText("3,000,000,000"));
        assertThrows(ValueParseException.class, () -> Codecs.LONG.parseText("99999999999999999999"));
    }

    @Test
    void intFromJson() {
        assertEquals(7, Codecs.INT.fromJson(NODES.numberNode(7)));
        assertEquals(7, Codecs.INT.fromJson(NODES.numberNode(7.0)));
        assertEquals(7, Codecs.INT.fromJson(NODES.textNode("7")));
        assertEquals(7L, Codecs.LONG.fromJson(NODES.numberNode(7L)));
        ValueParseException fraction =
                assertThrows(ValueParseException.class, () -> Codecs.INT.fromJson(NODES.numberNode(7.5)));
        assertEquals("expected an int, got 7.5", fraction.getMessage());
        ValueParseException nul =
                assertThrows(ValueParseException.class, () -> Codecs.INT.fromJson(NullNode.getInstance()));
        assertEquals("expected an int, got null", nul.getMessage());
        assertThrows(ValueParseException.class, () -> Codecs.INT.fromJson(NODES.numberNode(3_000_000_000L)));
    }

    @Test
    void intWritesAndDescribesItself() {
        assertEquals("-5", Codecs.INT.format(-5));
        assertEquals("9007199254740993", Codecs.LONG.format(9007199254740993L));
        assertEquals(NODES.numberNode(5), Codecs.INT.toJson(5));
        assertEquals("int", Codecs.INT.typeName());
        assertEquals("int", Codecs.LONG.typeName());
        assertEquals("must be a single int value", Codecs.INT.outputConstraint());
        assertFalse(Codecs.INT.isText());
        assertFalse(Codecs.INT.isOptional());
        assertThrows(IllegalStateException.class, Codecs.INT::absentValue);
    }

    // ---- float -----------------------------------------------------------------------------

    @Test
    void floatIsReadTolerantly() {
        assertEquals(3.14, Codecs.DOUBLE.parseText(" 3.14 "));
        assertEquals(0.5, Codecs.DOUBLE.parseText("'0.5'"));
        assertEquals(0.001, Codecs.DOUBLE.parseText("1e-3"));
        assertEquals(1234.5, Codecs.DOUBLE.parseText("1,234.5"));
        assertEquals(42.0, Codecs.DOUBLE.parseText("42."));
        assertEquals(-2.0, Codecs.DOUBLE.parseText("**-2**"));
        assertTrue(Codecs.DOUBLE.parseText("nan").isNaN());
        assertEquals(Double.POSITIVE_INFINITY, Codecs.DOUBLE.parseText("inf"));
        assertEquals(Double.POSITIVE_INFINITY, Codecs.DOUBLE.parseText("Infinity"));
        assertEquals(Double.NEGATIVE_INFINITY, Codecs.DOUBLE.parseText("-inf"));
        assertTrue(Codecs.DOUBLE.parseText("NaN").isNaN());
        assertTrue(Codecs.FLOAT.parseText("nan").isNaN());
        assertEquals(0.25f, Codecs.FLOAT.parseText("0.25"));
        assertEquals(0.5, Codecs.DOUBLE.parseText(".5"));
        assertEquals(-0.5, Codecs.DOUBLE.parseText("-.5"));
        assertEquals(10.0, Codecs.DOUBLE.parseText("1.e1"));
        assertEquals(100000.0, Codecs.DOUBLE.parseText("+1E+5"));
        assertEquals(-0.0, Codecs.DOUBLE.parseText("-0"));
    }

    @Test
    void plainDecimalsAreOnlyDigitsSignsPointsAndExponents() {
        assertTrue(Codecs.plainDecimal("0.9"));
        assertTrue(Codecs.plainDecimal("-1e-3"));
        assertTrue(Codecs.plainDecimal("42."));
        assertFalse(Codecs.plainDecimal(""));
        assertFalse(Codecs.plainDecimal("1e"), "ends in an exponent letter");
        assertFalse(Codecs.plainDecimal("inf"));
        assertFalse(Codecs.plainDecimal("0x1p3"), "Java reads hex floats, Python's float() does not");
        assertFalse(Codecs.plainDecimal("1_000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5x", "", "0.5f", "1d", ".", "+", "-", "1e", "--1", "1-2", "1.2.3", "e5"})
    void floatRejectsOtherText(String text) {
        ValueParseException e = assertThrows(ValueParseException.class, () -> Codecs.DOUBLE.parseText(text));
        assertEquals("expected a float, got " + ValueParseException.quote(text), e.getMessage());
    }

    @Test
    void floatIsWrittenAsPythonRepr() {
        assertEquals("0.1", Codecs.DOUBLE.format(0.1));
        assertEquals("1.0", Codecs.DOUBLE.format(1.0));
        assertEquals("1e+16", Codecs.DOUBLE.format(1e16));
        assertEquals("0.1", Codecs.FLOAT.format(0.1f));
        assertEquals("0.9", Codecs.FLOAT.format(0.9f));
        assertEquals(NODES.numberNode(0.1), Codecs.FLOAT.toJson(0.1f));
        assertEquals(2.5, Codecs.DOUBLE.fromJson(NODES.numberNode(2.5)));
        assertEquals(2.0, Codecs.DOUBLE.fromJson(NODES.numberNode(2)));
        assertEquals(2.5, Codecs.DOUBLE.fromJson(NODES.textNode("2.5")));
        assertEquals("float", Codecs.DOUBLE.typeName());
        assertEquals("float", Codecs.FLOAT.typeName());
        assertEquals("must be a single float value", Codecs.DOUBLE.outputConstraint());
    }

    // ---- Decimal ---------------------------------------------------------------------------

    @Test
    void decimalKeepsItsDigits() {
        assertEquals(new BigDecimal("19.90"), Codecs.DECIMAL.parseText("19.90"));
        assertEquals(new BigDecimal("1234.5"), Codecs.DECIMAL.parseText("\"1,234.5\""));
        assertEquals(new BigDecimal("0.1"), Codecs.DECIMAL.fromJson(NODES.textNode("0.1")));
        assertEquals(0, new BigDecimal("2.5").compareTo(Codecs.DECIMAL.fromJson(NODES.numberNode(2.5))));
        ValueParseException e = assertThrows(ValueParseException.class, () -> Codecs.DECIMAL.parseText("cheap"));
        assertEquals("expected a decimal number, got \"cheap\"", e.getMessage());
    }

    @Test
    void decimalIsWrittenAsPydanticJsonModeDoes() {
        assertEquals("19.90", Codecs.DECIMAL.format(new BigDecimal("19.90")));
        assertEquals("1E+3", Codecs.DECIMAL.format(new BigDecimal("1E+3")));
        assertEquals(NODES.textNode("19.90"), Codecs.DECIMAL.toJson(new BigDecimal("19.90")));
        BigDecimal value = new BigDecimal("-0.000000120");
        assertEquals(value, Codecs.DECIMAL.parseText(Codecs.DECIMAL.format(value)));
        assertEquals(value, Codecs.DECIMAL.fromJson(Codecs.DECIMAL.toJson(value)));
        assertEquals("Decimal", Codecs.DECIMAL.typeName());
    }

    // ---- bool ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"True", "true", "**Yes**", "yes.", "1", "\"TRUE\"", "y", "On"})
    void boolTrue(String text) {
        assertEquals(true, Codecs.BOOLEAN.parseText(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"False", "false", "0", "No!", "'no'", "n", "off", "_False_"})
    void boolFalse(String text) {
        assertEquals(false, Codecs.BOOLEAN.parseText(text));
    }

    @Test
    void boolRejectsOtherWords() {
        ValueParseException e = assertThrows(ValueParseException.class, () -> Codecs.BOOLEAN.parseText("maybe"));
        assertEquals("expected a bool (True or False), got \"maybe\"", e.getMessage());
    }

    @Test
    void boolIsWrittenAsPythonPrintsIt() {
        assertEquals("True", Codecs.BOOLEAN.format(true));
        assertEquals("False", Codecs.BOOLEAN.format(false));
        assertEquals(NODES.booleanNode(true), Codecs.BOOLEAN.toJson(true));
        assertEquals(true, Codecs.BOOLEAN.fromJson(NODES.booleanNode(true)));
        assertEquals(false, Codecs.BOOLEAN.fromJson(NODES.textNode("no")));
        assertEquals("bool", Codecs.BOOLEAN.typeName());
        assertEquals("must be True or False", Codecs.BOOLEAN.outputConstraint());
    }

    // ---- enum ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "positive",
                "POSITIVE",
                "'Positive'",
                "Sentiment.POSITIVE",
                "sentiment.positive",
                "**Positive**.",
                " `positive` "
            })
    void enumIsReadByNameTolerantly(String text) {
        assertEquals(Sentiment.POSITIVE, SENTIMENT.parseText(text));
    }

    @Test
    void enumOtherForms() {
        assertEquals(Sentiment.NEGATIVE, SENTIMENT.parseText("'NEGATIVE'"));
        assertEquals(Sentiment.NEUTRAL, SENTIMENT.parseText("Sentiment.NEUTRAL"));
        assertEquals(Sentiment.NEUTRAL, SENTIMENT.fromJson(NODES.textNode("neutral")));
    }

    @Test
    void enumErrorListsTheAllowedValues() {
        ValueParseException e = assertThrows(ValueParseException.class, () -> SENTIMENT.parseText("happy"));
        assertEquals("expected one of POSITIVE, NEGATIVE, NEUTRAL, got \"happy\"", e.getMessage());
        ValueParseException otherType =
                assertThrows(ValueParseException.class, () -> SENTIMENT.parseText("Mood.POSITIVE"));
        assertTrue(
                otherType.getMessage().startsWith("expected one of POSITIVE, NEGATIVE, NEUTRAL"),
                otherType.getMessage());
        ValueParseException nul =
                assertThrows(ValueParseException.class, () -> SENTIMENT.fromJson(NullNode.getInstance()));
        assertTrue(nul.getMessage().startsWith("expected one of POSITIVE, NEGATIVE, NEUTRAL, got"), nul.getMessage());
        assertThrows(ValueParseException.class, () -> SENTIMENT.fromJson(NODES.arrayNode()));
    }

    @Test
    void enumWithUnderscoresAcceptsSpacesAndDashes() {
        enum Status {
            IN_PROGRESS,
            DONE
        }
        ValueCodec<Status> codec = Codecs.enumeration("Status", Status.values());
        assertEquals(Status.IN_PROGRESS, codec.parseText("in progress"));
        assertEquals(Status.IN_PROGRESS, codec.parseText("In-Progress"));
        assertEquals("must be one of: IN_PROGRESS; DONE", codec.outputConstraint());
    }

    @Test
    void enumWritesItsName() {
        assertEquals("NEUTRAL", SENTIMENT.format(Sentiment.NEUTRAL));
        assertEquals(NODES.textNode("NEGATIVE"), SENTIMENT.toJson(Sentiment.NEGATIVE));
        assertEquals("Sentiment", SENTIMENT.typeName());
        assertEquals("must be one of: POSITIVE; NEGATIVE; NEUTRAL", SENTIMENT.outputConstraint());
    }

    @Test
    void enumWithoutConstantsIsRejected() {
        enum Empty {}
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Codecs.enumeration("Empty", Empty.values()));
        assertTrue(e.getMessage().contains("Empty"), e.getMessage());
    }

    // ---- list / set ------------------------------------------------------------------------

    @Test
    void listFromJsonAndPythonLiterals() {
        ValueCodec<List<String>> strings = Codecs.list(Codecs.STRING);
        assertEquals(List.of("a", "b"), strings.parseText("[\"a\", \"b\"]"));
        assertEquals(List.of("a", "b"), strings.parseText("['a', 'b']"));
        assertEquals(List.of("a", "b"), strings.parseText("```json\n[\"a\", \"b\"]\n```"));
        assertEquals(List.of("a", "b"), strings.parseText("Here you go: [\"a\", \"b\"] -- hope that helps!"));
        assertEquals(List.of("a"), strings.parseText("[\"a\",]"));
        assertEquals(List.of(true, false), Codecs.list(Codecs.BOOLEAN).parseText("[True, False]"));
        assertEquals(
                List.of(Optional.of(1), Optional.empty()),
                Codecs.list(Codecs.optional(Codecs.INT)).parseText("[1, None]"));
        assertEquals(
                List.of(List.of(1, 2), List.of()),
                Codecs.list(Codecs.list(Codecs.INT)).parseText("[[1, 2], []]"));
    }

    @Test
    void singleValueIsAOneElementList() {
        assertEquals(List.of(5), Codecs.list(Codecs.INT).parseText("5"));
        assertEquals(List.of("solo"), Codecs.list(Codecs.STRING).parseText("\"solo\""));
    }

    @Test
    void listElementsAreTypedAndTheirPositionReported() {
        ValueParseException e = assertThrows(
                ValueParseException.class, () -> Codecs.list(Codecs.INT).parseText("[1, 2, \"three\"]"));
        assertEquals("[2]", e.path());
        assertEquals("at [2]: expected an int, got \"three\"", e.getMessage());
        assertEquals("expected an int, got \"three\"", e.problem());
    }

    @Test
    void listRejectsObjectsAndProse() {
        ValueParseException object = assertThrows(
                ValueParseException.class, () -> Codecs.list(Codecs.INT).parseText("{\"a\": 1}"));
        assertTrue(
                object.getMessage().startsWith("expected a list[int] (JSON array), got an object"),
                object.getMessage());
        ValueParseException prose = assertThrows(
                ValueParseException.class, () -> Codecs.list(Codecs.STRING).parseText("apples and pears"));
        assertTrue(
                prose.getMessage()
                        .startsWith("expected a JSON array of strings, like [\"a\", \"b\"], got \"apples and pears\""),
                prose.getMessage());
        ValueParseException nul = assertThrows(
                ValueParseException.class, () -> Codecs.list(Codecs.INT).fromJson(NullNode.getInstance()));
        assertEquals("expected a list[int] (JSON array), got null", nul.getMessage());
    }

    @Test
    void listIsUnmodifiable() {
        List<Integer> values = Codecs.list(Codecs.INT).parseText("[1, 2]");
        assertThrows(UnsupportedOperationException.class, () -> values.add(3));
    }

    @Test
    void listWritesJsonDumps() {
        ValueCodec<List<String>> strings = Codecs.list(Codecs.STRING);
        assertEquals("[\"a\", \"b \\\"c\\\"\", \"ü\"]", strings.format(List.of("a", "b \"c\"", "ü")));
        assertEquals("[]", strings.format(List.of()));
        assertEquals("[0.1, 1.0, 1e-05]", Codecs.list(Codecs.DOUBLE).format(List.of(0.1, 1.0, 1e-5)));
        assertEquals("[true, false]", Codecs.list(Codecs.BOOLEAN).format(List.of(true, false)));
        assertEquals("[\"POSITIVE\"]", Codecs.list(SENTIMENT).format(List.of(Sentiment.POSITIVE)));
        assertEquals(
                "[1, null]",
                Codecs.list(Codecs.optional(Codecs.INT)).format(List.of(Optional.of(1), Optional.empty())));
        assertEquals("list[str]", strings.typeName());
        assertEquals("list[list[int]]", Codecs.list(Codecs.list(Codecs.INT)).typeName());
        assertEquals("list[Sentiment]", Codecs.list(SENTIMENT).typeName());
    }

    @Test
    void setKeepsTheModelsOrderAndDropsDuplicates() {
        ValueCodec<Set<Integer>> ints = Codecs.set(Codecs.INT);
        Set<Integer> values = ints.parseText("[3, 1, 3, 2, 1]");
        assertEquals(List.of(3, 1, 2), List.copyOf(values));
        assertThrows(UnsupportedOperationException.class, () -> values.add(9));
        assertEquals("set[int]", ints.typeName());
        assertEquals("[3, 1, 2]", ints.format(new LinkedHashSet<>(List.of(3, 1, 2))));
    }

    // ---- dict ------------------------------------------------------------------------------

    @Test
    void mapKeepsTheModelsKeyOrder() {
        ValueCodec<Map<String, Integer>> ints = Codecs.map(Codecs.INT);
        Map<String, Integer> values = ints.parseText("{\"b\": 2, \"a\": 1, 'c': \"3\"}");
        assertEquals(List.of("b", "a", "c"), List.copyOf(values.keySet()));
        assertEquals(Map.of("a", 1, "b", 2, "c", 3), values);
        assertThrows(UnsupportedOperationException.class, () -> values.put("d", 4));
        assertEquals("dict[str, int]", ints.typeName());
        assertEquals(
                "dict[str, list[float]]", Codecs.map(Codecs.list(Codecs.DOUBLE)).typeName());
    }

    @Test
    void mapValueErrorsNameTheKey() {
        ValueParseException e = assertThrows(
                ValueParseException.class, () -> Codecs.map(Codecs.INT).parseText("{\"a\": 1, \"b\": \"two\"}"));
        assertEquals("['b']", e.path());
        ValueParseException notObject = assertThrows(
                ValueParseException.class, () -> Codecs.map(Codecs.INT).parseText("[1]"));
        assertEquals("expected a dict[str, int] (JSON object), got \"[1]\"", notObject.getMessage());
    }

    @Test
    void mapWritesJsonDumpsInInsertionOrder() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("z", 0.5);
        values.put("a", 2.0);
        assertEquals("{\"z\": 0.5, \"a\": 2.0}", Codecs.map(Codecs.DOUBLE).format(values));
    }

    // ---- Optional --------------------------------------------------------------------------

    @Test
    void optionalIsEmptyForNothingNoneAndNull() {
        ValueCodec<Optional<Integer>> codec = Codecs.optional(Codecs.INT);
        assertEquals(Optional.empty(), codec.parseText(""));
        assertEquals(Optional.empty(), codec.parseText("  None "));
        assertEquals(Optional.empty(), codec.parseText("null"));
        assertEquals(Optional.of(5), codec.parseText(" 5. "));
        assertEquals(Optional.empty(), codec.fromJson(NullNode.getInstance()));
        assertEquals(Optional.empty(), codec.fromJson(null));
        assertEquals(Optional.of(5), codec.fromJson(NODES.numberNode(5)));
        assertThrows(ValueParseException.class, () -> codec.parseText("five"));
    }

    @Test
    void optionalWritesNoneWhenEmpty() {
        ValueCodec<Optional<Integer>> codec = Codecs.optional(Codecs.INT);
        assertEquals("None", codec.format(Optional.empty()));
        assertEquals("5", codec.format(Optional.of(5)));
        assertEquals(NullNode.getInstance(), codec.toJson(Optional.empty()));
        assertTrue(codec.isOptional());
        assertEquals(Optional.empty(), codec.absentValue());
        assertEquals("Union[int, NoneType]", codec.typeName());
        assertEquals(
                "Union[list[str], NoneType]",
                Codecs.optional(Codecs.list(Codecs.STRING)).typeName());
        assertFalse(Codecs.optional(Codecs.STRING).isText());
    }

    // ---- records ---------------------------------------------------------------------------

    @Test
    void recordFromJson() {
        assertEquals(new Address("Main", 12345), ADDRESS.parseText("{\"street\": \"Main\", \"zip_code\": 12345}"));
        assertEquals(
                new Address("Main", 12345), ADDRESS.parseText("{'zip_code': '12,345', 'street': 'Main', 'extra': 1}"));
        Customer customer = CUSTOMER.parseText("""
                ```json
                {"name": "Ada", "address": {"street": "1 Main St", "zip_code": 12345},
                 "favorite_color": "red", "nickname": None}
                ```""");
        assertEquals(
                new Customer("Ada", new Address("1 Main St", 12345), Color.RED, Optional.empty(), Optional.empty()),
                customer);
    }

    @Test
    void recordErrorsNameThePath() {
        ValueParseException missing =
                assertThrows(ValueParseException.class, () -> ADDRESS.parseText("{\"street\": \"Main\"}"));
        assertEquals(".zip_code", missing.path());
        assertEquals("at .zip_code: missing key \"zip_code\" of Address", missing.getMessage());

        ValueParseException nested = assertThrows(
                ValueParseException.class,
                () -> Codecs.list(ADDRESS)
                        .parseText(
                                "[{\"street\": \"A\", \"zip_code\": 1}, {\"street\": \"B\", \"zip_code\": \"ninety\"}]"));
        assertEquals("[1].zip_code", nested.path());
        assertEquals("at [1].zip_code: expected an int, got \"ninety\"", nested.getMessage());

        ValueParseException deep = assertThrows(
                ValueParseException.class,
                () -> CUSTOMER.parseText(
                        "{\"name\": \"Ada\", \"address\": {\"street\": \"x\"}, \"favorite_color\": \"RED\"}"));
        assertEquals(".address.zip_code", deep.path());

        ValueParseException notObject = assertThrows(ValueParseException.class, () -> ADDRESS.parseText("[1, 2]"));
        assertEquals(
                "expected a Address (JSON object with keys street, zip_code), got \"[1,2]\"", notObject.getMessage());
    }

    @Test
    void recordWritesJsonInComponentOrder() {
        assertEquals(
                "{\"name\": \"Ada\", \"address\": {\"street\": \"1 Main St\", \"zip_code\": 12345}, "
                        + "\"favorite_color\": \"RED\", \"nickname\": \"Countess\", \"billing\": null}",
                CUSTOMER.format(TestTypes.ada()));
        assertEquals("Customer", CUSTOMER.typeName());
        assertEquals("must adhere to the JSON schema: " + TestTypes.CUSTOMER_SCHEMA, CUSTOMER.outputConstraint());
    }

    @Test
    void recordWithNullComponentIsRejectedWhenWritten() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> ADDRESS.format(new Address(null, 1)));
        assertTrue(e.getMessage().contains("street"), e.getMessage());
    }

    // ---- round trips -----------------------------------------------------------------------

    @Test
    void formatThenParseGivesTheValueBack() {
        roundTrip(Codecs.STRING, "multi\nline \"text\"");
        roundTrip(Codecs.INT, -17);
        roundTrip(Codecs.LONG, Long.MAX_VALUE);
        roundTrip(Codecs.DOUBLE, 0.1 + 0.2);
        roundTrip(Codecs.DOUBLE, 1e-300);
        roundTrip(Codecs.FLOAT, 0.3f);
        roundTrip(Codecs.BOOLEAN, false);
        roundTrip(Codecs.DECIMAL, new BigDecimal("123.4500"));
        roundTrip(SENTIMENT, Sentiment.NEGATIVE);
        roundTrip(Codecs.list(Codecs.STRING), List.of("a", "ü", "\"q\""));
        roundTrip(Codecs.set(Codecs.INT), new LinkedHashSet<>(List.of(3, 1)));
        roundTrip(Codecs.map(Codecs.list(Codecs.DOUBLE)), Map.of("k", List.of(1.5, 2.0)));
        roundTrip(Codecs.optional(Codecs.INT), Optional.of(3));
        roundTrip(Codecs.optional(Codecs.INT), Optional.empty());
        roundTrip(ADDRESS, new Address("Elm \"St\"", 7));
        roundTrip(CUSTOMER, TestTypes.ada());
        roundTrip(
                CUSTOMER,
                new Customer(
                        "Bob", new Address("A", 1), Color.GREEN, Optional.empty(), Optional.of(new Address("B", 2))));
        roundTrip(Codecs.list(CUSTOMER), List.of(TestTypes.ada()));
    }

    @Test
    void toJsonThenFromJsonGivesTheValueBack() {
        assertEquals(TestTypes.ada(), CUSTOMER.fromJson(CUSTOMER.toJson(TestTypes.ada())));
        assertEquals(
                List.of(Sentiment.POSITIVE),
                Codecs.list(SENTIMENT).fromJson(Codecs.list(SENTIMENT).toJson(List.of(Sentiment.POSITIVE))));
        assertEquals(
                Map.of("a", true),
                Codecs.map(Codecs.BOOLEAN).fromJson(Codecs.map(Codecs.BOOLEAN).toJson(Map.of("a", true))));
    }

    private static <T> void roundTrip(ValueCodec<T> codec, T value) {
        assertEquals(value, codec.parseText(codec.format(value)), () -> codec + " via " + codec.format(value));
    }
}
