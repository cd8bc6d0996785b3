package dev.dspj.variable.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.sim.SimLandscape;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.VariableSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The samplers against {@link SimLandscape}, whose optimum and accuracy/cost front are known:
 * with a quarter of the 900-point grid as budget, over five seeds, TPE and NSGA-II find nearly the
 * best accuracy and nearly the whole front, and beat random search.
 */
class SearchOnLandscapeTest {

    private static final SimLandscape LANDSCAPE = SimLandscape.factoidQa();
    private static final VariableSpace SPACE = SimLandscape.qaSpace();
    private static final int BUDGET = 225;
    private static final int SEEDS = 5;
    private static final double[] REFERENCE = {0, 0};

    private static double trueHypervolume;

    @BeforeAll
    static void front() {
        assertEquals(900, SPACE.grid(10).size());
        assertEquals(BUDGET * 4, SPACE.grid(10).size(), "the budget is a quarter of the grid");
        List<double[]> front = new ArrayList<>();
        for (SimLandscape.FrontPoint point : LANDSCAPE.trueFront(10)) {
            front.add(normalized(point.accuracy(), point.cost()));
        }
        trueHypervolume = Hypervolume.of(front, REFERENCE);
        assertTrue(trueHypervolume > 0.5, "the normalized front covers most of the unit square: " + trueHypervolume);
    }

    /** Accuracy as is; cost mapped so the most expensive configuration is 0 and the cheapest 1. */
    private static double[] normalized(double accuracy, double cost) {
        return new double[] {accuracy, (LANDSCAPE.maxCost() - cost) / (LANDSCAPE.maxCost() - LANDSCAPE.minCost())};
    }

    /** One search: what it found and when it first reached 95% of the best accuracy. */
    private record Run(double bestAccuracy, double hypervolumeShare, int trialsTo95) {}

    private static Run search(Sampler sampler, int objectives, long seed, SimLandscape measured) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Observation> completed = new ArrayList<>();
        double best = 0;
        int reached = Integer.MAX_VALUE;
        List<double[]> points = new ArrayList<>();
        for (int trial = 1; trial <= BUDGET; trial++) {
            Optional<Configuration> next = sampler.propose(SPACE, completed, List.of(), random);
            if (next.isEmpty()) {
                break;
            }
            Configuration c = next.get();
            assertEquals(List.of(), SPACE.problems(c));
            double accuracy = LANDSCAPE.accuracy(c);
            double cost = LANDSCAPE.costPerCall(c);
            best = Math.max(best, accuracy);
            if (reached == Integer.MAX_VALUE && accuracy >= 0.95 * LANDSCAPE.bestAccuracy()) {
                reached = trial;
            }
            points.add(normalized(accuracy, cost));
            double seen = measured.accuracy(c);
            completed.add(objectives == 1 ? Observation.of(c, seen) : Observation.of(c, seen, -cost));
        }
        return new Run(best, Hypervolume.of(points, REFERENCE) / trueHypervolume, reached);
    }

    private static List<Run> runs(Sampler sampler, int objectives) {
        List<Run> runs = new ArrayList<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            runs.add(search(sampler, objectives, seed, LANDSCAPE));
        }
        return runs;
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> metric) {
        double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
        return values[values.length / 2];
    }

    private static String describe(List<Run> runs) {
        return Arrays.toString(runs.toArray());
    }

    @Test
    void tpeFindsTheBestAccuracySoonerThanRandomSearch() {
        List<Run> tpe = runs(TpeSampler.create(), 1);
        List<Run> random = runs(RandomSampler.uniform(), 1);
        for (Run run : tpe) {
            assertTrue(run.bestAccuracy() >= 0.95 * LANDSCAPE.bestAccuracy(), "TPE: " + describe(tpe));
        }
        assertTrue(
                median(tpe, Run::trialsTo95) < median(random, Run::trialsTo95),
                "TPE " + describe(tpe) + " vs random " + describe(random));
    }

    @Test
    void multiObjectiveSearchesRecoverTheFrontBetterThanRandomSearch() {
        List<Run> nsga = runs(NsgaIISampler.create(), 2);
        List<Run> motpe = runs(TpeSampler.create(), 2);
        List<Run> random = runs(RandomSampler.uniform(), 2);
        for (List<Run> runs : List.of(nsga, motpe)) {
            for (Run run : runs) {
                assertTrue(run.bestAccuracy() >= 0.95 * LANDSCAPE.bestAccuracy(), describe(runs));
                assertTrue(run.hypervolumeShare() >= 0.80, describe(runs));
            }
        }
        double baseline = median(random, Run::hypervolumeShare);
        assertTrue(
                median(nsga, Run::hypervolumeShare) >= baseline,
                "NSGA-II " + describe(nsga) + " vs random " + baseline);
        assertTrue(
                median(motpe, Run::hypervolumeShare) >= baseline,
                "MOTPE " + describe(motpe) + " vs random " + baseline);
    }

    @Test
    void tpeStaysCloseToTheOptimumWhenAccuracyIsMeasuredOnADevSet() {
        for (long seed = 0; seed < SEEDS; seed++) {
            SimLandscape noisy = LANDSCAPE.noisy(seed, 200);
            SplittableRandom random = new SplittableRandom(seed);
            Sampler tpe = TpeSampler.create();
            List<Observation> completed = new ArrayList<>();
            for (int trial = 0; trial < 100; trial++) {
                Configuration c =
                        tpe.propose(SPACE, completed, List.of(), random).orElseThrow();
                completed.add(Observation.of(c, noisy.accuracy(c)));
            }
            Observation chosen = completed.stream()
                    .max((a, b) -> Double.compare(a.value(0), b.value(0)))
                    .orElseThrow();
            double truth = LANDSCAPE.accuracy(chosen.configuration());
            assertTrue(
                    truth >= 0.95 * LANDSCAPE.bestAccuracy(),
                    "seed " + seed + ": chose " + chosen + ", whose expected accuracy is " + truth + " of "
                            + LANDSCAPE.bestAccuracy());
        }
    }
}
