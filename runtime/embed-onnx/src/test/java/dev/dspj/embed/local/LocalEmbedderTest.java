package dev.dspj.embed.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model loads from the class path with no network and ranks sentences by meaning. */
class LocalEmbedderTest {

    static LocalEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = LocalEmbedder.builder().threads(2).batchSize(4).build();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        float[][] vectors = embedder.embed(List.of("a cat sits on the mat", "a kitten on a rug", "stock market crash"));
        assertEquals(3, vectors.length);
        for (float[] vector : vectors) {
            assertEquals(LocalEmbedder.DIMENSIONS, vector.length);
            assertEquals(1.0, Math.sqrt(dot(vector, vector)), 1e-4, "unit length");
        }
        double kitten = dot(vectors[0], vectors[1]);
        double market = dot(vectors[0], vectors[2]);
        assertTrue(kitten > market + 0.2, "cat~kitten " + kitten + " vs cat~market " + market);
    }

    @Test
    void batchesAndThreadsGiveTheSameVectorsInTheTextsOrder() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            texts.add("sentence number " + i + " " + "with some words ".repeat(i % 4));
        }
        texts.add("");
        float[][] together = embedder.embed(texts);
        try (LocalEmbedder single =
                LocalEmbedder.builder().threads(1).batchSize(1).build()) {
            for (int i = 0; i < texts.size(); i++) {
                float[] alone = single.embed(List.of(texts.get(i)))[0];
                for (int d = 0; d < alone.length; d++) {
                    assertEquals(alone[d], together[i][d], 1e-4, "text " + i + " dimension " + d);
                }
            }
        }
        assertFalse(Arrays.equals(together[0], together[1]));
        assertEquals(0, embedder.embed(List.of()).length);
    }

    @Test
    void longTextsAreCutToMaxTokens() {
        String longText = "word ".repeat(2000);
        try (LocalEmbedder short8 =
                LocalEmbedder.builder().maxTokens(8).threads(1).build()) {
            float[] cut = short8.embed(List.of(longText))[0];
            float[] first = short8.embed(List.of("word word word word word word"))[0];
            assertArrayEquals(first, cut, 1e-4f, "only the first 6 words and the two markers are read");
            assertEquals(8, short8.maxTokens());
        }
        assertEquals(LocalEmbedder.DIMENSIONS, embedder.embed(List.of(longText))[0].length);
    }

    @Test
    void badSettingsFailWhenSetAndBadCallsNameThePlace() {
        assertEquals(
                "LocalEmbedder threads must be at least 1, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> LocalEmbedder.builder().threads(0))
                        .getMessage());
        assertEquals(
                "LocalEmbedder batchSize must be between 1 and 1024, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> LocalEmbedder.builder().batchSize(0))
                        .getMessage());
        assertEquals(
                "LocalEmbedder maxTokens must be between 3 and 512, got 513",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> LocalEmbedder.builder().maxTokens(513))
                        .getMessage());
        List<String> withNull = Arrays.asList("fine", null);
        assertEquals(
                "text 1 of 2 is null",
                assertThrows(IllegalArgumentException.class, () -> embedder.embed(withNull))
                        .getMessage());
        assertEquals(2, embedder.threads());
        assertEquals(4, embedder.batchSize());
        assertEquals(384, embedder.dimensions());
        assertEquals("LocalEmbedder(all-MiniLM-L6-v2, 384 dimensions)", embedder.toString());
    }

    @Test
    void aClosedEmbedderRefusesWork() {
        LocalEmbedder closed = LocalEmbedder.builder().threads(1).build();
        closed.close();
        closed.close();
        assertEquals(
                "this LocalEmbedder is closed",
                assertThrows(IllegalStateException.class, () -> closed.embed(List.of("x")))
                        .getMessage());
    }

    @Test
    void theTokenizersNativeLibraryCameFromTheJarIntoTheConfiguredCache() throws Exception {
        String cache = System.getProperty("DJL_CACHE_DIR");
        if (cache == null) {
            return; // run outside Maven: nothing configured to check
        }
        try (var files = Files.walk(Path.of(cache))) {
            assertTrue(
                    files.anyMatch(file -> file.getFileName().toString().startsWith("libtokenizers")),
                    "the tokenizer library is copied into " + cache);
        }
    }
}
