package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Python's random.Random, checked against values printed by CPython 3.11. */
class PyRandomTest {

    private static List<Integer> range(int n) {
        return new ArrayList<>(IntStream.range(0, n).boxed().toList());
    }

    @Test
    void rawOutputAndRandomMatchCPython() {
        PyRandom random = new PyRandom(0);
        assertEquals(
                List.of(3626764237L, 1654615998L, 3255389356L),
                List.of(random.getrandbits(32), random.getrandbits(32), random.getrandbits(32)));
        assertEquals(0.8444218515250481, new PyRandom(0).random());
        assertEquals(1619264890L, new PyRandom(123456789012L).getrandbits(32), "a seed wider than 32 bits");
    }

    @Test
    void shuffleMatchesCPython() {
        List<Integer> zero = range(20);
        new PyRandom(0).shuffle(zero);
        assertEquals(List.of(10, 18, 16, 14, 0, 17, 11, 2, 3, 9, 5, 7, 4, 19, 6, 15, 8, 1, 13, 12), zero);
        List<Integer> fifteen = range(20);
        new PyRandom(15).shuffle(fifteen);
        assertEquals(List.of(19, 4, 17, 8, 7, 9, 11, 13, 15, 2, 10, 12, 18, 3, 14, 5, 1, 16, 0, 6), fifteen);
    }

    @Test
    void randintMatchesCPythonForRandomSearchSeeds() {
        List<Integer> sizes = new ArrayList<>();
        for (int seed = 0; seed < 16; seed++) {
            sizes.add(new PyRandom(seed).randint(1, 4));
        }
        assertEquals(List.of(4, 2, 1, 2, 2, 3, 1, 3, 2, 4, 1, 4, 4, 3, 1, 2), sizes);
    }

    @Test
    void sampleMatchesCPythonWithBothStrategies() {
        assertEquals(List.of(6, 9, 0, 2), new PyRandom(0).sample(range(10), 4), "pool strategy");
        assertEquals(
                List.of(27, 12, 24, 13, 1, 8, 16, 15, 28, 9, 22, 11, 6, 23, 4, 19),
                new PyRandom(0).sample(range(30), 16),
                "pool strategy, k > 5");
        assertEquals(
                List.of(49, 97, 53, 5, 33, 65, 62, 51, 38, 61, 45, 74, 27, 64, 17, 36),
                new PyRandom(0).sample(range(100), 16),
                "set strategy");
        assertThrows(IllegalArgumentException.class, () -> new PyRandom(0).sample(range(3), 4));
    }
}
