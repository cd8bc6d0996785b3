package dev.dspj.variable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

    enum Mode {
        FAST,
        CAREFUL
    }

    private static final Configuration SAMPLE = Configuration.builder()
            .put("temperature", 0.5)
            .put("adapter", "json")
            .put("demos", 3)
            .put("cache", true)
            .build();

    @Test
    void valuesAreCanonicalAndSortedByName() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("z", 1);
        raw.put("a", 2.5f);
        raw.put("m", Mode.CAREFUL);
        raw.put("s", (short) 4);
        Configuration c = Configuration.of(raw);
        assertEquals(1L, c.get("z"));
        assertEquals(2.5, c.get("a"));
        assertEquals("CAREFUL", c.get("m"));
        assertEquals(4L, c.get("s"));
        assertEquals(List.of("a", "m", "s", "z"), List.copyOf(c.names()));
        assertEquals("a", c.names().first(), "names() is a sorted set");
        assertEquals("{a=2.5, m=CAREFUL, s=4, z=1}", c.toString());
        assertThrows(UnsupportedOperationException.class, () -> c.asMap().put("b", 1L));
        assertThrows(UnsupportedOperationException.class, () -> c.names().add("b"));
        assertSame(Configuration.empty(), Configuration.builder().build());
    }

    @Test
    void typedGettersNameWhatIsWrong() {
        assertEquals("json", SAMPLE.getString("adapter"));
        assertEquals(3, SAMPLE.getInt("demos"));
        assertEquals(3L, SAMPLE.getLong("demos"));
        assertEquals(3.0, SAMPLE.getDouble("demos"), "whole numbers widen");
        assertTrue(SAMPLE.getBoolean("cache"));
        assertEquals(
                Mode.FAST,
                Configuration.builder().put("mode", Mode.FAST).build().getEnum("mode", Mode.class));
        assertEquals(
                "configuration value of 'demos' is 3 (Long), expected text",
                assertThrows(IllegalArgumentException.class, () -> SAMPLE.getString("demos"))
                        .getMessage());
        assertEquals(
                "configuration has no value for 'top_k'; it has [adapter, cache, demos, temperature]",
                assertThrows(IllegalArgumentException.class, () -> SAMPLE.getLong("top_k"))
                        .getMessage());
        assertEquals(
                "configuration value of 'n' is 4294967296, outside the range of an int",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Configuration.builder()
                                        .put("n", 1L << 32)
                                        .build()
                                        .getInt("n"))
                        .getMessage());
        assertEquals(
                "configuration value of 'adapter' is 'json', not a constant of Mode [FAST, CAREFUL]",
                assertThrows(IllegalArgumentException.class, () -> SAMPLE.getEnum("adapter", Mode.class))
                        .getMessage());
        assertNull(SAMPLE.get("top_k"));
        assertFalse(SAMPLE.has("top_k"));
    }

    @Test
    void rejectsValuesItCannotHold() {
        assertEquals(
                "configuration value of 'x' must not be null",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Configuration.builder().put("x", null))
                        .getMessage());
        assertEquals(
                "configuration value of 'x' must be finite, got NaN",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Configuration.builder().put("x", Double.NaN))
                        .getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> Configuration.builder().put("x", List.of(1)))
                .getMessage()
                .startsWith("configuration value of 'x' must be text, a boolean or a number"));
    }

    @Test
    void copiesChangeOnlyWhatTheyName() {
        Configuration hotter = SAMPLE.with("temperature", 0.9);
        assertEquals(0.9, hotter.getDouble("temperature"));
        assertEquals(0.5, SAMPLE.getDouble("temperature"), "the original is unchanged");
        assertEquals(
                Set.of("adapter", "cache", "temperature"),
                SAMPLE.without("demos").names());
        assertSame(SAMPLE, SAMPLE.without("nothing"));
        assertEquals(
                Set.of("adapter", "demos"),
                SAMPLE.restrictTo(List.of("adapter", "demos", "other")).names());
        assertEquals(
                hotter,
                SAMPLE.withAll(Configuration.builder().put("temperature", 0.9).build()));
    }

    @Test
    void canonicalJsonReadsBackAsTheSameValues() {
        Configuration c = Configuration.builder()
                .put("b", 2.0)
                .put("a", "x\"y")
                .put("n", 7)
                .put("f", false)
                .put("tiny", 1e-9)
                .build();
        assertEquals("{\"a\":\"x\\\"y\",\"b\":2.0,\"f\":false,\"n\":7,\"tiny\":1.0E-9}", c.toJson());
        Configuration back = Configuration.fromJson(c.toJson());
        assertEquals(c, back);
        assertEquals(2.0, back.get("b"), "a whole double stays a double");
        assertEquals(7L, back.get("n"));
        assertEquals(c.hash(), back.hash());
        assertEquals("{}", Configuration.empty().toJson());
        assertEquals(Configuration.empty(), Configuration.fromJson("{}"));
    }

    @Test
    void fromJsonRejectsWhatIsNotAFlatObject() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Configuration.fromJson("[1]"))
                .getMessage()
                .startsWith("configuration JSON must be an object of name to value"));
        assertEquals(
                "configuration value of 'x' must be a string, boolean or number, got: {\"y\":1}",
                assertThrows(IllegalArgumentException.class, () -> Configuration.fromJson("{\"x\":{\"y\":1}}"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Configuration.fromJson("{oops"))
                .getMessage()
                .startsWith("configuration JSON is not valid JSON"));
    }

    @Test
    void hashIsStableAcrossInsertionOrderAndRuns() throws Exception {
        Configuration reordered = Configuration.builder()
                .put("cache", true)
                .put("demos", 3L)
                .put("adapter", "json")
                .put("temperature", 0.5)
                .build();
        assertEquals(SAMPLE, reordered);
        assertEquals(SAMPLE.hashCode(), reordered.hashCode());
        assertEquals(SAMPLE.hash(), reordered.hash());
        assertTrue(SAMPLE.hash().matches("[0-9a-f]{16}"), SAMPLE.hash());
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest("{\"adapter\":\"json\",\"cache\":true,\"demos\":3,\"temperature\":0.5}"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(digest, 0, 8), SAMPLE.hash(), "SHA-256 of the canonical JSON");
        // Pinned, so that a change to the JSON form or the hash, which would orphan stored trials, fails here.
        assertEquals("b4924ee1ce41e85a", SAMPLE.hash());
        assertNotEquals(SAMPLE.hash(), SAMPLE.with("demos", 4).hash());
        assertNotEquals(
                Configuration.builder().put("x", 1).build().hash(),
                Configuration.builder().put("x", 1.0).build().hash(),
                "1 and 1.0 are different values");
    }
}
