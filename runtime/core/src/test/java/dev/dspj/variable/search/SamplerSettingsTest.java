package dev.dspj.variable.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The samplers' settings: what they refuse, how they describe themselves, and that every option still proposes. */
class SamplerSettingsTest {

    private static final VariableSpace SPACE = VariableSpace.of(
            Variable.real("x", 0.0, 1.0, false, 0.5),
            Variable.integer("k", 0, 10, 1, 5),
            Variable.choice("adapter", List.of("chat", "json"), "chat"));

    private static String refused(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    /** Runs a sampler for a number of trials on a one-objective landscape; every proposal is new and valid. */
    private static List<Observation> run(Sampler sampler, int trials, int objectives) {
        List<Observation> completed = new ArrayList<>();
        Set<Configuration> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < trials; trial++) {
            Configuration next =
                    sampler.propose(SPACE, completed, List.of(), random).orElseThrow();
            assertEquals(List.of(), SPACE.problems(next), "trial " + trial);
            assertTrue(seen.add(next), "repeated " + next);
            double x = next.getDouble("x");
            double k = next.getLong("k");
            completed.add(
                    objectives == 1
                            ? Observation.of(next, -Math.abs(x - 0.3) - Math.abs(k - 7) / 10)
                            : Observation.of(next, x, 1 - x + k / 100));
        }
        return completed;
    }

    @Test
    void tpeRefusesSettingsOutOfRange() {
        assertEquals(
                "startupTrials must be at least 1, got 0",
                refused(() -> TpeSampler.builder().startupTrials(0)));
        assertEquals(
                "candidates must be at least 1, got 0",
                refused(() -> TpeSampler.builder().candidates(0)));
        assertEquals(
                "priorWeight must be a finite number > 0, got 0.0",
                refused(() -> TpeSampler.builder().priorWeight(0)));
        assertEquals(
                "priorWeight must be a finite number > 0, got NaN",
                refused(() -> TpeSampler.builder().priorWeight(Double.NaN)));
        assertEquals(
                "priorWeight must be a finite number > 0, got Infinity",
                refused(() -> TpeSampler.builder().priorWeight(Double.POSITIVE_INFINITY)));
    }

    @Test
    void tpeDescribesItsSettings() {
        assertEquals(
                "TpeSampler[startupTrials=3, candidates=8, priorWeight=2.0, constant liar]",
                TpeSampler.builder()
                        .startupTrials(3)
                        .candidates(8)
                        .priorWeight(2)
                        .constantLiar(true)
                        .build()
                        .toString());
        assertEquals(
                "TpeSampler[startupTrials=10, candidates=24, priorWeight=1.0]",
                TpeSampler.create().toString(),
                "Optuna's defaults");
    }

    @Test
    void tpeWithEveryOptionChangedStillProposesNewValidConfigurations() {
        TpeSampler tpe = TpeSampler.builder()
                .startupTrials(2)
                .candidates(4)
                .priorWeight(0.5)
                .considerEndpoints(true)
                .magicClip(false)
                .weights(n -> {
                    double[] w = new double[n + 3]; // longer than asked: the extra weights are dropped
                    java.util.Arrays.fill(w, 1);
                    return w;
                })
                .build();
        assertEquals(12, run(tpe, 12, 1).size());
    }

    @Test
    void tpeReportsAWeightsFunctionThatBreaksItsContract() {
        List<Observation> history = run(TpeSampler.builder().startupTrials(1).build(), 3, 1);
        SplittableRandom random = new SplittableRandom(1);

        TpeSampler none =
                TpeSampler.builder().startupTrials(1).weights(n -> null).build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> none.propose(SPACE, history, List.of(), random));
        assertTrue(e.getMessage().startsWith("the weights function returned null for "), e.getMessage());

        TpeSampler few = TpeSampler.builder()
                .startupTrials(1)
                .weights(n -> new double[0])
                .build();
        e = assertThrows(IllegalArgumentException.class, () -> few.propose(SPACE, history, List.of(), random));
        assertTrue(e.getMessage().startsWith("the weights function returned 0 weights for "), e.getMessage());

        TpeSampler negative = TpeSampler.builder()
                .startupTrials(1)
                .weights(n -> {
                    double[] w = new double[n];
                    w[0] = -1;
                    return w;
                })
                .build();
        e = assertThrows(IllegalArgumentException.class, () -> negative.propose(SPACE, history, List.of(), random));
        assertEquals("the weights function returned -1.0; weights must be finite and not negative", e.getMessage());
    }

    @Test
    void tpeNeedsTheSameNumberOfObjectivesInEveryObservation() {
        Configuration a = Configuration.builder().put("x", 0.1).build();
        Configuration b = Configuration.builder().put("x", 0.2).build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TpeSampler.create().split(List.of(Observation.of(a, 1), Observation.of(b, 1, 2))));
        assertTrue(
                e.getMessage().startsWith("every observation needs 1 objective values like the first, got "),
                e.getMessage());
    }

    @Test
    void tpeOnSeveralObjectivesProposesNewValidConfigurations() {
        TpeSampler tpe = TpeSampler.builder().startupTrials(4).build();
        assertEquals(14, run(tpe, 14, 2).size());
    }

    @Test
    void nsgaRefusesProbabilitiesOutsideZeroToOneAndTinyPopulations() {
        assertEquals(
                "crossoverProbability must be in [0, 1], got 1.5",
                refused(() -> NsgaIISampler.builder().crossoverProbability(1.5)));
        assertEquals(
                "swappingProbability must be in [0, 1], got -0.1",
                refused(() -> NsgaIISampler.builder().swappingProbability(-0.1)));
        assertEquals(
                "mutationProbability must be in [0, 1], got NaN",
                refused(() -> NsgaIISampler.builder().mutationProbability(Double.NaN)));
        assertEquals(
                "populationSize must be at least 2, got 1",
                refused(() -> NsgaIISampler.builder().populationSize(1)));
    }

    @Test
    void nsgaDescribesItsSettings() {
        NsgaIISampler nsga = NsgaIISampler.builder()
                .populationSize(6)
                .crossoverProbability(0.8)
                .swappingProbability(0.4)
                .mutationProbability(0.1)
                .numericCrossover(NsgaIISampler.NumericCrossover.BLX_ALPHA)
                .build();
        assertEquals(
                "NsgaIISampler[populationSize=6, crossover=0.8 BLX_ALPHA, swapping=0.4, mutation=0.1]",
                nsga.toString());
        assertEquals("nsga-ii", nsga.name());
        assertTrue(
                NsgaIISampler.create()
                        .toString()
                        .matches("NsgaIISampler\\[populationSize=auto, .*mutation=1/dimensionality]"),
                NsgaIISampler.create().toString());
    }

    @Test
    void nsgaWithEachNumericCrossoverBreedsNewValidConfigurations() {
        for (NsgaIISampler.NumericCrossover crossover : NsgaIISampler.NumericCrossover.values()) {
            NsgaIISampler nsga = NsgaIISampler.builder()
                    .populationSize(4)
                    .numericCrossover(crossover)
                    .crossoverProbability(1)
                    .mutationProbability(0.2)
                    .build();
            assertEquals(16, run(nsga, 16, 1).size(), crossover.name());
        }
    }

    @Test
    void seededNsgaProposesTheSameFromTheSameHistory() {
        NsgaIISampler seeded = NsgaIISampler.builder().populationSize(4).seed(9).build();
        List<Observation> history =
                run(NsgaIISampler.builder().populationSize(4).build(), 8, 2);
        Configuration first = seeded.propose(SPACE, history, List.of(), new SplittableRandom(1))
                .orElseThrow();
        Configuration second = seeded.propose(SPACE, history, List.of(), new SplittableRandom(2))
                .orElseThrow();
        assertEquals(first, second, "the generator passed in is not used");
    }

    @Test
    void observationsNeedFiniteValuesAndCompareByContent() {
        Configuration c = Configuration.builder().put("x", 0.5).build();
        assertTrue(refused(() -> Observation.of(c)).endsWith(" needs at least one objective value"));
        assertTrue(refused(() -> Observation.of(c, 1, Double.NaN))
                .startsWith("objective values must be finite, got [1.0, NaN] for "));
        assertEquals(Observation.of(c, 1, 2), Observation.of(c, 1, 2));
        assertEquals(Observation.of(c, 1, 2).hashCode(), Observation.of(c, 1, 2).hashCode());
        assertNotEquals(Observation.of(c, 1, 2), Observation.of(c, 2, 1));
        assertNotEquals(
                Observation.of(c, 1),
                Observation.of(Configuration.builder().put("x", 0.6).build(), 1));
        assertNotEquals(Observation.of(c, 1), "an observation");
    }

    @Test
    void hypervolumeChecksItsArgumentsAndHandlesOneObjective() {
        assertEquals(
                "the reference point needs at least one objective",
                refused(() -> Hypervolume.of(List.of(new double[0]), new double[0])));
        assertTrue(refused(() -> Hypervolume.of(List.<double[]>of(new double[] {Double.NaN, 1}), new double[] {0, 0}))
                .startsWith("hypervolume of NaN: point [NaN, 1.0], reference [0.0, 0.0]"));
        assertEquals(
                3, Hypervolume.of(List.of(new double[] {2}, new double[] {4}, new double[] {-1}), new double[] {1}));
        assertEquals(
                7,
                Hypervolume.of(
                        List.of(new double[] {1, 1, 3}, new double[] {1, 3, 1}, new double[] {3, 1, 1}),
                        new double[] {0, 0, 0}),
                1e-12,
                "three boxes of 3 that overlap pairwise and all together in the unit cube: 9 - 3 + 1");
    }

    @Test
    void aChoiceNeedsAnObjective() {
        assertEquals("there must be at least 1 objective, got 0", refused(() -> Samplers.choose(SPACE, 10, 0)));
    }
}
