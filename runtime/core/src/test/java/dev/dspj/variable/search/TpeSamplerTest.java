package dev.dspj.variable.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TpeSamplerTest {

    @Test
    void optunasDefaults() {
        assertEquals(1, TpeSampler.defaultGamma(1));
        assertEquals(1, TpeSampler.defaultGamma(10));
        assertEquals(2, TpeSampler.defaultGamma(11));
        assertEquals(25, TpeSampler.defaultGamma(300));
        assertEquals(30, TpeSampler.multiObjectiveGamma(300), "no cap for several objectives");
        assertArrayEquals(new double[] {1, 1, 1}, TpeSampler.defaultWeights(3));
        double[] w = TpeSampler.defaultWeights(28);
        assertEquals(1 / 28.0, w[0], 1e-12, "the oldest weighs 1/n");
        assertEquals((1 / 28.0 + 1) / 2, w[1], 1e-12, "then a linear ramp");
        assertEquals(1.0, w[2], 1e-12, "up to 1 at the newest 25");
        assertEquals(1.0, w[27], 1e-12);
        assertEquals(10, TpeSampler.create().startupTrials());
    }

    private static Configuration c(double x) {
        return Configuration.builder().put("x", x).build();
    }

    @Test
    void splitsOneObjectiveByValueKeepingChronologicalOrder() {
        List<Observation> completed = List.of(
                Observation.of(c(0.0), 0.1),
                Observation.of(c(0.1), 0.9),
                Observation.of(c(0.2), 0.5),
                Observation.of(c(0.3), 0.9),
                Observation.of(c(0.4), 0.2));
        TpeSampler.Split two = TpeSampler.builder().gamma(n -> 2).build().split(completed);
        assertEquals(List.of(c(0.1), c(0.3)), two.below());
        assertEquals(List.of(c(0.0), c(0.2), c(0.4)), two.above());
        assertEquals(
                List.of(c(0.1)),
                TpeSampler.builder().gamma(n -> 1).build().split(completed).below(),
                "the earlier of two equal values");
        assertFalse(two.multiObjective());
    }

    @Test
    void splitsSeveralObjectivesByFrontsThenHypervolume() {
        List<Observation> completed = List.of(
                Observation.of(c(0.0), 9, 1),
                Observation.of(c(0.1), 5, 5),
                Observation.of(c(0.2), 1, 9.5),
                Observation.of(c(0.3), 0.5, 0.5));
        // nBelow = 2 of the first front of 3: (5, 5) adds the most hypervolume, then (1, 9.5) adds
        // (1 - 0.9) x (9.5 - 5) = 0.45 against 0.4 for (9, 1), with the reference at 0.9 x the worst.
        assertEquals(List.of(1, 2), TpeSampler.multiObjectiveBelow(completed, 2));
        TpeSampler.Split split = TpeSampler.builder().gamma(n -> 2).build().split(completed);
        assertEquals(List.of(c(0.1), c(0.2)), split.below());
        assertTrue(split.multiObjective());
        assertEquals(
                List.of(0, 1, 2, 3),
                TpeSampler.multiObjectiveBelow(completed, 4).stream().sorted().toList());
    }

    /** strategy {direct, multi_hop}; hops 1..3 only for multi_hop; temperature [0, 1]. */
    private static final VariableSpace CONDITIONAL = VariableSpace.builder()
            .add(Variable.choice("strategy", List.of("direct", "multi_hop"), "direct"))
            .add(Variable.integer("hops", 1, 3, 1, 1).when("strategy", "multi_hop"))
            .add(Variable.real("temperature", 0.0, 1.0, false, 0.0))
            .build();

    private static double conditionalScore(Configuration c) {
        double hops = c.has("hops") ? c.getLong("hops") : 0;
        return hops - 2 * Math.abs(c.getDouble("temperature") - 0.3);
    }

    @Test
    void conditionalVariablesAppearOnlyWhenActiveAndAreLearnedFromThoseTrials() {
        TpeSampler tpe = TpeSampler.create();
        List<Observation> completed = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(11);
        int bestRegion = 0;
        for (int trial = 0; trial < 60; trial++) {
            Configuration next =
                    tpe.propose(CONDITIONAL, completed, List.of(), random).orElseThrow();
            assertEquals(List.of(), CONDITIONAL.problems(next));
            assertEquals(next.getString("strategy").equals("multi_hop"), next.has("hops"), next.toString());
            if (trial >= 40 && next.has("hops") && next.getLong("hops") == 3) {
                bestRegion++;
            }
            completed.add(Observation.of(next, conditionalScore(next)));
        }
        // Uniformly, multi_hop with 3 hops is 1 draw in 6; TPE settles there.
        assertTrue(bestRegion >= 12, "of the last 20 proposals, " + bestRegion + " were multi_hop with 3 hops");
    }

    @Test
    void constraintsHoldEvenWhenTheObjectivePullsAcrossThem() {
        VariableSpace space = VariableSpace.builder()
                .add(Variable.choice("model", List.of("small", "large"), "small"))
                .add(Variable.real("temperature", 0.0, 1.0, false, 0.0))
                .constraint(
                        "large only at temperature <= 0.5",
                        c -> !c.getString("model").equals("large") || c.getDouble("temperature") <= 0.5)
                .build();
        TpeSampler tpe = TpeSampler.builder().startupTrials(5).build();
        List<Observation> completed = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            Configuration next =
                    tpe.propose(space, completed, List.of(), random).orElseThrow();
            assertEquals(List.of(), space.problems(next), "trial " + trial);
            double score = (next.getString("model").equals("large") ? 1 : 0) + next.getDouble("temperature");
            completed.add(Observation.of(next, score));
        }
    }

    @Test
    void neverRepeatsAndStopsWhenAFiniteSpaceIsExhausted() {
        VariableSpace space =
                VariableSpace.of(Variable.choice("a", List.of("x", "y", "z"), "x"), Variable.integer("b", 0, 2, 1, 0));
        TpeSampler tpe = TpeSampler.builder().startupTrials(3).build();
        List<Observation> completed = new ArrayList<>();
        List<Configuration> pending = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(8);
        Set<Configuration> seen = new HashSet<>();
        for (int trial = 0; trial < 9; trial++) {
            Configuration next = tpe.propose(space, completed, pending, random).orElseThrow();
            assertTrue(seen.add(next), "repeated " + next);
            if (trial % 3 == 2) {
                pending.add(next);
            } else {
                completed.add(Observation.of(next, (double) next.getLong("b")));
            }
        }
        assertEquals(Optional.empty(), tpe.propose(space, completed, pending, random));
    }

    @Test
    void constantLiarSpreadsParallelProposals() {
        VariableSpace space = VariableSpace.of(Variable.real("x", 0.0, 1.0, false, 0.5));
        double spreadWith = 0;
        double spreadWithout = 0;
        for (int seed = 0; seed < 5; seed++) {
            SplittableRandom history = new SplittableRandom(seed);
            List<Observation> completed = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                double x = history.nextDouble();
                completed.add(Observation.of(c(x), -Math.abs(x - 0.8)));
            }
            spreadWith += spread(TpeSampler.builder().constantLiar(true).build(), space, completed, seed);
            spreadWithout += spread(TpeSampler.builder().constantLiar(false).build(), space, completed, seed);
        }
        assertTrue(
                spreadWith > spreadWithout,
                "pending trials push proposals apart: " + spreadWith + " vs " + spreadWithout);
    }

    /** The mean distance of 8 proposals made while the earlier ones are pending. */
    private static double spread(TpeSampler tpe, VariableSpace space, List<Observation> completed, int seed) {
        SplittableRandom random = new SplittableRandom(100 + seed);
        List<Configuration> pending = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pending.add(tpe.propose(space, completed, pending, random).orElseThrow());
        }
        double total = 0;
        for (Configuration a : pending) {
            for (Configuration b : pending) {
                total += Math.abs(a.getDouble("x") - b.getDouble("x"));
            }
        }
        return total / 64;
    }
}
