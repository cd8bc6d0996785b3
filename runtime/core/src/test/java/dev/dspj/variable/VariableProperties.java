package dev.dspj.variable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Configurations survive their JSON form with the same hash, whatever the insertion order; and
 * every configuration a variable space samples is valid: inside each variable's bounds, on its
 * steps, among its choices, with exactly the active variables present.
 */
class VariableProperties {

    enum Level {
        LOW,
        HIGH
    }

    // ---- Configuration ---------------------------------------------------------------------

    @Provide
    Arbitrary<Map<String, Object>> configurationValues() {
        Arbitrary<String> names =
                Arbitraries.strings().ofMinLength(1).ofMaxLength(12).filter(n -> !n.isBlank());
        Arbitrary<Object> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.of(true, false),
                Arbitraries.longs(),
                Arbitraries.integers(),
                Arbitraries.doubles().filter(Double::isFinite),
                Arbitraries.of(0.1, -0.0, 1e20, 1e-300, Double.MAX_VALUE, Double.MIN_VALUE, 9007199254740992.0, 3.0),
                Arbitraries.floats().filter(Float::isFinite),
                Arbitraries.of(Level.class));
        return Arbitraries.maps(names, values).ofMaxSize(8);
    }

    @Property(tries = 500)
    void configurationJsonRoundTrip(@ForAll("configurationValues") Map<String, Object> values) {
        Configuration configuration = Configuration.of(values);
        Configuration read = Configuration.fromJson(configuration.toJson());
        assertEquals(configuration, read, configuration.toJson());
        assertEquals(configuration.toJson(), read.toJson());
        assertEquals(configuration.hash(), read.hash());
        assertTrue(configuration.hash().matches("[0-9a-f]{16}"), configuration.hash());
    }

    @Property(tries = 300)
    void configurationIsTheSameWhateverTheInsertionOrder(
            @ForAll("configurationValues") Map<String, Object> values, @ForAll Random random) {
        List<String> names = new ArrayList<>(values.keySet());
        Collections.shuffle(names, random);
        Map<String, Object> shuffled = new LinkedHashMap<>();
        names.forEach(n -> shuffled.put(n, values.get(n)));
        Configuration a = Configuration.of(values);
        Configuration b = Configuration.of(shuffled);
        assertEquals(a, b);
        assertEquals(a.toJson(), b.toJson());
        assertEquals(a.hash(), b.hash());
        assertEquals(a.hashCode(), b.hashCode());
    }

    // ---- VariableSpace ---------------------------------------------------------------------

    /** One variable of any kind, without its condition; {@code index} makes its name. */
    static Arbitrary<Variable> variable(int index) {
        String name = "v" + index;
        Arbitrary<Variable> choice = Arbitraries.strings()
                .alpha()
                .ofMinLength(1)
                .ofMaxLength(5)
                .set()
                .ofMinSize(1)
                .ofMaxSize(5)
                .map(set -> {
                    List<String> choices = List.copyOf(set);
                    return Variable.choice(name, choices, choices.get(0));
                });
        Arbitrary<Variable> bool = Arbitraries.of(true, false).map(d -> Variable.bool(name, d));
        Arbitrary<Variable> integer = Combinators.combine(
                        Arbitraries.oneOf(
                                Arbitraries.longs().between(-1000, 1000),
                                Arbitraries.of(-(1L << 53), (1L << 53) - 400, 4_503_599_627_370_497L)),
                        Arbitraries.longs().between(0, 50),
                        Arbitraries.longs().between(1, 7),
                        Arbitraries.longs().between(0, 50))
                .as((min, steps, step, at) ->
                        Variable.integer(name, min, min + steps * step, step, min + Math.min(at, steps) * step));
        Arbitrary<Variable> real = Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.doubles().between(-1e6, 1e6), Arbitraries.of(1e-12, 0.0, -1e300)),
                        Arbitraries.oneOf(Arbitraries.doubles().between(0, 1e6), Arbitraries.of(0.0, 1e-9, 1e300)),
                        Arbitraries.of(true, false),
                        Arbitraries.doubles().between(0, 1))
                .as((min, width, log, at) -> {
                    boolean logScale = log && min > 0;
                    double max = min + width;
                    return Variable.real(name, min, max, logScale, Math.max(min, Math.min(max, min + at * width)));
                });
        return Arbitraries.oneOf(choice, bool, integer, real);
    }

    /**
     * A space of up to six variables, some conditional on an earlier choice or boolean variable,
     * declared in a shuffled order (the space orders them by dependency).
     */
    @Provide
    Arbitrary<VariableSpace> spaces() {
        return Arbitraries.integers().between(1, 6).flatMap(n -> {
            List<Arbitrary<Variable>> variables = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                variables.add(variable(i));
            }
            return Combinators.combine(
                            Combinators.combine(variables).as(List::copyOf),
                            Arbitraries.integers().between(0, 100).list().ofSize(n),
                            Arbitraries.randoms())
                    .as((list, picks, random) -> {
                        List<Variable> withConditions = new ArrayList<>();
                        for (int i = 0; i < list.size(); i++) {
                            Variable v = list.get(i);
                            List<Variable> parents = withConditions.stream()
                                    .filter(p -> p.kind() == Variable.Kind.CHOICE || p.kind() == Variable.Kind.BOOLEAN)
                                    .toList();
                            int pick = picks.get(i);
                            if (!parents.isEmpty() && pick % 2 == 0) {
                                Variable parent = parents.get(pick % parents.size());
                                List<String> on = parent.kind() == Variable.Kind.BOOLEAN
                                        ? List.of(pick % 4 == 0 ? "true" : "false")
                                        : List.of(parent.choices()
                                                .get(pick % parent.choices().size()));
                                v = v.when(parent.name(), on.toArray(String[]::new));
                            }
                            withConditions.add(v);
                        }
                        Collections.shuffle(withConditions, random);
                        return VariableSpace.of(withConditions);
                    });
        });
    }

    @Property(tries = 500)
    void everySampledConfigurationIsValid(@ForAll("spaces") VariableSpace space, @ForAll long seed) {
        Random random = new Random(seed);
        List<Configuration> samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            samples.add(space.sample(random));
        }
        samples.add(space.defaults());
        samples.addAll(space.latinHypercube(3, random));
        for (Configuration configuration : samples) {
            assertEquals(List.of(), space.problems(configuration), configuration.toString());
            for (Variable variable : space.variables()) {
                boolean active = space.isActive(variable, configuration);
                assertEquals(active, configuration.has(variable.name()), variable + " in " + configuration);
                if (active) {
                    assertInside(variable, configuration.get(variable.name()));
                }
            }
            assertEquals(configuration, Configuration.fromJson(configuration.toJson()));
        }
    }

    @Example
    void integerBoundsADoubleCannotHoldAreRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Variable.integer("n", Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, 3, Long.MAX_VALUE / 4));
        assertTrue(e.getMessage().contains("2^53"), e.getMessage());
        long big = 1L << 53;
        Variable edge = Variable.integer("n", big - 6, big, 3, big - 3);
        assertEquals(big - 3, edge.normalize(big - 3));
        assertEquals(big, Variable.integer("m", big - 1, big, 1, big).defaultValue());
    }

    private static void assertInside(Variable variable, Object value) {
        switch (variable.kind()) {
            case CHOICE -> assertTrue(variable.choices().contains((String) value), variable + ": " + value);
            case BOOLEAN -> assertTrue(value instanceof Boolean, variable + ": " + value);
            case INTEGER -> {
                long v = (Long) value;
                java.math.BigDecimal min = java.math.BigDecimal.valueOf(variable.min());
                java.math.BigDecimal offset = java.math.BigDecimal.valueOf(v).subtract(min);
                assertTrue(v >= variable.min() && v <= variable.max(), variable + ": " + value);
                assertEquals(
                        0,
                        offset.remainder(java.math.BigDecimal.valueOf(variable.step()))
                                .signum(),
                        variable + ": " + value + " is off its steps");
            }
            case FLOAT -> {
                double v = (Double) value;
                assertTrue(v >= variable.min() && v <= variable.max(), variable + ": " + value);
            }
        }
    }
}
