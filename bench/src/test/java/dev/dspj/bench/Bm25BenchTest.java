package dev.dspj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A miniature {@link Bm25Bench}: both sides index the same corpus and find the same passages. */
class Bm25BenchTest {

    @Test
    void bothSidesFindTheSamePassagesAndEveryQueryIsTimed(@TempDir Path work) throws Exception {
        Bm25Bench.Result result = Bm25Bench.run(work, 600, 40, 2);
        assertEquals(40, result.dspjQueryMicros().size());
        assertEquals(40, result.rawQueryMicros().size());
        assertEquals(40, result.sameTopHits(), "the same analyzer and fields rank the same way");
        assertTrue(result.dspjBuildMillis() > 0 && result.rawBuildMillis() > 0);
        assertTrue(result.percentile(result.dspjQueryMicros(), 50) <= result.percentile(result.dspjQueryMicros(), 99));
        String table = result.table();
        assertTrue(table.contains("| build (median) |") && table.contains("| query p99 |"), table);
    }

    @Test
    void theCorpusHasTheAskedSizeAndQueriesComeFromIt(@TempDir Path work) throws Exception {
        Path file = work.resolve("c.jsonl");
        List<String> queries = Bm25Bench.writeCorpus(file, 50, 10, 1);
        assertEquals(50, Files.readAllLines(file).size());
        assertEquals(10, queries.size());
        String all = Files.readString(file);
        for (String query : queries) {
            assertTrue(all.contains(query), query);
        }
    }
}
