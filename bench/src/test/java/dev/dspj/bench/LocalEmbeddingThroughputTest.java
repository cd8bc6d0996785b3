package dev.dspj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The local-embedding harness embeds its texts and reports a rate per thread count. */
class LocalEmbeddingThroughputTest {

    @Test
    void reportsTextsPerSecondForEachThreadCount() {
        List<String> texts = LocalEmbeddingThroughput.sentences(5);
        assertEquals(5, texts.size());
        assertTrue(texts.get(0).split(" ").length >= 10, texts.get(0));
        String report = LocalEmbeddingThroughput.report(8, 4, List.of(1, 2), 1);
        assertTrue(report.contains("threads 1: ") && report.contains("threads 2: "), report);
        assertTrue(report.startsWith("LocalEmbedder (all-MiniLM-L6-v2), 8 sentence-length texts"), report);
    }
}
