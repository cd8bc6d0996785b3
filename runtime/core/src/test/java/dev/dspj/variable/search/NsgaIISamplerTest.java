package dev.dspj.variable.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

class NsgaIISamplerTest {

    private static final VariableSpace LINE = VariableSpace.of(Variable.real("x", 0.0, 1.0, false, 0.5));

    private static Configuration c(double x) {
        return Configuration.builder().put("x", x).build();
    }

    private static List<Observation> observations(double[][] values) {
        List<Observation> list = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            list.add(Observation.of(c(i / 100.0), values[i]));
        }
        return list;
    }

    @Test
    void generationsFollowTheCountOfTrials() {
        NsgaIISampler nsga = NsgaIISampler.builder().populationSize(4).build();
        assertEquals(4, nsga.populationSize(LINE));
        assertEquals(0, nsga.generation(LINE, List.of(), List.of()));
        List<Observation> three = observations(new double[][] {{1}, {2}, {3}});
        assertEquals(0, nsga.generation(LINE, three, List.of()));
        assertEquals(1, nsga.generation(LINE, three, List.of(c(0.9))), "pending trials count");
        assertEquals(List.of(), nsga.parentPopulation(LINE, three), "no parents before generation 0 completes");
        assertEquals(20, NsgaIISampler.create().populationSize(LINE), "the default for small spaces");
    }

    @Test
    void parentsAreTheEliteOfEachGenerationAndTheSurvivorsBeforeIt() {
        NsgaIISampler nsga = NsgaIISampler.builder().populationSize(4).build();
        // Generation 0: values 1, 5, 3, 7; generation 1: 2, 8, 6, 0 (one objective).
        List<Observation> completed = observations(new double[][] {{1}, {5}, {3}, {7}, {2}, {8}, {6}, {0}, {9}});
        assertEquals(
                completed.subList(0, 4).stream().collect(java.util.stream.Collectors.toSet()),
                new HashSet<>(nsga.parentPopulation(LINE, completed.subList(0, 7))),
                "generation 0 survives whole");
        Set<Double> best = new HashSet<>();
        for (Observation o : nsga.parentPopulation(LINE, completed)) {
            best.add(o.value(0));
        }
        assertEquals(
                Set.of(8.0, 7.0, 6.0, 5.0),
                best,
                "the best 4 of generations 0 and 1; the trial of generation 2 does not count yet");
    }

    @Test
    void theLastFrontIsCutByCrowdingDistance() {
        // One front of 5 points on a line; 4 survive: the two extremes (infinite distance) and
        // the two whose neighbours are farthest apart.
        List<Observation> front = observations(new double[][] {{0, 10}, {1, 9}, {5, 5}, {9, 1}, {10, 0}});
        List<Observation> survivors = NsgaIISampler.survivors(front, 4);
        Set<Integer> kept = new HashSet<>();
        for (Observation o : survivors) {
            kept.add((int) o.value(0));
        }
        // Distances: (1, 9) -> 5/10 + 5/10 = 1.0, (5, 5) -> 8/10 + 8/10 = 1.6, (9, 1) -> 1.0.
        assertTrue(kept.containsAll(Set.of(0, 10, 5)), kept.toString());
        assertEquals(4, kept.size());
        // A dominated point never survives ahead of the front.
        List<Observation> withDominated = observations(new double[][] {{0, 10}, {10, 0}, {4, 4}, {5, 5}});
        assertTrue(NsgaIISampler.survivors(withDominated, 3).stream().noneMatch(o -> o.value(0) == 4));
    }

    @Test
    void firstGenerationIsALatinHypercube() {
        NsgaIISampler nsga = NsgaIISampler.builder().populationSize(10).build();
        List<Configuration> pending = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 10; i++) {
            pending.add(nsga.propose(LINE, List.of(), pending, random).orElseThrow());
        }
        Set<Integer> strata = new HashSet<>();
        for (Configuration configuration : pending) {
            strata.add((int) Math.floor(configuration.getDouble("x") * 10));
        }
        assertEquals(10, strata.size(), "each tenth of [0, 1] once: " + pending);
    }

    @Test
    void childrenAreValidUniqueAndRespectConditionsAndConstraints() {
        VariableSpace space = VariableSpace.builder()
                .add(Variable.choice("module", List.of("predict", "react"), "predict"))
                .add(Variable.integer("max_iters", 1, 5, 1, 3).when("module", "react"))
                .add(Variable.real("temperature", 0.0, 1.0, false, 0.0))
                .add(Variable.bool("cache", true))
                .constraint(
                        "react only below temperature 0.8",
                        c -> !c.getString("module").equals("react") || c.getDouble("temperature") < 0.8)
                .build();
        NsgaIISampler nsga = NsgaIISampler.builder().populationSize(8).build();
        List<Observation> completed = new ArrayList<>();
        Set<Configuration> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(6);
        for (int trial = 0; trial < 80; trial++) {
            Configuration next =
                    nsga.propose(space, completed, List.of(), random).orElseThrow();
            assertEquals(List.of(), space.problems(next), "trial " + trial);
            assertEquals(next.getString("module").equals("react"), next.has("max_iters"));
            assertTrue(seen.add(next), "repeated " + next);
            double reward = next.has("max_iters") ? next.getLong("max_iters") : 0;
            completed.add(Observation.of(next, reward, -next.getDouble("temperature")));
        }
        assertEquals(10, nsga.generation(space, completed, List.of()));
    }

    @Test
    void aSeededSamplerDependsOnlyOnTheHistory() {
        NsgaIISampler seeded =
                NsgaIISampler.builder().populationSize(4).seed(17).build();
        List<Observation> completed = observations(new double[][] {{1, 2}, {2, 1}, {0, 3}, {3, 0}, {1, 1}});
        Configuration a = seeded.propose(LINE, completed, List.of(), new SplittableRandom(1))
                .orElseThrow();
        Configuration b = seeded.propose(LINE, completed, List.of(), new SplittableRandom(999))
                .orElseThrow();
        assertEquals(a, b, "the caller's generator is ignored");
        Configuration c = seeded.propose(LINE, completed, List.of(a), new SplittableRandom(1))
                .orElseThrow();
        assertNotEquals(a, c, "a pending trial changes the history");
    }

    @Test
    void crossoversStayInTheUnitInterval() {
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 2000; i++) {
            double x1 = random.nextDouble();
            double x2 = random.nextDouble();
            double sbx = NsgaIISampler.sbx(x1, x2, i % 2 == 0 ? 2 : 20, random);
            assertTrue(sbx >= 0 && sbx <= 1, "sbx " + sbx);
            double blx = NsgaIISampler.blxAlpha(x1, x2, random);
            double d = Math.abs(x1 - x2);
            assertTrue(
                    blx >= Math.max(0, Math.min(x1, x2) - 0.5 * d) - 1e-12
                            && blx <= Math.min(1, Math.max(x1, x2) + 0.5 * d) + 1e-12,
                    "blx " + blx);
        }
    }
}
