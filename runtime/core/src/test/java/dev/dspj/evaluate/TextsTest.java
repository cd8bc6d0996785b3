package dev.dspj.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dspj.TestTypes.Color;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How values, numbers and errors are written in tables and exports. */
class TextsTest {

    record Point(int x, int y) {}

    /** Jackson sees no property: written with its toString. */
    static final class Opaque {
        @Override
        public String toString() {
            return "opaque#1";
        }
    }

    /** Jackson fails on the getter: written with its toString. */
    static final class Exploding {
        @SuppressWarnings("DoNotCallSuggester") // Jackson calls it: that it throws is the point
        public String getValue() {
            throw new IllegalStateException("no value");
        }

        @Override
        public String toString() {
            return "exploding";
        }
    }

    @Test
    void numbersHaveUpToThreeDecimalsAndInfinityIsSpelled() {
        assertEquals("1.0", Texts.number(1));
        assertEquals("0.667", Texts.number(2.0 / 3));
        assertEquals("34.5", Texts.number(34.5));
        assertEquals("inf", Texts.number(Double.POSITIVE_INFINITY));
        assertEquals("-inf", Texts.number(Double.NEGATIVE_INFINITY));
    }

    @Test
    void moneyShowsFourDecimalsDownToAHundredthOfACent() {
        assertEquals("$0.00", Texts.money(BigDecimal.ZERO));
        assertEquals("$0.0123", Texts.money(new BigDecimal("0.012345")));
        assertEquals("$0.000012", Texts.money(new BigDecimal("0.0000123")));
    }

    @Test
    void errorsAreOneLineWithTheirSimpleName() {
        assertEquals("", Texts.errorText(null));
        assertEquals("CancellationException", Texts.errorText(new java.util.concurrent.CancellationException()));
        assertEquals("IllegalStateException", Texts.errorText(new IllegalStateException("  ")));
        assertEquals(
                "IllegalArgumentException: first line second line",
                Texts.errorText(new IllegalArgumentException("first line\r\nsecond line")));
    }

    @Test
    void cellValuesAreTextWithStructuresAsJson() {
        assertEquals("", Texts.text(null));
        assertEquals("", Texts.text(Optional.empty()));
        assertEquals("Paris", Texts.text(Optional.of("Paris")));
        assertEquals("GREEN", Texts.text(Color.GREEN));
        assertEquals("0.5", Texts.text(0.5));
        assertEquals("true", Texts.text(true));
        assertEquals("c", Texts.text('c'));
        assertEquals("[1,\"a\"]", Texts.text(List.of(1, "a")));
        assertEquals("{\"x\":1,\"y\":2}", Texts.text(new Point(1, 2)));
        assertEquals("opaque#1", Texts.text(new Opaque()));
    }

    @Test
    void valuesBecomeJsonOfTheirKind() {
        assertEquals("null", Texts.json(Optional.empty()).toString());
        assertEquals("true", Texts.json(Boolean.valueOf(true)).toString());
        assertEquals("7", Texts.json((short) 7).toString());
        assertEquals("9", Texts.json((byte) 9).toString());
        assertEquals("12345678901", Texts.json(12_345_678_901L).toString());
        assertEquals(
                "123456789012345678901234567890",
                Texts.json(new BigInteger("123456789012345678901234567890")).toString());
        assertEquals("1.50", Texts.json(new BigDecimal("1.50")).toString());
        assertEquals("0.25", Texts.json(0.25f).toString());
        assertEquals("\"NaN\"", Texts.json(Double.NaN).toString());
        assertEquals("\"Infinity\"", Texts.json(Double.POSITIVE_INFINITY).toString());
        assertEquals("\"RED\"", Texts.json(Optional.of(Color.RED)).toString());
        assertEquals(
                "[1,\"two\",null]", Texts.json(new Object[] {1, "two", null}).toString());
        assertEquals("{\"1\":[\"a\"]}", Texts.json(Map.of(1, List.of("a"))).toString());
        assertEquals("{\"x\":3,\"y\":4}", Texts.json(new Point(3, 4)).toString());
        assertEquals("\"opaque#1\"", Texts.json(new Opaque()).toString());
        assertEquals("\"exploding\"", Texts.json(new Exploding()).toString());
    }

    @Test
    void cellsAreOneLineAndCut() {
        assertEquals("a b c d", Texts.cell("a\r\nb\nc\td", 10));
        assertEquals("abcdefg...", Texts.cell("abcdefghijklmnop", 10));
        assertEquals("...", Texts.shorten("abcdef", 2));
    }
}
