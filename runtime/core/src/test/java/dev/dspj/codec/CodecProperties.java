package dev.dspj.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.codec.TypedValues.Typed;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every codec gives back the value it wrote, for generated values of every supported field type
 * (nested), through JSON trees, JSON text and the prompt's text form; and its tolerant readers
 * fail on anything else only with {@link ValueParseException}.
 */
class CodecProperties {

    @Provide
    Arbitrary<Typed> values() {
        return TypedValues.typedValues(2, TypedValues.strings());
    }

    @Property(tries = 400)
    void jsonTreeRoundTrip(@ForAll("values") Typed typed) {
        JsonNode json = typed.codec().toJson(typed.value());
        assertEquals(
                typed.value(), typed.codec().fromJson(json), () -> typed.type() + " via " + TypedValues.brief(json));
    }

    @Property(tries = 400)
    void jsonTextRoundTrip(@ForAll("values") Typed typed) {
        String text = PythonJson.dumps(typed.codec().toJson(typed.value()));
        assertEquals(
                typed.value(),
                typed.codec().fromJson(LenientJson.parse(text)),
                () -> typed.type() + " via " + TypedValues.brief(text));
    }

    @Property(tries = 400)
    void promptTextRoundTrip(@ForAll("values") Typed typed) {
        String text = typed.codec().format(typed.value());
        assertEquals(
                fromText(typed), typed.codec().parseText(text), () -> typed.type() + " via " + TypedValues.brief(text));
    }

    /**
     * The value a field's text gives back: the value itself, except that an optional's text is
     * read stripped and blank, {@code None} or {@code null} text means absent (as in DSPy).
     */
    static Object fromText(Typed typed) {
        if (typed.value() instanceof Optional<?> optional && optional.orElse(null) instanceof String s) {
            String stripped = s.strip();
            return stripped.isEmpty() || stripped.equals("None") || stripped.equals("null")
                    ? Optional.empty()
                    : Optional.of(stripped);
        }
        return typed.value();
    }

    // ---- counterexamples the properties found ---------------------------------------------

    @Example
    void enumConstantsDifferingOnlyInCaseAreReadExactly() {
        assertEquals(TypedValues.Odd.ok, TypedValues.ODD.parseText("ok"));
        assertEquals(TypedValues.Odd.OK, TypedValues.ODD.parseText("OK"));
        assertEquals(TypedValues.Odd.ok, TypedValues.ODD.parseText("Odd.ok"));
        assertEquals(TypedValues.Odd.ok, TypedValues.ODD.fromJson(TypedValues.ODD.toJson(TypedValues.Odd.ok)));
        assertEquals(TypedValues.Odd.lower, TypedValues.ODD.parseText("**LOWER**"), "case-insensitive still");
    }

    @Example
    void enumConstantWrappedInUnderscoresIsReadBack() {
        assertEquals(TypedValues.Odd._HIDDEN_, TypedValues.ODD.parseText("_HIDDEN_"));
        assertEquals(TypedValues.Odd._HIDDEN_, TypedValues.ODD.parseText(" _HIDDEN_\n"));
    }

    @Example
    void nonFiniteJsonNumbersAreParseErrorsForIntsAndDecimals() {
        JsonNode infinity = LenientJson.parse("Infinity");
        JsonNode nan = LenientJson.parse("NaN");
        assertThrows(ValueParseException.class, () -> Codecs.INT.fromJson(infinity));
        assertThrows(ValueParseException.class, () -> Codecs.LONG.fromJson(nan));
        assertThrows(ValueParseException.class, () -> Codecs.DECIMAL.fromJson(nan));
        assertThrows(ValueParseException.class, () -> Codecs.DECIMAL.fromJson(infinity));
    }

    // ---- arbitrary input -------------------------------------------------------------------

    /** Text a model might write: noise, JSON-ish fragments, Python literals and format markers. */
    static Arbitrary<String> anyText() {
        Arbitrary<String> fragments = Arbitraries.of(
                        "{",
                        "}",
                        "[",
                        "]",
                        "\"",
                        "'",
                        ":",
                        ",",
                        "1",
                        "-",
                        "+",
                        ".",
                        "e",
                        "9999999999999999999999",
                        "1e400",
                        "NaN",
                        "-Infinity",
                        "None",
                        "True",
                        "False",
                        "null",
                        "\\",
                        "\\u12",
                        "\\ud800",
                        "```",
                        "```json\n",
                        "\n",
                        " ",
                        "a",
                        "é",
                        "👍",
                        "**",
                        "_",
                        "`",
                        "(",
                        ")",
                        "#",
                        "//",
                        "/*",
                        "POSITIVE",
                        "ok",
                        "_HIDDEN_",
                        "Odd.",
                        "first",
                        "street",
                        "zip_code",
                        "0x1F",
                        "1,000",
                        "1_000",
                        "\u0000")
                .list()
                .ofMaxSize(25)
                .map(l -> String.join("", l));
        return Arbitraries.oneOf(fragments, Arbitraries.strings().ofMaxLength(30), TypedValues.strings());
    }

    @Provide
    Arbitrary<TypedValues.Type> types() {
        return TypedValues.types(1, TypedValues.strings());
    }

    @Provide
    Arbitrary<String> texts() {
        return anyText();
    }

    @Property(tries = 500)
    void parseTextFailsOnlyWithItsOwnException(@ForAll("types") TypedValues.Type type, @ForAll("texts") String text) {
        try {
            Object value = type.codec().parseText(text);
            assertEquals(false, value == null, "parseText returned null for " + type);
        } catch (ValueParseException expected) {
            // the only way to fail
        }
    }

    /** A JSON tree of another type than the codec's: what a confused model sends. */
    @Provide
    Arbitrary<JsonNode> trees() {
        Arbitrary<JsonNode> ofOtherTypes = TypedValues.typedValues(1, TypedValues.strings())
                .map(t -> t.codec().toJson(t.value()));
        Arbitrary<JsonNode> parsed = anyText()
                .map(text -> {
                    try {
                        return LenientJson.parse(text);
                    } catch (ValueParseException notJson) {
                        return null;
                    }
                })
                .filter(node -> node != null);
        return Arbitraries.oneOf(ofOtherTypes, parsed);
    }

    @Property(tries = 500)
    void fromJsonFailsOnlyWithItsOwnException(@ForAll("types") TypedValues.Type type, @ForAll("trees") JsonNode node) {
        try {
            Object value = type.codec().fromJson(node);
            assertEquals(false, value == null, "fromJson returned null for " + type);
        } catch (ValueParseException expected) {
            // the only way to fail
        }
    }

    @Property(tries = 500)
    void lenientJsonFailsOnlyWithItsOwnException(@ForAll("texts") String text) {
        try {
            assertEquals(false, LenientJson.parse(text) == null);
        } catch (ValueParseException expected) {
            // the only way to fail
        }
    }
}
