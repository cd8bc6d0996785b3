package dev.dspj.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.primitives.Example;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExampleTest {

    @Test
    void namesAndValuesKeepTheirOrder() {
        Example example = Example.of("question", "2+2?", "answer", "4", "source", "math");

        assertEquals(
                List.of("question", "answer", "source"),
                List.copyOf(example.values().keySet()));
        assertEquals(Optional.of("4"), example.get("answer"));
        assertTrue(example.has("source"));
        assertFalse(example.has("missing"));
        assertEquals(Optional.empty(), example.get("missing"));
    }

    @Test
    void nullValuesAreLeftOut() {
        Example pairs = Example.of("question", "q", "answer", null);
        Map<String, Object> map = new HashMap<>();
        map.put("question", "q");
        map.put("answer", null);

        assertFalse(pairs.has("answer"));
        assertFalse(Example.of(map).has("answer"));
        assertEquals(pairs, Example.of(map));
    }

    @Test
    void malformedPairsAreRejected() {
        IllegalArgumentException odd =
                assertThrows(IllegalArgumentException.class, () -> Example.of("question", "q", "answer"));
        assertTrue(odd.getMessage().contains("odd number"), odd.getMessage());
        IllegalArgumentException notName =
                assertThrows(IllegalArgumentException.class, () -> Example.of("q", 1, 2, "x"));
        assertTrue(notName.getMessage().contains("argument 2"), notName.getMessage());
        assertTrue(notName.getMessage().contains("field name"), notName.getMessage());
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        assertThrows(NullPointerException.class, () -> Example.of(nullKey));
    }

    @Test
    void inputsAndLabels() {
        Example example =
                Example.of("question", "q", "context", "c", "answer", "a").withInputs("question", "context");

        assertEquals(Set.of("question", "context"), example.inputKeys());
        assertEquals(Map.of("question", "q", "context", "c"), example.inputs());
        assertEquals(
                List.of("question", "context"), List.copyOf(example.inputs().keySet()));
        assertEquals(Map.of("answer", "a"), example.labels());
    }

    @Test
    void inputsRequireMarkedFields() {
        Example example = Example.of("question", "q");

        IllegalStateException e = assertThrows(IllegalStateException.class, example::inputs);

        assertTrue(e.getMessage().contains("withInputs"), e.getMessage());
        assertEquals(Map.of("question", "q"), example.labels());
    }

    @Test
    void markedInputWithoutAValueIsLeftOut() {
        Example example = Example.of("question", "q").withInputs(List.of("question", "hint"));

        assertEquals(Map.of("question", "q"), example.inputs());
    }

    @Test
    void copiesLeaveTheOriginalUnchanged() {
        Example original = Example.of("question", "q", "answer", "a").withInputs("question");

        Example changed = original.with("answer", "b");
        Example removed = original.with("answer", null);
        Example added = original.with("hint", "h");
        Example augmented = original.withAugmented(true);

        assertEquals(Optional.of("a"), original.get("answer"));
        assertEquals(Optional.of("b"), changed.get("answer"));
        assertFalse(removed.has("answer"));
        assertEquals(
                List.of("question", "answer", "hint"),
                List.copyOf(added.values().keySet()));
        assertEquals(Set.of("question"), changed.inputKeys());
        assertFalse(original.augmented());
        assertTrue(augmented.augmented());
        assertEquals(original.values(), augmented.values());
        assertEquals(original.inputKeys(), augmented.withInputs("question").inputKeys());
    }

    @Test
    void isImmutable() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("question", "q");
        Example example = Example.of(source).withInputs("question");
        source.put("answer", "a");

        assertFalse(example.has("answer"));
        assertThrows(UnsupportedOperationException.class, () -> example.values().put("x", 1));
        assertThrows(
                UnsupportedOperationException.class, () -> example.inputKeys().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> example.inputs().put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> example.labels().put("x", 1));
    }

    @Test
    void equalityCoversValuesInputsAndAugmentation() {
        Example a = Example.of("q", "1", "a", "2").withInputs("q");
        Example b = Example.of("q", "1", "a", "2").withInputs("q");

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, b.withInputs("a"));
        assertNotEquals(a, b.withAugmented(true));
        assertNotEquals(a, b.with("a", "3"));
        assertNotEquals(a, "not an example");
    }

    @Test
    void toStringShowsValuesAndInputs() {
        assertEquals("Example{q=1}", Example.of("q", "1").toString());
        assertEquals(
                "Example{q=1, a=2} (input_keys=[q])",
                Example.of("q", "1", "a", "2").withInputs("q").toString());
    }
}
