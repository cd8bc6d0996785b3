package dev.dspj.variable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VariableTest {

    enum Strategy {
        DIRECT,
        MULTI_HOP,
        REACT
    }

    private static final Variable ADAPTER = Variable.choice("adapter", List.of("chat", "json", "xml"), "chat");
    private static final Variable DEMOS = Variable.integer("demos", 0, 10, 5, 0);
    private static final Variable TEMPERATURE = Variable.real("temperature", 0.0, 1.5, false, 0.7);
    private static final Variable RATE = Variable.real("rate", 1e-4, 1e-1, true, 1e-3);
    private static final Variable CACHE = Variable.bool("cache", true);

    @Test
    void discreteValuesSitAtTheCentresOfTheirCells() {
        assertEquals(1 / 6.0, ADAPTER.toUnit("chat"), 1e-15);
        assertEquals(0.5, ADAPTER.toUnit("json"), 1e-15);
        assertEquals(5 / 6.0, ADAPTER.toUnit("xml"), 1e-15);
        assertEquals(0.25, CACHE.toUnit(false), 1e-15);
        assertEquals(0.75, CACHE.toUnit(true), 1e-15);
        // 0, 5, 10 in steps of 5: three cells.
        assertEquals(1 / 6.0, DEMOS.toUnit(0L), 1e-15);
        assertEquals(0.5, DEMOS.toUnit(5), 1e-15);
        assertEquals(5 / 6.0, DEMOS.toUnit(10L), 1e-15);
        for (Variable variable : List.of(ADAPTER, DEMOS, CACHE)) {
            for (Object value : variable.values()) {
                assertEquals(value, variable.fromUnit(variable.toUnit(value)), variable.name() + " round trip");
            }
            assertEquals(variable.values().get(0), variable.fromUnit(0.0));
            assertEquals(variable.values().get(variable.values().size() - 1), variable.fromUnit(1.0));
        }
        assertEquals(5L, DEMOS.fromUnit(0.34), "cells split the interval evenly: [1/3, 2/3) is 5");
        assertEquals(10L, DEMOS.fromUnit(7.0), "clamped");
        assertEquals(0L, DEMOS.fromUnit(-1.0), "clamped");
        assertEquals("json", ADAPTER.fromUnit(Double.NaN), "NaN is the middle");
    }

    @Test
    void realValuesMapLinearlyOrInTheirLogarithm() {
        assertEquals(0.0, TEMPERATURE.toUnit(0.0));
        assertEquals(1.0, TEMPERATURE.toUnit(1.5));
        assertEquals(0.5, TEMPERATURE.toUnit(0.75), 1e-15);
        assertEquals(0.5, RATE.toUnit(Math.sqrt(1e-4 * 1e-1)), 1e-12, "the geometric middle on a log scale");
        assertEquals(1e-4, (Double) RATE.fromUnit(0.0), 1e-18);
        assertEquals(1e-1, (Double) RATE.fromUnit(1.0), 1e-15);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            double u = random.nextDouble();
            for (Variable variable : List.of(TEMPERATURE, RATE)) {
                Object value = variable.fromUnit(u);
                assertEquals(u, variable.toUnit(value), 1e-12, variable.name() + " at " + u);
            }
        }
        assertEquals(0.5, Variable.real("fixed", 2.0, 2.0, false, 2.0).toUnit(2.0), "a single point is the middle");
    }

    @Test
    void valuesAreCheckedAndMadeCanonical() {
        assertEquals(5L, DEMOS.normalize(5));
        assertEquals(5L, DEMOS.normalize(5.0), "a whole double is a whole number");
        assertEquals(0.5, TEMPERATURE.normalize(0.5f));
        assertEquals(1.0, TEMPERATURE.normalize(1));
        assertEquals(true, CACHE.normalize("true"));
        Variable strategy = Variable.ofEnum("strategy", Strategy.class, Strategy.DIRECT);
        assertEquals("MULTI_HOP", strategy.normalize(Strategy.MULTI_HOP));
        assertEquals(Optional.of(Strategy.class), strategy.enumType());
        assertEquals(List.of("DIRECT", "MULTI_HOP", "REACT"), strategy.choices());
        assertEquals("DIRECT", strategy.defaultValue());
    }

    @Test
    void errorsNameTheVariableTheValueAndWhatIsAllowed() {
        assertEquals(
                "variable 'adapter' must be one of [chat, json, xml], got 'yaml' (text)",
                assertThrows(IllegalArgumentException.class, () -> ADAPTER.normalize("yaml"))
                        .getMessage());
        assertEquals(
                "variable 'demos' must be a whole number in [0, 10] in steps of 5 from 0, got 3 (Integer)",
                assertThrows(IllegalArgumentException.class, () -> DEMOS.normalize(3))
                        .getMessage());
        assertEquals(
                "variable 'temperature' must be a number in [0.0, 1.5], got 2.0 (Double)",
                assertThrows(IllegalArgumentException.class, () -> TEMPERATURE.normalize(2.0))
                        .getMessage());
        assertEquals(
                "variable 'cache' must be true or false, got 'yes' (text)",
                assertThrows(IllegalArgumentException.class, () -> CACHE.normalize("yes"))
                        .getMessage());
        assertEquals(
                "variable 'temperature' must be a number in [0.0, 1.5], got null",
                assertThrows(IllegalArgumentException.class, () -> TEMPERATURE.normalize(null))
                        .getMessage());
    }

    @Test
    void factoriesRejectBrokenDeclarations() {
        assertEquals(
                "variable 'a' lists the choice 'x' twice",
                assertThrows(IllegalArgumentException.class, () -> Variable.choice("a", List.of("x", "y", "x"), "x"))
                        .getMessage());
        assertEquals(
                "variable 'a' must be one of [x, y], got 'z' (text)",
                assertThrows(IllegalArgumentException.class, () -> Variable.choice("a", List.of("x", "y"), "z"))
                        .getMessage(),
                "the default is checked");
        assertEquals(
                "variable 'n' has a step of 3 that does not divide its range [0, 10]",
                assertThrows(IllegalArgumentException.class, () -> Variable.integer("n", 0, 10, 3, 0))
                        .getMessage());
        assertEquals(
                "variable 'lr' is on a log scale, so min must be > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> Variable.real("lr", 0.0, 1.0, true, 0.5))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Variable.bool("2fast", false))
                .getMessage()
                .startsWith("variable name '2fast' is not valid"));
        for (String path :
                List.of("generateQuery[0].instruction", "hops[1].retrieve.k", "byTopic['sports news'].model")) {
            assertEquals(path, Variable.integer(path, 1, 3, 1, 1).name(), "a predictor path is a valid name");
        }
        for (String bad : List.of("hops[x].k", "hops[0", "a..b", "[0].k", "a.b[0]x")) {
            assertThrows(IllegalArgumentException.class, () -> Variable.bool(bad, false), bad);
        }
        assertEquals(
                "variable 'hops' cannot depend on itself",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Variable.integer("hops", 1, 3, 1, 1).when("hops", "2"))
                        .getMessage());
    }

    @Test
    void cardinalityValuesAndGridValues() {
        assertEquals(3, ADAPTER.cardinality());
        assertEquals(3, DEMOS.cardinality());
        assertEquals(-1, TEMPERATURE.cardinality());
        assertTrue(DEMOS.isDiscrete());
        assertFalse(TEMPERATURE.isDiscrete());
        assertEquals(List.of(0L, 5L, 10L), DEMOS.values());
        assertEquals(List.of(0L, 5L, 10L), DEMOS.gridValues(10), "every value when they fit");
        assertEquals(
                List.of(0L, 50L, 100L),
                Variable.integer("tokens", 0, 100, 1, 0).gridValues(3),
                "a wide integer is spread evenly");
        assertEquals(List.of(0.0, 0.75, 1.5), TEMPERATURE.gridValues(3));
        List<Object> logGrid = RATE.gridValues(4);
        assertEquals(4, logGrid.size());
        assertEquals(1e-3, (Double) logGrid.get(1), 1e-15, "even in the logarithm");
        assertEquals(List.of(0.7), TEMPERATURE.gridValues(1), "one point is the default");
        assertThrows(IllegalStateException.class, TEMPERATURE::values);
    }

    @Test
    void samplesStayInRangeAndOnTheStep() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 500; i++) {
            long demos = (Long) DEMOS.sample(random);
            assertTrue(demos % 5 == 0 && demos >= 0 && demos <= 10);
            double rate = (Double) RATE.sample(random);
            assertTrue(rate >= 1e-4 && rate <= 1e-1);
            assertTrue(ADAPTER.choices().contains((String) ADAPTER.sample(random)));
        }
    }

    @Test
    void conditionsAndDescriptions() {
        Variable hops = Variable.integer("hops", 1, 3, 1, 2)
                .when("strategy", "MULTI_HOP", "REACT")
                .describedAs("retrieval hops");
        assertEquals(
                new Condition("strategy", Set.of("MULTI_HOP", "REACT")),
                hops.condition().orElseThrow());
        assertEquals("retrieval hops", hops.description());
        assertEquals("hops integer [1..3] default 2 when strategy=MULTI_HOP|REACT", hops.describe());
        assertTrue(hops.condition()
                .get()
                .test(Configuration.builder().put("strategy", "REACT").build()));
        assertFalse(hops.condition()
                .get()
                .test(Configuration.builder().put("strategy", "DIRECT").build()));
        assertFalse(hops.condition().get().test(Configuration.empty()), "an absent parent does not hold");
        assertTrue(
                new Condition("k", Set.of("3"))
                        .test(Configuration.builder().put("k", 3).build()),
                "numbers are compared as text");
    }
}
