package dev.dspj.retrieve.lucene;

import static dev.dspj.retrieve.lucene.Bm25IndexTest.ids;
import static dev.dspj.retrieve.lucene.Bm25IndexTest.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.Embedder;
import dev.dspj.lm.HashingEmbedder;
import dev.dspj.retrieve.Passage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dense retrieval: exact and HNSW search, saving and opening, and the errors of each. */
class DenseIndexTest {

    @TempDir
    Path dir;

    static final HashingEmbedder EMBEDDER = new HashingEmbedder(128);

    static final String[] TOPICS = {
        "volcano lava eruption magma", "football goal striker league", "violin orchestra symphony concert",
        "bread flour yeast oven", "galaxy telescope star orbit", "river fish boat fishing",
        "python compiler bytecode interpreter", "mountain glacier snow climbing"
    };

    /** 200 documents over 8 topics, each with a few words of its own. */
    static List<Corpus.Document> generated(int count) {
        List<Corpus.Document> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String topic = TOPICS[i % TOPICS.length];
            documents.add(new Corpus.Document(
                    "doc-" + i,
                    i % 3 == 0 ? "Title " + i : "",
                    topic + " item" + i + " extra" + (i * 7 % 13),
                    Map.of("topic", String.valueOf(i % TOPICS.length))));
        }
        return documents;
    }

    /** Counts the texts it embeds. */
    static final class Counting implements Embedder {
        final Embedder real;
        final AtomicInteger texts = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        Counting(Embedder real) {
            this.real = real;
        }

        @Override
        public float[][] embed(List<String> batch) {
            calls.incrementAndGet();
            texts.addAndGet(batch.size());
            return real.embed(batch);
        }

        @Override
        public String toString() {
            return real.toString();
        }
    }

    @Test
    void smallCorporaAreSearchedExactlyWithCosineScoresAndStoredFields() {
        List<Corpus.Document> documents = List.of(
                new Corpus.Document(
                        "paris", "Paris", "Paris is the capital and largest city of France.", Map.of("source", "wiki")),
                Corpus.Document.of("berlin", "Berlin", "Berlin is the capital of Germany, on the Spree."),
                Corpus.Document.of("hamlet", "", "Hamlet is a tragedy written by William Shakespeare."));
        Counting counting = new Counting(EMBEDDER);
        try (DenseIndex index =
                DenseIndex.builder(counting).batchSize(2).build(dir.resolve("index"), Corpus.of(documents))) {
            assertTrue(index.exact());
            assertEquals(3, index.size());
            assertEquals(128, index.dimensions());
            assertEquals(2, counting.calls.get(), "3 documents in batches of 2");
            List<Passage> top = index.retrieve("Shakespeare tragedy Hamlet", 2);
            assertEquals("hamlet", top.get(0).id());
            Passage paris = index.retrieve("capital city of France", 1).get(0);
            assertEquals("paris", paris.id());
            assertEquals("Paris", paris.title());
            assertEquals(Map.of("source", "wiki"), paris.metadata());
            float[] query = EMBEDDER.embed(List.of("capital city of France"))[0];
            float[] text = EMBEDDER.embed(List.of("Paris\nParis is the capital and largest city of France."))[0];
            double cosine = 0;
            for (int d = 0; d < query.length; d++) {
                cosine += query[d] * text[d];
            }
            assertEquals(cosine, paris.score(), 1e-5, "the title and text are embedded; scores are cosines");
            assertEquals(3, index.retrieve("anything at all", 10).size(), "k above the size gives them all");
            assertEquals("HashingEmbedder(128 dimensions)", index.builtBy());
            assertTrue(index.toString().endsWith(", 128 dimensions, exact)"), index.toString());
        }
    }

    @Test
    void largeCorporaUseTheHnswGraphAndFindWhatTheExactSearchFinds() {
        List<Corpus.Document> documents = generated(200);
        try (DenseIndex exact = DenseIndex.build(dir.resolve("exact"), Corpus.of(documents), EMBEDDER);
                DenseIndex hnsw = DenseIndex.builder(EMBEDDER)
                        .bruteForceThreshold(100)
                        .build(dir.resolve("hnsw"), Corpus.of(documents))) {
            assertTrue(exact.exact());
            assertFalse(hnsw.exact());
            assertEquals(200, hnsw.size());
            for (String query : List.of("lava magma", "symphony orchestra violin", "telescope galaxy", "item42")) {
                List<Passage> expected = exact.retrieve(query, 5);
                List<Passage> found = hnsw.retrieve(query, 5);
                // the same passages with the same scores; near-equal scores may swap (float rounding)
                assertEquals(Set.copyOf(ids(expected)), Set.copyOf(ids(found)), query);
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.get(i).score(), found.get(i).score(), 1e-5, query + " #" + i);
                }
            }
            assertTrue(ids(hnsw.retrieve("item42 extra8", 3)).contains("doc-42"), "its own words find it");
            assertEquals(
                    List.of(ids(hnsw.retrieve("lava magma", 3)), ids(hnsw.retrieve("bread oven", 3))),
                    hnsw.retrieveBatch(List.of("lava magma", "bread oven"), 3).stream()
                            .map(Bm25IndexTest::ids)
                            .toList());
        }
    }

    @Test
    void withoutNormalizingScoresAreRawDotProductsInBothSearches() {
        Embedder scaled = texts -> {
            float[][] vectors = EMBEDDER.embed(texts);
            for (float[] vector : vectors) {
                for (int d = 0; d < vector.length; d++) {
                    vector[d] *= 3;
                }
            }
            return vectors;
        };
        List<Corpus.Document> documents = generated(60);
        try (DenseIndex exact =
                        DenseIndex.builder(scaled).normalize(false).build(dir.resolve("e"), Corpus.of(documents));
                DenseIndex hnsw = DenseIndex.builder(scaled)
                        .normalize(false)
                        .bruteForceThreshold(10)
                        .build(dir.resolve("h"), Corpus.of(documents))) {
            Passage best = exact.retrieve("football striker", 1).get(0);
            assertTrue(best.score() > 1.5, "dot products of vectors of length 3: up to 9, got " + best.score());
            Passage same = hnsw.retrieve("football striker", 1).get(0);
            assertEquals(best.id(), same.id());
            assertEquals(best.score(), same.score(), 1e-4);
            assertTrue(exact.retrieve("zzzz qqqq", 60).stream().anyMatch(p -> p.score() < 0));
            assertTrue(hnsw.retrieve("zzzz qqqq", 60).stream().anyMatch(p -> p.score() < 0), "negative dot products");
        }
    }

    @Test
    void anOpenedIndexIsNotEmbeddedAgainAndKeepsItsResults() {
        Path index = dir.resolve("index");
        List<Corpus.Document> documents = generated(50);
        List<String> before;
        try (DenseIndex built =
                DenseIndex.builder(EMBEDDER).bruteForceThreshold(20).build(index, Corpus.of(documents))) {
            before = ids(built.retrieve("river boat", 4));
        }
        Counting counting = new Counting(EMBEDDER);
        try (DenseIndex opened = DenseIndex.builder(counting).candidates(2).open(index)) {
            assertFalse(opened.exact());
            assertEquals(50, opened.size());
            assertEquals(0, counting.texts.get(), "opening embeds nothing");
            assertEquals(before, ids(opened.retrieve("river boat", 4)));
            assertEquals(1, counting.texts.get(), "only the query");
            assertEquals(index.toAbsolutePath(), opened.path());
        }
        try (DenseIndex small = DenseIndex.build(dir.resolve("small"), Corpus.of(documents), EMBEDDER);
                DenseIndex reopened = DenseIndex.open(dir.resolve("small"), EMBEDDER)) {
            assertTrue(reopened.exact());
            assertEquals(ids(small.retrieve("river boat", 4)), ids(reopened.retrieve("river boat", 4)));
        }
    }

    @Test
    void anEmbedderOfOtherDimensionsFailsNamingBoth() {
        Path index = dir.resolve("index");
        DenseIndex.build(index, Corpus.of(generated(10)), EMBEDDER).close();
        try (DenseIndex opened = DenseIndex.open(index, new HashingEmbedder(64))) {
            IndexException error = assertThrows(IndexException.class, () -> opened.retrieve("lava", 1));
            assertEquals(
                    "the index at " + index.toAbsolutePath()
                            + " holds 128-dimensional vectors (built by HashingEmbedder"
                            + "(128 dimensions)), but HashingEmbedder(64 dimensions) gives 64-dimensional ones: open it"
                            + " with the embedder that built it, or rebuild it with DenseIndex.build",
                    error.getMessage());
        }
        Embedder ragged = texts -> {
            float[][] vectors = new float[texts.size()][];
            for (int i = 0; i < texts.size(); i++) {
                vectors[i] = new float[i == 3 ? 5 : 4];
                vectors[i][0] = 1;
            }
            return vectors;
        };
        IndexException varying = assertThrows(
                IndexException.class, () -> DenseIndex.build(dir.resolve("ragged"), Corpus.of(generated(10)), ragged));
        assertTrue(
                varying.getMessage()
                        .endsWith(" gave 5 dimensions for document 'doc-3' (documents[3]) after 4 for the"
                                + " ones before"),
                varying.getMessage());
        Embedder short1 = texts -> new float[texts.size() - 1][];
        assertTrue(assertThrows(
                        IndexException.class,
                        () -> DenseIndex.build(dir.resolve("short"), Corpus.of(generated(3)), short1))
                .getMessage()
                .endsWith(" returned 2 vectors for 3 documents (from documents[0])"));
    }

    @Test
    void anEmptyCorpusOrAFailingEmbedderLeavesThePreviousIndex() throws IOException {
        Path index = dir.resolve("index");
        DenseIndex.build(index, Corpus.of(generated(30)), EMBEDDER).close();
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");
        CorpusException none =
                assertThrows(CorpusException.class, () -> DenseIndex.build(index, Corpus.of(empty), EMBEDDER));
        assertEquals("corpus " + empty + " has no documents: nothing to index", none.getMessage());

        AtomicInteger calls = new AtomicInteger();
        Embedder dying = texts -> {
            if (calls.incrementAndGet() == 3) {
                throw new IllegalStateException("embedding service went away");
            }
            return EMBEDDER.embed(texts);
        };
        IllegalStateException died = assertThrows(
                IllegalStateException.class,
                () -> DenseIndex.builder(dying).batchSize(10).build(index, Corpus.of(generated(100))));
        assertEquals("embedding service went away", died.getMessage());

        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            lines.add(
                    i == 35
                            ? "{\"id\": \"x\", \"text\": \"cut"
                            : "{\"id\": \"n" + i + "\", \"text\": \"new " + i + "\"}");
        }
        Path broken = Files.write(dir.resolve("broken.jsonl"), lines, StandardCharsets.UTF_8);
        CorpusException bad =
                assertThrows(CorpusException.class, () -> DenseIndex.build(index, Corpus.of(broken), EMBEDDER));
        assertTrue(bad.getMessage().startsWith(broken + ":35: not valid JSON: "), bad.getMessage());

        assertEquals(List.of(".build.lock", "CURRENT", "gen-1"), names(index), "no temporary directory is left");
        try (DenseIndex previous = DenseIndex.open(index, EMBEDDER)) {
            assertEquals(30, previous.size());
            assertEquals("doc-7", previous.retrieve("item7", 1).get(0).id());
        }
        Path duplicate = Files.write(
                dir.resolve("dup.jsonl"),
                List.of("{\"id\": \"a\", \"text\": \"one\"}", "{\"id\": \"a\", \"text\": \"two\"}"),
                StandardCharsets.UTF_8);
        assertEquals(
                "duplicate id 'a': " + duplicate + ":1 and " + duplicate + ":2",
                assertThrows(CorpusException.class, () -> DenseIndex.build(index, Corpus.of(duplicate), EMBEDDER))
                        .getMessage());
    }

    @Test
    void whatIsNotADenseIndexIsNamed() throws IOException {
        Path bm25 = dir.resolve("bm25");
        Bm25Index.build(bm25, Corpus.of(generated(5))).close();
        IndexException notDense = assertThrows(IndexException.class, () -> DenseIndex.open(bm25, EMBEDDER));
        assertTrue(
                notDense.getMessage()
                        .startsWith("the index at " + bm25.toAbsolutePath() + " is not a dense index (no "
                                + "dense-index.properties in gen-1)"),
                notDense.getMessage());
        IndexException missing =
                assertThrows(IndexException.class, () -> DenseIndex.open(dir.resolve("none"), EMBEDDER));
        assertTrue(missing.getMessage().endsWith("(build one with DenseIndex.build)"), missing.getMessage());

        Path index = dir.resolve("index");
        DenseIndex.build(index, Corpus.of(generated(5)), EMBEDDER).close();
        Path manifest = index.resolve("gen-1").resolve(DenseIndex.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("search=exact", "search=faiss"));
        IndexException damaged = assertThrows(IndexException.class, () -> DenseIndex.open(index, EMBEDDER));
        assertTrue(damaged.getMessage().contains("is damaged: dense-index.properties has "), damaged.getMessage());
        Files.writeString(manifest, "format=2\n");
        assertTrue(assertThrows(IndexException.class, () -> DenseIndex.open(index, EMBEDDER))
                .getMessage()
                .contains("has format '2', this version reads 1"));
    }

    @Test
    void embeddersThatBreakTheContractAreNamed() {
        Path index = dir.resolve("index");
        DenseIndex.build(index, Corpus.of(generated(5)), EMBEDDER).close();
        Embedder none = texts -> new float[0][];
        try (DenseIndex opened = DenseIndex.open(index, none)) {
            assertTrue(assertThrows(IndexException.class, () -> opened.retrieve("lava", 1))
                    .getMessage()
                    .endsWith(" returned 0 vectors for 1 queries"));
        }
        Embedder holes = texts -> new float[texts.size()][];
        try (DenseIndex opened = DenseIndex.open(index, holes)) {
            assertTrue(assertThrows(IndexException.class, () -> opened.retrieve("lava", 1))
                    .getMessage()
                    .contains("gives 0-dimensional ones"));
        }
        assertTrue(assertThrows(
                        IndexException.class, () -> DenseIndex.build(dir.resolve("h"), Corpus.of(generated(2)), holes))
                .getMessage()
                .contains(" gave 0 dimensions for document 'doc-0' (documents[0]) after none"));
        Embedder nothing = texts -> null;
        assertTrue(assertThrows(
                        IndexException.class,
                        () -> DenseIndex.build(dir.resolve("n"), Corpus.of(generated(2)), nothing))
                .getMessage()
                .endsWith(" returned null vectors for 2 documents (from documents[0])"));
    }

    @Test
    void badSettingsAndCallsFail() {
        assertEquals(
                "DenseIndex bruteForceThreshold must be at least 1, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> DenseIndex.builder(EMBEDDER).bruteForceThreshold(0))
                        .getMessage());
        assertEquals(
                "DenseIndex batchSize must be at least 1, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> DenseIndex.builder(EMBEDDER).batchSize(0))
                        .getMessage());
        assertEquals(
                "DenseIndex candidates must be at least 1, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> DenseIndex.builder(EMBEDDER).candidates(0))
                        .getMessage());
        DenseIndex index = DenseIndex.build(dir.resolve("index"), Corpus.of(generated(5)), EMBEDDER);
        assertEquals(
                "the query is blank",
                assertThrows(IllegalArgumentException.class, () -> index.retrieve(" ", 1))
                        .getMessage());
        assertEquals(
                "query 1 of the batch is blank",
                assertThrows(IllegalArgumentException.class, () -> index.retrieveBatch(List.of("a", ""), 1))
                        .getMessage());
        assertEquals(List.of(), index.retrieveBatch(List.of(), 1));
        index.close();
        index.close();
        assertTrue(assertThrows(IndexException.class, () -> index.retrieve("lava", 1))
                .getMessage()
                .endsWith(" is closed"));
    }
}
