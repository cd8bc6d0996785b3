package dev.dspj.variable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VariableSpaceTest {

    private static final Variable STRATEGY =
            Variable.choice("strategy", List.of("direct", "multi_hop", "react"), "direct");
    private static final Variable HOPS = Variable.integer("hops", 1, 3, 1, 2).when("strategy", "multi_hop");
    private static final Variable RERANK = Variable.bool("rerank", false).when("hops", "2", "3");
    private static final Variable TEMPERATURE = Variable.real("temperature", 0.0, 1.0, false, 0.0);

    /** Declared child first: the space orders parents first. */
    private static final VariableSpace SPACE = VariableSpace.builder()
            .add(RERANK)
            .add(HOPS)
            .add(TEMPERATURE)
            .add(STRATEGY)
            .constraint(
                    "react runs at temperature <= 0.5",
                    c -> !c.getString("strategy").equals("react") || c.getDouble("temperature") <= 0.5)
            .build();

    private static Configuration config(Object... pairs) {
        Configuration.Builder builder = Configuration.builder();
        for (int i = 0; i < pairs.length; i += 2) {
            builder.put((String) pairs[i], pairs[i + 1]);
        }
        return builder.build();
    }

    @Test
    void conditionalVariablesComeAfterTheirParents() {
        assertEquals(List.of("hops", "rerank", "temperature", "strategy").size(), SPACE.dimensionality());
        List<String> names = SPACE.names();
        assertTrue(names.indexOf("strategy") < names.indexOf("hops"), names.toString());
        assertTrue(names.indexOf("hops") < names.indexOf("rerank"), names.toString());
        assertEquals(HOPS, SPACE.variable("hops").orElseThrow());
        assertTrue(SPACE.variable("nope").isEmpty());
    }

    @Test
    void activityFollowsTheChainOfConditions() {
        Configuration multi = config("strategy", "multi_hop", "hops", 3, "rerank", true, "temperature", 0.1);
        assertTrue(SPACE.isActive(RERANK, multi));
        assertFalse(SPACE.isActive(RERANK, multi.with("hops", 1)));
        assertFalse(
                SPACE.isActive(RERANK, config("strategy", "direct", "hops", 3)),
                "a condition on an inactive variable does not hold");
        assertEquals(config("strategy", "direct", "temperature", 0.0), SPACE.defaults());
    }

    @Test
    void buildRejectsCyclesUnknownParentsAndImpossibleConditions() {
        Variable a = Variable.bool("a", false).when("b", "true");
        Variable b = Variable.bool("b", false).when("a", "true");
        assertEquals(
                "variables depend on each other in a cycle: a -> b -> a",
                assertThrows(IllegalArgumentException.class, () -> VariableSpace.of(a, b))
                        .getMessage());
        assertEquals(
                "variable 'hops' depends on 'strategy', which is not in the space [hops]",
                assertThrows(IllegalArgumentException.class, () -> VariableSpace.of(HOPS))
                        .getMessage());
        assertEquals(
                "variable 'hops' depends on 'strategy' being 'multi_hop', which is not one of its values [x, y]",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> VariableSpace.of(Variable.choice("strategy", List.of("x", "y"), "x"), HOPS))
                        .getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> VariableSpace.of(
                                TEMPERATURE, Variable.bool("hot", false).when("temperature", "1")))
                .getMessage()
                .contains("conditions must name a choice, boolean or integer variable"));
        assertEquals(
                "the space has two variables named 'temperature'",
                assertThrows(IllegalArgumentException.class, () -> VariableSpace.of(TEMPERATURE, TEMPERATURE))
                        .getMessage());
    }

    @Test
    void validationListsEveryProblemNamingTheVariable() {
        Configuration bad = config("strategy", "direct", "hops", 2, "temperature", 3.0, "top_k", 5);
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> SPACE.validate(bad));
        assertEquals(
                List.of(
                        "unknown variable 'top_k'; the space has [strategy, hops, rerank, temperature]",
                        "variable 'hops' is set but inactive: it applies only when strategy=multi_hop",
                        "variable 'temperature' must be a number in [0.0, 1.0], got 3.0 (Double)"),
                e.problems());
        assertTrue(e.getMessage().contains("  - unknown variable 'top_k'"), e.getMessage());
        assertEquals(
                List.of("missing a value for variable 'hops' (hops integer [1..3] default 2 when strategy=multi_hop)"),
                SPACE.problems(config("strategy", "multi_hop", "temperature", 0.2)));
        assertEquals(
                List.of("variable 'strategy' must be one of [direct, multi_hop, react], got 'MULTI_HOP' (text)"),
                SPACE.problems(config("strategy", "MULTI_HOP", "temperature", 0.2)));
        assertEquals(
                List.of("violates the constraint: react runs at temperature <= 0.5"),
                SPACE.problems(config("strategy", "react", "temperature", 0.9)));
        assertEquals(
                config("strategy", "react", "temperature", 0.4),
                SPACE.validate(config("strategy", "react", "temperature", 0.4)));
    }

    @Test
    void gridRespectsConditionsAndConstraints() {
        VariableSpace unconstrained = VariableSpace.of(STRATEGY, HOPS, RERANK, TEMPERATURE);
        // direct: 1, react: 1, multi_hop: hops 1 (no rerank) + hops 2, 3 x rerank 2 = 5; times 3 temperatures.
        assertEquals((1 + 1 + 5) * 3, unconstrained.gridSize(3));
        List<Configuration> grid = unconstrained.grid(3);
        assertEquals(21, grid.size());
        assertEquals(21, new HashSet<>(grid).size());
        for (Configuration c : grid) {
            assertEquals(List.of(), unconstrained.problems(c), c.toString());
        }
        assertEquals(21, SPACE.gridSize(3), "gridSize counts before constraints");
        assertEquals(21 - 1, SPACE.grid(3).size(), "react at temperature 1.0 is dropped");
        assertTrue(SPACE.grid(3).stream()
                .noneMatch(c -> c.getString("strategy").equals("react") && c.getDouble("temperature") > 0.5));
    }

    @Test
    void latinHypercubeUsesEachStratumOnce() {
        VariableSpace space = VariableSpace.of(
                TEMPERATURE,
                Variable.real("rate", 1e-4, 1.0, true, 1e-2),
                Variable.choice("letter", List.of("a", "b"), "a"));
        int n = 10;
        List<Configuration> samples = space.latinHypercube(n, new SplittableRandom(4));
        assertEquals(n, samples.size());
        for (String name : List.of("temperature", "rate")) {
            Variable variable = space.variable(name).orElseThrow();
            Set<Integer> strata = new HashSet<>();
            for (Configuration c : samples) {
                strata.add((int) Math.min(n - 1, Math.floor(variable.toUnit(c.get(name)) * n)));
            }
            assertEquals(n, strata.size(), name + " strata");
        }
        assertEquals(
                5,
                samples.stream().filter(c -> c.getString("letter").equals("a")).count(),
                "a choice of 2 gets half the strata each");
    }

    @Test
    void samplingRespectsConditionsAndConstraintsAndReportsContradictions() {
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 300; i++) {
            Configuration c = SPACE.sample(random);
            assertEquals(List.of(), SPACE.problems(c), c.toString());
        }
        VariableSpace impossible = VariableSpace.builder()
                .add(TEMPERATURE)
                .constraint("hotter than 2", c -> c.getDouble("temperature") > 2)
                .build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> impossible.sample(random));
        assertTrue(e.getMessage().contains("[hotter than 2]"), e.getMessage());
    }

    @Test
    void completeFillsActiveVariablesAndDropsInactiveOnes() {
        Configuration partial = config("strategy", "multi_hop", "temperature", 0.3, "rerank", true);
        Configuration completed = SPACE.complete(partial, Variable::defaultValue);
        assertEquals(config("strategy", "multi_hop", "hops", 2, "rerank", true, "temperature", 0.3), completed);
        assertEquals(
                config("strategy", "direct", "temperature", 0.0),
                SPACE.complete(config("strategy", "direct", "hops", 3), Variable::defaultValue));
        VariableSpace both = VariableSpace.of(TEMPERATURE).plus(VariableSpace.of(Variable.bool("cache", true)));
        assertEquals(List.of("temperature", "cache"), both.names());
    }
}
