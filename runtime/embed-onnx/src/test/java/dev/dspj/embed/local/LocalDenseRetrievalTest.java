package dev.dspj.embed.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.CachingEmbedder;
import dev.dspj.lm.Embedders;
import dev.dspj.retrieve.HybridRetriever;
import dev.dspj.retrieve.Passage;
import dev.dspj.retrieve.lucene.Bm25Index;
import dev.dspj.retrieve.lucene.Corpus;
import dev.dspj.retrieve.lucene.DenseIndex;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model behind a dense index finds passages by meaning where words do not match. */
class LocalDenseRetrievalTest {

    @TempDir
    Path dir;

    static final List<Corpus.Document> DOCUMENTS = List.of(
            Corpus.Document.of("pets", "", "A kitten is sleeping on the rug by the fireplace."),
            Corpus.Document.of("finance", "", "Share prices fell sharply as investors panicked on Wall Street."),
            Corpus.Document.of("weather", "", "Heavy rain and strong winds are expected along the coast tomorrow."),
            Corpus.Document.of("cooking", "", "Knead the dough, let it rise, then bake the loaf for forty minutes."));

    @Test
    void aDenseIndexOfLocalVectorsFindsPassagesByMeaning() {
        try (LocalEmbedder model = LocalEmbedder.builder().threads(1).build()) {
            CachingEmbedder cached = Embedders.cached(model, 100);
            try (DenseIndex dense = DenseIndex.build(dir.resolve("dense"), Corpus.of(DOCUMENTS), cached);
                    Bm25Index bm25 = Bm25Index.build(dir.resolve("bm25"), Corpus.of(DOCUMENTS))) {
                assertEquals(LocalEmbedder.DIMENSIONS, dense.dimensions());
                assertTrue(
                        dense.builtBy().startsWith("CachingEmbedder(LocalEmbedder(all-MiniLM-L6-v2, 384 dimensions)"),
                        dense.builtBy());
                assertEquals(
                        "pets",
                        dense.retrieve("a cat sits on the mat", 1).get(0).id());
                assertEquals(
                        "finance",
                        dense.retrieve("stock market crash", 1).get(0).id());
                assertEquals(
                        "cooking", dense.retrieve("how to make bread", 1).get(0).id());
                assertTrue(bm25.retrieve("a cat sits on the mat", 1).isEmpty(), "no word in common");
                List<Passage> hybrid = HybridRetriever.of(bm25, dense).retrieve("a cat sits on the mat", 2);
                assertEquals("pets", hybrid.get(0).id(), "the dense ranking carries the hybrid one");
                long misses = cached.misses();
                dense.retrieve("a cat sits on the mat", 1);
                assertEquals(misses, cached.misses(), "the repeated query came from the cache");
            }
        }
    }
}
