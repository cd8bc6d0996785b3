package dev.dspj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.study.StudyStore;
import dev.dspj.variable.search.SearchStrategy;
import org.junit.jupiter.api.Test;

/** A miniature run of the search-overhead benchmark: it searches what it says and measures the sampler. */
class TunerOverheadBenchTest {

    @Test
    void aMiniatureRunFinishesEveryTrialAndTimesTheSampler() {
        assertEquals(10, TunerOverheadBench.tenVariables().dimensionality());
        for (SearchStrategy strategy :
                new SearchStrategy[] {SearchStrategy.TPE, SearchStrategy.NSGA_II, SearchStrategy.RANDOM}) {
            try (StudyStore store = StudyStore.inMemory()) {
                TunerOverheadBench.Run run = TunerOverheadBench.once(strategy, store, "mini", 30, 1);
                assertEquals(30, run.trials(), strategy.name());
                assertTrue(run.samplerMsPerTrial() > 0 && run.samplerMsPerTrial() <= run.msPerTrial(), run.toString());
            }
        }
    }
}
