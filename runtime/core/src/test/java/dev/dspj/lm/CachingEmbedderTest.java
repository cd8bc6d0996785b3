package dev.dspj.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Caching and batching around any embedder: only misses are embedded, in batches, in order. */
class CachingEmbedderTest {

    /** Counts the calls and texts it is given. */
    static final class Counting implements Embedder {
        final HashingEmbedder real = new HashingEmbedder(16);
        final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public float[][] embed(List<String> texts) {
            calls.add(List.copyOf(texts));
            return real.embed(texts);
        }
    }

    @Test
    void onlyMissesAreEmbeddedInBatchesAndVectorsKeepTheTextsOrder() {
        Counting counting = new Counting();
        CachingEmbedder cached =
                CachingEmbedder.builder(counting).maxEntries(100).batchSize(2).build();
        float[][] first = cached.embed(List.of("a", "b", "a", "c"));
        assertEquals(List.of(List.of("a", "b"), List.of("c")), counting.calls, "distinct texts, in batches of 2");
        assertArrayEquals(counting.real.embed(List.of("a"))[0], first[0]);
        assertArrayEquals(first[0], first[2]);
        assertArrayEquals(counting.real.embed(List.of("c"))[0], first[3]);

        float[][] second = cached.embed(List.of("c", "d", "b"));
        assertEquals(List.of("d"), counting.calls.get(2), "only the miss");
        assertEquals(3, counting.calls.size());
        assertArrayEquals(first[3], second[0]);
        assertArrayEquals(first[1], second[2]);
        assertEquals(4, cached.misses());
        assertEquals(2, cached.hits());
        assertEquals(4, cached.size());

        second[0][0] = 42f;
        assertTrue(cached.embed(List.of("c"))[0][0] != 42f, "callers get copies");
        assertEquals(0, cached.embed(List.of()).length);
        cached.clear();
        cached.embed(List.of("a"));
        assertEquals(List.of("a"), counting.calls.get(3), "embedded again after clear");
    }

    @Test
    void theShortFactoriesCacheOrOnlyBatchInParallel() throws InterruptedException {
        Counting counting = new Counting();
        CachingEmbedder cached = Embedders.cached(counting, 10);
        cached.embed(List.of("x", "y"));
        cached.embed(List.of("y", "x"));
        assertEquals(1, counting.calls.size());
        assertSame(counting, cached.delegate());
        assertTrue(cached.toString().endsWith(", maxEntries=10, batchSize=256, parallelism=1)"), cached.toString());

        CountDownLatch together = new CountDownLatch(2);
        AtomicInteger concurrent = new AtomicInteger();
        Embedder slow = texts -> {
            together.countDown();
            try {
                if (together.await(5, TimeUnit.SECONDS)) {
                    concurrent.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return counting.real.embed(texts);
        };
        CachingEmbedder parallel = Embedders.batched(slow, 3, 2);
        List<String> texts = List.of("1", "2", "3", "4", "5", "6");
        float[][] vectors = parallel.embed(texts);
        assertEquals(2, concurrent.get(), "both batches ran at the same time");
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(counting.real.embed(List.of(texts.get(i)))[0], vectors[i]);
        }
        parallel.embed(texts);
        assertEquals(12, parallel.misses(), "no cache");
        assertEquals(0, parallel.size());
    }

    @Test
    void errorsNameTheSettingTheTextOrTheEmbedder() {
        assertEquals(
                "CachingEmbedder maxEntries must be 0 (no cache) or more, got -1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> CachingEmbedder.builder(new HashingEmbedder())
                                        .maxEntries(-1))
                        .getMessage());
        assertEquals(
                "CachingEmbedder batchSize must be at least 1, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> CachingEmbedder.builder(new HashingEmbedder())
                                        .batchSize(0))
                        .getMessage());
        assertEquals(
                "CachingEmbedder parallelism must be between 1 and 64, got 65",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> CachingEmbedder.builder(new HashingEmbedder())
                                        .parallelism(65))
                        .getMessage());
        CachingEmbedder cached = Embedders.cached(new HashingEmbedder(), 5);
        assertEquals(
                "text 1 of 2 is null",
                assertThrows(IllegalArgumentException.class, () -> cached.embed(Arrays.asList("a", null)))
                        .getMessage());
        Embedder broken = new Embedder() {
            @Override
            public float[][] embed(List<String> texts) {
                return new float[texts.size() - 1][];
            }

            @Override
            public String toString() {
                return "Broken";
            }
        };
        assertEquals(
                "Broken returned 1 vectors for 2 texts",
                assertThrows(
                                IllegalStateException.class,
                                () -> Embedders.cached(broken, 5).embed(List.of("a", "b")))
                        .getMessage());
        Embedder holes = texts -> new float[texts.size()][];
        assertTrue(assertThrows(
                        IllegalStateException.class,
                        () -> Embedders.batched(holes, 1, 2).embed(List.of("a", "b")))
                .getMessage()
                .contains("returned no vector for text 0 of a batch of 1"));
    }
}
