package dev.dspj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dense-retrieval harness builds both indexes and finds the same passages with both. */
class DenseRetrievalBenchTest {

    @TempDir
    Path dir;

    @Test
    void bothIndexesAreBuiltAndSearchedAlike() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        DenseRetrievalBench.Result result = DenseRetrievalBench.run(400, 40, 64, 1, work);
        assertEquals(40, result.queries());
        assertTrue(result.rawP50() > 0 && result.rawP99() >= result.rawP50(), result.report());
        assertTrue(result.dspjP50() > 0 && result.dspjP99() >= result.dspjP50(), result.report());
        assertTrue(result.rawBuildSeconds() > 0 && result.dspjBuildSeconds() > 0);
        assertTrue(result.sameTop1() >= 0.9, "same best passage for " + result.sameTop1());
        assertTrue(result.report().contains("ratio DSPJ/raw: build "), result.report());
        assertTrue(Files.notExists(work), "the indexes are deleted");
        assertEquals(3.0, DenseRetrievalBench.percentile(new double[] {1, 2, 3}, 99));
        assertEquals(2.0, DenseRetrievalBench.percentile(new double[] {1, 2, 3}, 50));
    }
}
