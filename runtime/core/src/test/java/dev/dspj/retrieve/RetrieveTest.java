package dev.dspj.retrieve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.module.ModuleCall;
import dev.dspj.module.Trace;
import dev.dspj.primitives.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The Retrieve module and the Retriever defaults, over an in-memory word-overlap retriever. */
class RetrieveTest {

    /** Scores a document by how many of the query's words it contains; returns every match. */
    static final class WordOverlap implements Retriever {
        final List<Passage> documents = List.of(
                new Passage("1", "Paris is the capital of France", "France", Map.of("lang", "en"), 0),
                Passage.of("2", "Berlin is the capital of Germany", 0),
                Passage.of("3", "The Seine flows through Paris", 0));
        final List<String> queries = new ArrayList<>();

        @Override
        public List<Passage> retrieve(String query, int k) {
            Retriever.requireQuery(query);
            Retriever.requireK(k);
            queries.add(query);
            List<Passage> hits = new ArrayList<>();
            for (Passage document : documents) {
                long score = List.of(query.toLowerCase(Locale.ROOT).split("\\W+")).stream()
                        .filter(word -> !word.isEmpty()
                                && document.text().toLowerCase(Locale.ROOT).contains(word))
                        .count();
                if (score > 0) {
                    hits.add(new Passage(document.id(), document.text(), document.title(), document.metadata(), score));
                }
            }
            hits.sort((a, b) -> Double.compare(b.score(), a.score()));
            return hits;
        }
    }

    @Test
    void forwardReturnsThePassagesTextsBestFirstCutToK() {
        WordOverlap retriever = new WordOverlap();
        Retrieve retrieve = new Retrieve(retriever, 2);
        Prediction prediction = retrieve.forward("capital of France");
        assertEquals(
                List.of("Paris is the capital of France", "Berlin is the capital of Germany"),
                prediction.values().get(Retrieve.PASSAGES));
        assertEquals(List.of("1", "2"), prediction.values().get(Retrieve.PASSAGE_IDS));
        assertEquals(
                List.of("Paris is the capital of France"),
                retrieve.forward("France", 1).values().get("passages"));
        assertEquals(2, retrieve.k());
        assertSame(retriever, retrieve.retriever());
    }

    @Test
    void forwardOnInputsReadsTheQueryField() {
        Retrieve retrieve = new Retrieve(new WordOverlap());
        assertEquals(Retrieve.DEFAULT_K, retrieve.k());
        Prediction prediction = retrieve.forward(Map.of("query", "Seine"));
        assertEquals(
                List.of("The Seine flows through Paris"), prediction.values().get("passages"));
        IllegalArgumentException missing =
                assertThrows(IllegalArgumentException.class, () -> retrieve.forward(Map.of("question", "x")));
        assertTrue(missing.getMessage().contains("'query'"), missing.getMessage());
        IllegalArgumentException notText =
                assertThrows(IllegalArgumentException.class, () -> retrieve.forward(Map.of("query", 42)));
        assertTrue(notText.getMessage().contains("java.lang.Integer"), notText.getMessage());
    }

    @Test
    void passagesKeepIdsTitlesMetadataAndScores() {
        Passage first =
                new Retrieve(new WordOverlap(), 1).passages("capital France").get(0);
        assertEquals("1", first.id());
        assertEquals("France", first.title());
        assertEquals(Map.of("lang", "en"), first.metadata());
        assertEquals(2.0, first.score());
    }

    @Test
    void badKOrQueryFailsWithTheReason() {
        IllegalArgumentException zero =
                assertThrows(IllegalArgumentException.class, () -> new Retrieve(new WordOverlap(), 0));
        assertEquals("Retrieve k must be at least 1, got 0", zero.getMessage());
        Retrieve retrieve = new Retrieve(new WordOverlap());
        assertEquals(
                "the query is blank",
                assertThrows(IllegalArgumentException.class, () -> retrieve.forward("  "))
                        .getMessage());
        assertEquals(
                "the query is null",
                assertThrows(IllegalArgumentException.class, () -> retrieve.forward((String) null))
                        .getMessage());
        assertEquals(
                "k must be at least 1, got -1",
                assertThrows(IllegalArgumentException.class, () -> retrieve.forward("Paris", -1))
                        .getMessage());
        assertThrows(NullPointerException.class, () -> new Retrieve(null, 1));
    }

    @Test
    void aRetrieverReturningNullIsNamed() {
        Retriever broken = (query, k) -> null;
        IllegalStateException error =
                assertThrows(IllegalStateException.class, () -> new Retrieve(broken).forward("q"));
        assertTrue(error.getMessage().contains("returned null for query 'q'"), error.getMessage());
    }

    @Test
    void itHasNoPredictorsAndCopiesSharingTheRetrieverWithSettingsOfItsOwn() {
        WordOverlap retriever = new WordOverlap();
        Retrieve retrieve = new Retrieve(retriever, 2);
        assertTrue(retrieve.namedPredictors().isEmpty());
        assertTrue(retrieve.namedSubmodules().isEmpty());
        Retrieve copy = retrieve.deepCopy();
        assertNotSame(retrieve, copy);
        assertSame(retriever, copy.retriever());
        assertEquals(2, copy.k());
        copy.setK(1);
        WordOverlap other = new WordOverlap();
        copy.setRetriever(other);
        assertEquals(2, retrieve.k());
        assertSame(retriever, retrieve.retriever());
        assertEquals(
                List.of("Paris is the capital of France"),
                copy.forward("Paris capital").values().get(Retrieve.PASSAGES));
        assertEquals(List.of("Paris capital"), other.queries);
        assertTrue(retriever.queries.isEmpty());
        assertEquals(
                "Retrieve k must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> copy.setK(0)).getMessage());
        assertThrows(NullPointerException.class, () -> copy.setRetriever(null));
        assertTrue(retrieve.toString().startsWith("Retrieve(k=2"), retrieve.toString());
    }

    @Test
    void aRetrieveMadeWithoutARetrieverSaysSoWhenItSearches() {
        Retrieve unset = new Retrieve();
        assertEquals(Retrieve.DEFAULT_K, unset.k());
        assertEquals("Retrieve(k=3, no retriever)", unset.toString());
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> unset.forward("Paris"));
        assertTrue(error.getMessage().startsWith("this Retrieve has no retriever"), error.getMessage());
        unset.setRetriever(new WordOverlap());
        assertEquals(
                List.of("The Seine flows through Paris"),
                unset.forward("Seine").values().get(Retrieve.PASSAGES));
    }

    @Test
    void aTraceRecordsEachRetrievalWithItsQueryKAndPassagesButNoPredictorEntry() {
        Retrieve retrieve = new Retrieve(new WordOverlap(), 2);
        try (Trace trace = Trace.start()) {
            Prediction first = retrieve.forward("Paris");
            retrieve.forward("Germany", 1);
            assertTrue(trace.entries().isEmpty());
            List<ModuleCall> calls = trace.moduleCalls();
            assertEquals(2, calls.size());
            assertSame(retrieve, calls.get(0).module());
            assertEquals(
                    Map.of(Retrieve.QUERY, "Paris", Retrieve.K, 2), calls.get(0).inputs());
            assertSame(first, calls.get(0).prediction());
            assertEquals(
                    List.of(Retrieve.QUERY, Retrieve.K),
                    List.copyOf(calls.get(0).inputs().keySet()),
                    "printed in a stable order");
            assertEquals(
                    List.of(Retrieve.PASSAGES, Retrieve.PASSAGE_IDS),
                    List.copyOf(first.values().keySet()));
            assertEquals(
                    Map.of(Retrieve.QUERY, "Germany", Retrieve.K, 1),
                    calls.get(1).inputs());
            assertEquals(
                    List.of("Berlin is the capital of Germany"),
                    calls.get(1).prediction().values().get(Retrieve.PASSAGES));
        }
        assertTrue(Trace.current().moduleCalls().isEmpty(), "nothing is kept outside a trace");
        retrieve.forward("Paris");
        assertTrue(Trace.current().moduleCalls().isEmpty());
    }

    @Test
    void severalQueriesSumEachPassagesScoresAndKeepTheBestK() {
        WordOverlap retriever = new WordOverlap();
        Retrieve retrieve = new Retrieve(retriever, 2);
        // "Paris" finds 1 and 3 (score 1 each); "capital France" finds 1 (2) and 2 (1): 1 sums to 3
        Prediction fused = retrieve.forward(List.of("Paris", "capital France"));
        assertEquals(
                List.of("Paris is the capital of France", "The Seine flows through Paris"),
                fused.values().get(Retrieve.PASSAGES));
        assertEquals(List.of("Paris", "capital France"), retriever.queries);
        assertEquals(
                fused.values().get(Retrieve.PASSAGES),
                retrieve.forward(Map.of(Retrieve.QUERY, List.of("Paris", "capital France")))
                        .values()
                        .get(Retrieve.PASSAGES));
        assertEquals(
                "Retrieve needs at least one query, got an empty list",
                assertThrows(IllegalArgumentException.class, () -> retrieve.forward(List.<String>of()))
                        .getMessage());
        assertEquals(
                "query 1 of the batch is blank",
                assertThrows(IllegalArgumentException.class, () -> retrieve.forward(List.of("Paris", "")))
                        .getMessage());
        IllegalArgumentException notText = assertThrows(
                IllegalArgumentException.class, () -> retrieve.forward(Map.of(Retrieve.QUERY, List.of("Paris", 3))));
        assertEquals(
                "Retrieve's input 'query' must be text or a list of texts; element 1 is java.lang.Integer",
                notText.getMessage());
    }

    @Test
    void batchRunsEveryQueryInOrderAndNamesABlankOne() {
        WordOverlap retriever = new WordOverlap();
        List<List<Passage>> results = retriever.retrieveBatch(List.of("Germany", "Seine"), 1);
        assertEquals("2", results.get(0).get(0).id());
        assertEquals("3", results.get(1).get(0).id());
        assertEquals(
                "query 1 of the batch is blank",
                assertThrows(IllegalArgumentException.class, () -> retriever.retrieveBatch(List.of("a", " "), 1))
                        .getMessage());
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertEquals(
                "query 0 of the batch is null",
                assertThrows(IllegalArgumentException.class, () -> retriever.retrieveBatch(withNull, 1))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> retriever.retrieveBatch(List.of("a"), 0));
        assertEquals(List.of("Germany", "Seine"), retriever.queries);
    }

    @Test
    void asyncDefaultsCompleteWithThePassagesOrTheError() throws Exception {
        WordOverlap retriever = new WordOverlap();
        assertEquals("3", retriever.retrieveAsync("Seine", 1).get().get(0).id());
        CompletionException failed = assertThrows(
                CompletionException.class, () -> retriever.retrieveAsync(" ", 1).join());
        assertTrue(failed.getCause() instanceof IllegalArgumentException);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            assertEquals(
                    "2",
                    retriever.retrieveAsync("Germany", 1, executor).get().get(0).id());
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void passageChecksItsFields() {
        assertThrows(IllegalArgumentException.class, () -> Passage.of(" ", "t", 1));
        IllegalArgumentException nan =
                assertThrows(IllegalArgumentException.class, () -> Passage.of("x", "t", Double.NaN));
        assertEquals("passage x: score is NaN", nan.getMessage());
        assertThrows(NullPointerException.class, () -> new Passage("x", "t", null, Map.of(), 0));
        assertThrows(
                UnsupportedOperationException.class,
                () -> Passage.of("x", "t", 0).metadata().put("a", "b"));
    }
}
