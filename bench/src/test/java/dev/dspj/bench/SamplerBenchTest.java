package dev.dspj.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.sim.SimLandscape;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import dev.dspj.variable.search.GridSampler;
import dev.dspj.variable.search.Observation;
import dev.dspj.variable.search.TpeSampler;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Miniature runs of {@link SamplerBench}: it measures what it claims, not how fast. */
class SamplerBenchTest {

    @Test
    void reachCountsTrialsUntilNinetyFivePercentOfTheOptimum() {
        SimLandscape landscape = SimLandscape.factoidQa();
        SamplerBench.Reach grid = SamplerBench.reach("grid", new GridSampler(10), landscape, 2, 900);
        int first = 0;
        for (Configuration c : SimLandscape.qaSpace().grid(10)) {
            first++;
            if (landscape.accuracy(c) >= SamplerBench.TARGET * landscape.bestAccuracy()) {
                break;
            }
        }
        assertArrayEquals(new int[] {first, first}, grid.trials(), "the grid in order reaches it at the same point");
        SamplerBench.Reach capped = SamplerBench.reach("grid", new GridSampler(10), landscape, 1, first - 1);
        assertArrayEquals(new int[] {-1}, capped.trials(), "a miss within the cap is -1");
        assertEquals(first, capped.median(first - 1), "a miss counts as more than the cap");
        SamplerBench.Reach tpe = SamplerBench.reach("TPE", TpeSampler.create(), landscape, 3, 225);
        assertEquals(3, tpe.within(225), "TPE reaches it within a quarter of the grid");
        assertTrue(tpe.proposals() >= 3 && tpe.proposeNanos() > 0);
        assertEquals(5, SamplerBench.landscapeSamplers(900).size());
    }

    @Test
    void overheadTimesEveryCallWithAFixedHistory() {
        VariableSpace space = SamplerBench.tenVariables();
        assertEquals(10, space.dimensionality());
        List<Observation> history = SamplerBench.history(space, 50, 2, 1);
        assertEquals(50, history.size());
        assertEquals(2, history.get(0).objectiveCount());
        SamplerBench.Overhead overhead = SamplerBench.overhead("TPE", TpeSampler.create(), space, history, 3, 7);
        assertEquals(7, overhead.nanos().length);
        assertTrue(overhead.percentile(50) <= overhead.percentile(90)
                && overhead.percentile(90) <= overhead.percentile(100));
        assertTrue(overhead.percentile(0) > 0);
    }

    @Test
    void theSyntheticObjectivePeaksWhereItSays() {
        VariableSpace space = SamplerBench.tenVariables();
        Configuration.Builder peak = Configuration.builder();
        int i = 0;
        for (Variable variable : space.variables()) {
            peak.put(variable.name(), variable.fromUnit((i % 3) / 2.0));
            i++;
        }
        Configuration best = peak.build();
        double top = SamplerBench.objective(space, best, 1)[0];
        for (int k = 0; k < 50; k++) {
            Configuration other = space.sample(new java.util.SplittableRandom(k));
            assertTrue(SamplerBench.objective(space, other, 1)[0] <= top + 1e-12);
        }
        assertEquals(2, SamplerBench.objective(space, best, 2).length);
    }
}
