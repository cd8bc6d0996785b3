package dev.dspj.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.primitives.Example;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static Dataset numbered(int n) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            examples.add(
                    Example.of("question", "q" + i, "answer", String.valueOf(i)).withInputs("question"));
        }
        return Dataset.of("numbers", examples);
    }

    private static List<String> ids(List<Example> examples) {
        return examples.stream()
                .map(e -> (String) e.get("answer").orElseThrow())
                .toList();
    }

    @Test
    void shuffleIsDeterministicForASeedAndDiffersAcrossSeeds() {
        Dataset data = numbered(50);

        Dataset once = data.shuffle(42);
        Dataset again = numbered(50).shuffle(42);

        assertEquals(ids(once), ids(again));
        assertNotEquals(ids(data), ids(once), "the order changed");
        assertNotEquals(ids(once), ids(data.shuffle(43)));
        assertEquals(new HashSet<>(ids(data)), new HashSet<>(ids(once)), "a permutation: nothing lost or repeated");
        assertEquals(ids(numbered(50)), ids(data), "the original is unchanged");
        // pinned: Fisher-Yates over java.util.Random, whose sequence is specified, gives this order everywhere
        assertEquals(List.of("4", "3", "0", "2", "1"), ids(numbered(5).shuffle(7)));
    }

    @Test
    void splitsByFractionNeverOverlapAndUseEveryExample() {
        Dataset data = numbered(10);

        Dataset.Split split = data.split(0.7);
        assertEquals(7, split.train().size());
        assertEquals(3, split.dev().size());
        assertEquals(ids(data.take(7)), ids(split.train()));
        assertEquals(ids(data.skip(7)), ids(split.dev()));

        Dataset.Splits three = data.splits(0.5, 0.25, 0.25);
        assertEquals(5, three.train().size());
        assertEquals(3, three.dev().size(), "round(10 * 0.75) - 5");
        assertEquals(2, three.test().size());
        List<String> all = new ArrayList<>(ids(three.train()));
        all.addAll(ids(three.dev()));
        all.addAll(ids(three.test()));
        assertEquals(ids(data), all);

        Dataset.Splits partial = data.splits(0.2, 0.2, 0.2);
        assertEquals(
                List.of(2, 2, 2),
                List.of(
                        partial.train().size(),
                        partial.dev().size(),
                        partial.test().size()));

        Dataset.Split shuffled = data.split(0.5, 3);
        assertEquals(ids(data.shuffle(3).take(5)), ids(shuffled.train()));
    }

    @Test
    void splitsByCount() {
        Dataset data = numbered(10);

        Dataset.Splits parts = data.splits(4, 3, 2);

        assertEquals(List.of("0", "1", "2", "3"), ids(parts.train()));
        assertEquals(List.of("4", "5", "6"), ids(parts.dev()));
        assertEquals(List.of("7", "8"), ids(parts.test()));
        assertEquals(List.of("0", "1"), ids(data.split(2).train()));
    }

    @Test
    void badSplitsAreRejectedWithTheNumbers() {
        Dataset data = numbered(10);

        assertTrue(assertThrows(IllegalArgumentException.class, () -> data.splits(0.6, 0.3, 0.3))
                .getMessage()
                .contains("add up to"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> data.splits(5, 5, 1))
                .getMessage()
                .contains("5 train + 5 dev + 1 test = 11 examples"));
        assertThrows(IllegalArgumentException.class, () -> data.split(1.5));
        assertThrows(IllegalArgumentException.class, () -> data.split(11));
        assertThrows(IllegalArgumentException.class, () -> data.take(-1));
    }

    @Test
    void takeSkipAndInputsReturnNewDatasets() {
        Dataset data = numbered(5);

        assertEquals(3, data.take(3).size());
        assertEquals(5, data.take(99).size());
        assertEquals(List.of("3", "4"), ids(data.skip(3)));
        assertEquals(0, data.skip(9).size());
        assertEquals(
                Set.of("question", "answer"),
                data.withInputs("question", "answer").get(0).inputKeys());
        assertEquals(Set.of("question"), data.get(0).inputKeys());
        assertThrows(UnsupportedOperationException.class, () -> data.add(Example.of("x", "y")));
        assertThrows(
                IllegalArgumentException.class, () -> Dataset.of(java.util.Arrays.asList(Example.of("a", "b"), null)));
    }
}
