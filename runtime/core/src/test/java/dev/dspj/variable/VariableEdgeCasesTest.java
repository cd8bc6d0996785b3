package dev.dspj.variable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The declarations a variable refuses, and how values of every type are made canonical. */
class VariableEdgeCasesTest {

    enum Strategy {
        DIRECT,
        REACT
    }

    private static String refused(Executable declaration) {
        return assertThrows(IllegalArgumentException.class, declaration).getMessage();
    }

    @Test
    void brokenDeclarationsAreRefusedNamingTheVariable() {
        assertEquals(
                "variable 'adapter' needs at least one choice",
                refused(() -> Variable.choice("adapter", List.of(), "chat")));
        assertEquals(
                "variable 'adapter' needs at least one choice",
                refused(() -> Variable.choice("adapter", null, "chat")));
        assertEquals(
                "variable 'adapter' has a null choice",
                refused(() -> Variable.choice("adapter", Arrays.asList("chat", null), "chat")));
        assertEquals("variable 'k' has min 5 > max 1", refused(() -> Variable.integer("k", 5, 1, 1, 5)));
        assertEquals(
                "variable 'k' needs a step of at least 1, got 0", refused(() -> Variable.integer("k", 0, 4, 0, 0)));
        assertEquals(
                "variable 'k' needs bounds within ±2^53 (9007199254740992), got [0, 9007199254740993]",
                refused(() -> Variable.integer("k", 0, (1L << 53) + 1, 1, 0)));
        assertEquals(
                "variable 't' needs finite bounds, got [0.0, Infinity]",
                refused(() -> Variable.real("t", 0, Double.POSITIVE_INFINITY, false, 0)));
        assertEquals(
                "variable 't' needs finite bounds, got [NaN, 1.0]",
                refused(() -> Variable.real("t", Double.NaN, 1, false, 0)));
        assertEquals("variable 't' has min 2.0 > max 1.0", refused(() -> Variable.real("t", 2, 1, false, 1)));
        assertTrue(refused(() -> Variable.bool(null, true)).startsWith("variable name 'null' is not valid"));
        assertEquals(
                "condition on 'strategy' needs at least one value",
                refused(() -> Variable.bool("cache", true).when("strategy")));
    }

    @Test
    void choicesAcceptTheirTextOrEnumConstantAndNothingElse() {
        Variable strategy = Variable.ofEnum("strategy", Strategy.class, Strategy.DIRECT);
        assertEquals("REACT", strategy.normalize(Strategy.REACT));
        assertEquals("REACT", strategy.normalize("REACT"));
        assertEquals(
                "variable 'strategy' must be one of [DIRECT, REACT], got 1 (Integer)",
                refused(() -> strategy.normalize(1)));
        assertEquals(
                "variable 'strategy' must be one of [DIRECT, REACT], got 'react' (text)",
                refused(() -> strategy.normalize("react")));
    }

    @Test
    void booleansAcceptTheirText() {
        Variable cache = Variable.bool("cache", false);
        assertEquals(true, cache.normalize("true"));
        assertEquals(false, cache.normalize("false"));
        assertEquals(List.of("false", "true"), cache.choices());
        assertEquals("variable 'cache' must be true or false, got 1 (Integer)", refused(() -> cache.normalize(1)));
    }

    @Test
    void integersAcceptWholeNumbersOfAnyTypeOnTheGrid() {
        Variable demos = Variable.integer("demos", 0, 8, 1, 4);
        assertEquals(5L, demos.normalize(5.0));
        assertEquals(6L, demos.normalize(6.0f));
        assertEquals(7L, demos.normalize((short) 7));
        assertEquals(8L, demos.normalize((byte) 8));
        assertEquals(
                "variable 'demos' must be a whole number in [0, 8], got 2.5 (Double)",
                refused(() -> demos.normalize(2.5)));
        assertEquals(
                "variable 'demos' must be a whole number in [0, 8], got '3' (text)",
                refused(() -> demos.normalize("3")));
        assertEquals(
                "variable 'demos' must be a whole number in [0, 8], got 9 (Long)", refused(() -> demos.normalize(9L)));
        assertEquals(
                "variable 'demos' must be a whole number in [0, 8], got 1.0E16 (Double)",
                refused(() -> demos.normalize(1e16)),
                "a double too large to be held exactly is not taken for a whole number");
        assertEquals(List.of(), demos.choices(), "a numeric variable has no choices");
    }

    @Test
    void realsAcceptAnyNumberInTheirBoundsButNotNaNOrText() {
        Variable temperature = Variable.real("temperature", 0, 1, false, 0.5);
        assertEquals(0.25, temperature.normalize(0.25f));
        assertEquals(1.0, temperature.normalize(1));
        assertEquals(
                "variable 'temperature' must be a number in [0.0, 1.0], got NaN (Double)",
                refused(() -> temperature.normalize(Double.NaN)));
        assertEquals(
                "variable 'temperature' must be a number in [0.0, 1.0], got '0.5' (text)",
                refused(() -> temperature.normalize("0.5")));
        assertEquals(
                0.5, Variable.real("fixed", 2, 2, false, 2).toUnit(2.0), "a single-point range sits in the middle");
    }

    @Test
    void onlySmallDiscreteVariablesListTheirValues() {
        IllegalStateException wide = assertThrows(
                IllegalStateException.class,
                () -> Variable.integer("tokens", 0, 2_000_000, 1, 0).values());
        assertEquals("variable 'tokens' has no finite list of values (2000001 values)", wide.getMessage());
        IllegalStateException real = assertThrows(
                IllegalStateException.class,
                () -> Variable.real("t", 0, 1, false, 0).values());
        assertEquals("variable 't' has no finite list of values", real.getMessage());
        assertEquals(
                "continuousPoints must be at least 1, got 0",
                refused(() -> Variable.real("t", 0, 1, false, 0).gridValues(0)));
    }

    @Test
    void descriptionsShowStepsAndLogScales() {
        assertEquals(
                "k integer [0..10 step 5] default 5",
                Variable.integer("k", 0, 10, 5, 5).describe());
        assertEquals(
                "rate float [1.0E-4, 0.1] log default 0.001",
                Variable.real("rate", 1e-4, 0.1, true, 1e-3).toString());
        assertEquals("", Variable.bool("cache", true).describedAs(null).description());
    }

    @Test
    void equalityCoversEveryPartOfTheDeclaration() {
        Variable base = Variable.integer("k", 0, 10, 1, 3);
        assertEquals(base, Variable.integer("k", 0, 10, 1, 3));
        assertEquals(base.hashCode(), Variable.integer("k", 0, 10, 1, 3).hashCode());
        assertNotEquals(base, base.describedAs("how many"));
        assertNotEquals(base, base.withDefault(4));
        assertNotEquals(base, base.when("strategy", "REACT"));
        assertNotEquals(base, Variable.integer("k", 0, 10, 2, 2));
        assertNotEquals(base, Variable.integer("j", 0, 10, 1, 3));
        assertNotEquals(base, Variable.real("k", 0, 10, false, 3));
        assertNotEquals(Variable.real("k", 1, 10, false, 3), Variable.real("k", 1, 10, true, 3));
        assertNotEquals(Variable.choice("a", List.of("x", "y"), "x"), Variable.choice("a", List.of("y", "x"), "x"));
        assertFalse(base.equals("k"));
    }

    @Test
    void conditionsCompareWholeDoublesAsIntegers() {
        Condition threeHops = new Condition("hops", Set.of("3"));
        assertTrue(threeHops.test(Configuration.builder().put("hops", 3.0).build()));
        assertFalse(threeHops.test(Configuration.builder().put("hops", 3.5).build()));
        assertTrue(new Condition("rate", Set.of("0.5"))
                .test(Configuration.builder().put("rate", 0.5).build()));
        assertEquals("1.0E15", Condition.text(1e15), "large doubles keep their own form");
    }
}
