package dev.dspj.retrieve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reciprocal rank fusion over hand-made rankings. */
class HybridRetrieverTest {

    /** Returns a fixed ranking, cut to k, and remembers the k it was asked for. */
    static class Fixed implements Retriever {
        final List<Passage> ranking = new ArrayList<>();
        int askedK;

        Fixed(String... ids) {
            double score = 100;
            for (String id : ids) {
                ranking.add(new Passage(id, "text of " + id, "", Map.of("from", "retriever"), score--));
            }
        }

        @Override
        public List<Passage> retrieve(String query, int k) {
            askedK = k;
            return ranking.subList(0, Math.min(k, ranking.size()));
        }
    }

    static List<String> ids(List<Passage> passages) {
        return passages.stream().map(Passage::id).toList();
    }

    @Test
    void passagesFoundHighByBothRetrieversRankFirst() {
        Fixed bm25 = new Fixed("a", "b", "c", "d");
        Fixed dense = new Fixed("c", "e", "a", "f");
        List<Passage> fused = HybridRetriever.of(bm25, dense).retrieve("query", 4);
        // a: 1/61 + 1/63, c: 1/63 + 1/61 (equal: a wins on retriever order, both best rank 1), then b and e (rank 2,
        // b from the first retriever), then d and f
        assertEquals(List.of("a", "c", "b", "e"), ids(fused));
        assertEquals(1.0 / 61 + 1.0 / 63, fused.get(0).score(), 1e-12);
        assertEquals(fused.get(0).score(), fused.get(1).score(), 1e-12);
        assertEquals(1.0 / 62, fused.get(2).score(), 1e-12);
        assertEquals("text of a", fused.get(0).text());
        assertEquals(Map.of("from", "retriever"), fused.get(0).metadata());
        assertEquals(HybridRetriever.DEFAULT_FETCH_DEPTH, bm25.askedK);
    }

    @Test
    void theRankConstantAndFetchDepthChangeTheFusion() {
        Fixed first = new Fixed("x", "y", "z");
        Fixed second = new Fixed("z", "w");
        // with c = 0: x = 1/1, z = 1/3 + 1/1 = 1.33 beats x
        HybridRetriever sharp = HybridRetriever.builder()
                .add(first)
                .add(second)
                .rankConstant(0)
                .fetchDepth(2)
                .build();
        assertEquals(List.of("x", "z"), ids(sharp.retrieve("q", 2)), "z is not fetched from the first at depth 2");
        assertEquals(2, first.askedK);
        HybridRetriever deeper = HybridRetriever.builder()
                .add(first)
                .add(second)
                .rankConstant(0)
                .fetchDepth(3)
                .build();
        assertEquals(List.of("z", "x", "y", "w"), ids(deeper.retrieve("q", 10)));
        assertEquals(10, first.askedK, "a larger k fetches deeper");
        assertEquals(0.0, deeper.rankConstant());
        assertEquals(3, deeper.fetchDepth());
        assertSame(first, deeper.retrievers().get(0));
    }

    @Test
    void tiesAreBrokenByIdWhenEverythingElseIsEqual() {
        Fixed one = new Fixed("m");
        Fixed two = new Fixed("k");
        Fixed three = new Fixed("m", "k");
        assertEquals(List.of("m", "k"), ids(HybridRetriever.of(one, two, three).retrieve("q", 5)));
        Fixed four = new Fixed("k");
        Fixed five = new Fixed("m");
        // equal scores, equal best ranks, both first found by different retrievers: the earliest wins
        assertEquals(List.of("k", "m"), ids(HybridRetriever.of(four, five).retrieve("q", 5)));
        Fixed same = new Fixed("q", "p");
        Fixed mirrored = new Fixed("p", "q");
        // q: 1/61 + 1/62 from retriever 0 first; p: same score and rank, first found by retriever 0 too: by id
        assertEquals(List.of("p", "q"), ids(HybridRetriever.of(same, mirrored).retrieve("q", 5)));
    }

    @Test
    void badSettingsAndQueriesFail() {
        assertEquals(
                "HybridRetriever needs at least one retriever: add(...) them",
                assertThrows(IllegalArgumentException.class, HybridRetriever::of)
                        .getMessage());
        assertEquals(
                "HybridRetriever rankConstant must be a finite number of 0 or more, got -1.0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> HybridRetriever.builder().rankConstant(-1))
                        .getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> HybridRetriever.builder().rankConstant(Double.NaN));
        assertEquals(
                "HybridRetriever fetchDepth must be at least 1, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> HybridRetriever.builder().fetchDepth(0))
                        .getMessage());
        HybridRetriever hybrid = HybridRetriever.of(new Fixed("a"));
        assertEquals(
                "the query is blank",
                assertThrows(IllegalArgumentException.class, () -> hybrid.retrieve(" ", 1))
                        .getMessage());
        assertEquals(
                "k must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> hybrid.retrieve("q", 0))
                        .getMessage());
        Retriever failing = (query, k) -> {
            throw new IllegalStateException("index closed");
        };
        assertEquals(
                "index closed",
                assertThrows(
                                IllegalStateException.class,
                                () -> HybridRetriever.of(failing).retrieve("q", 1))
                        .getMessage());
        assertEquals(
                "HybridRetriever([a], rankConstant=60.0, fetchDepth=20)",
                HybridRetriever.of(new Fixed("a") {
                            @Override
                            public String toString() {
                                return "a";
                            }
                        })
                        .toString());
    }
}
