package dev.dspj.variable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Everything an optimizer may vary in a program: a set of {@link Variable}s, in an order where each
 * conditional variable comes after the variable it depends on, and constraints that a
 * configuration must satisfy (for example "chain of thought only with the larger models").
 *
 * <pre>{@code
 * VariableSpace space = VariableSpace.builder()
 *         .add(Variable.choice("model", List.of("sim-small", "sim-large"), "sim-small"))
 *         .add(Variable.real("temperature", 0.0, 1.0, false, 0.0))
 *         .constraint("large model only at temperature <= 0.5",
 *                 c -> !c.getString("model").equals("sim-large") || c.getDouble("temperature") <= 0.5)
 *         .build();
 * space.validate(configuration);     // InvalidConfigurationException listing every problem
 * space.sample(new Random(7));       // uniform over the active variables, constraints respected
 * }</pre>
 *
 * <p>A variable is <em>active</em> in a configuration when it has no condition, or its condition's
 * variable is active and has one of the condition's values. A valid configuration holds a value
 * for every active variable and none for inactive ones.
 */
public final class VariableSpace {

    private static final VariableSpace EMPTY = new VariableSpace(List.of(), List.of());
    private static final int MAX_REJECTIONS = 10_000;

    private final List<Variable> variables;
    private final Map<String, Variable> byName;
    private final List<NamedConstraint> constraints;

    /**
     * A constraint between variables, with the description used in error messages.
     *
     * @param description what the constraint requires, in words
     * @param test true for a configuration that satisfies it
     */
    public record NamedConstraint(String description, Predicate<Configuration> test) {

        /**
         * Checks the parts.
         *
         * @param description the description
         * @param test the test
         */
        public NamedConstraint {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(test, "test");
        }
    }

    private VariableSpace(List<Variable> variables, List<NamedConstraint> constraints) {
        this.variables = dependencyOrder(variables);
        Map<String, Variable> map = new LinkedHashMap<>();
        for (Variable variable : this.variables) {
            map.put(variable.name(), variable);
        }
        this.byName = Collections.unmodifiableMap(map);
        this.constraints = List.copyOf(constraints);
    }

    /**
     * The space with no variables.
     *
     * @return the empty space
     */
    public static VariableSpace empty() {
        return EMPTY;
    }

    /**
     * A space of the given variables, without constraints.
     *
     * @param variables the variables, with distinct names
     * @return the space
     * @throws IllegalArgumentException for duplicate names, a condition on an unknown variable or
     *     value, or a cycle of conditions
     */
    public static VariableSpace of(Variable... variables) {
        return new VariableSpace(List.of(variables), List.of());
    }

    /**
     * A space of the given variables, without constraints.
     *
     * @param variables the variables, with distinct names
     * @return the space
     */
    public static VariableSpace of(List<Variable> variables) {
        return new VariableSpace(List.copyOf(variables), List.of());
    }

    /**
     * A builder for a space with constraints.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * This space and another together: the variables and constraints of both.
     *
     * @param other the other space, whose variable names differ from this one's
     * @return the combined space
     */
    public VariableSpace plus(VariableSpace other) {
        if (other.variables.isEmpty() && other.constraints.isEmpty()) {
            return this;
        }
        List<Variable> all = new ArrayList<>(variables);
        all.addAll(other.variables);
        List<NamedConstraint> allConstraints = new ArrayList<>(constraints);
        allConstraints.addAll(other.constraints);
        return new VariableSpace(all, allConstraints);
    }

    /**
     * The variables, each conditional one after the variable it depends on (otherwise in the order
     * given).
     *
     * @return the variables
     */
    public List<Variable> variables() {
        return variables;
    }

    /**
     * A variable by name.
     *
     * @param name the name
     * @return the variable; empty when the space has none of that name
     */
    public Optional<Variable> variable(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The variable names, in dependency order.
     *
     * @return the names
     */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * The constraints.
     *
     * @return the constraints
     */
    public List<NamedConstraint> constraints() {
        return constraints;
    }

    /**
     * The number of variables.
     *
     * @return the dimensionality
     */
    public int dimensionality() {
        return variables.size();
    }

    /**
     * Whether a variable is active in a configuration (see the class description).
     *
     * @param variable a variable of this space
     * @param configuration the configuration
     * @return true when active
     */
    public boolean isActive(Variable variable, Configuration configuration) {
        Variable current = variable;
        for (int depth = 0; depth <= variables.size(); depth++) {
            Optional<Condition> condition = current.condition();
            if (condition.isEmpty()) {
                return true;
            }
            if (!condition.get().test(configuration)) {
                return false;
            }
            current = Objects.requireNonNull(
                    byName.get(condition.get().variable()),
                    "a condition names a variable of the space (checked when built)");
        }
        return false;
    }

    /**
     * The configuration of every active variable's default.
     *
     * @return the defaults
     */
    public Configuration defaults() {
        return complete(Configuration.empty(), variable -> variable.defaultValue());
    }

    /**
     * Every problem of a configuration: unknown variables, missing values of active variables,
     * values of inactive variables, values outside a variable's range or choices, violated
     * constraints.
     *
     * @param configuration the configuration
     * @return the problems; empty when valid
     */
    public List<String> problems(Configuration configuration) {
        List<String> problems = new ArrayList<>();
        for (String name : configuration.names()) {
            if (!byName.containsKey(name)) {
                problems.add("unknown variable '" + name + "'; the space has " + byName.keySet());
            }
        }
        for (Variable variable : variables) {
            boolean present = configuration.has(variable.name());
            boolean active = isActive(variable, configuration);
            if (active && !present) {
                problems.add("missing a value for variable '" + variable.name() + "' (" + variable.describe() + ")");
            } else if (!active && present) {
                problems.add("variable '" + variable.name() + "' is set but inactive: it applies only when "
                        + variable.condition().map(Condition::toString).orElse("?"));
            } else if (present) {
                try {
                    variable.normalize(configuration.get(variable.name()));
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        if (problems.isEmpty()) {
            for (NamedConstraint constraint : constraints) {
                if (!constraint.test().test(configuration)) {
                    problems.add("violates the constraint: " + constraint.description());
                }
            }
        }
        return problems;
    }

    /**
     * Checks a configuration.
     *
     * @param configuration the configuration
     * @return the configuration, for chaining
     * @throws InvalidConfigurationException listing every problem
     */
    public Configuration validate(Configuration configuration) {
        List<String> problems = problems(configuration);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(configuration, problems);
        }
        return configuration;
    }

    /**
     * Whether a configuration satisfies every constraint (values and activity aside).
     *
     * @param configuration the configuration
     * @return true when every constraint holds
     */
    public boolean satisfiesConstraints(Configuration configuration) {
        for (NamedConstraint constraint : constraints) {
            if (!constraint.test().test(configuration)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Completes a partial configuration in dependency order: keeps the values it has for active
     * variables, asks {@code valueOf} for the missing ones, drops values of inactive variables.
     *
     * @param partial the values chosen so far
     * @param valueOf the value for an active variable the partial configuration lacks
     * @return the completed configuration (not checked against constraints)
     */
    public Configuration complete(Configuration partial, java.util.function.Function<Variable, Object> valueOf) {
        Configuration.Builder builder = Configuration.builder();
        Configuration sofar = Configuration.empty();
        for (Variable variable : variables) {
            if (!isActive(variable, sofar)) {
                continue;
            }
            Object value = partial.has(variable.name()) ? partial.get(variable.name()) : valueOf.apply(variable);
            value = variable.normalize(value);
            builder.put(variable.name(), value);
            sofar = sofar.with(variable.name(), value);
        }
        return builder.build();
    }

    /**
     * A configuration drawn uniformly: each active variable independently, redrawn until the
     * constraints hold.
     *
     * @param random the source of randomness
     * @return the configuration
     * @throws IllegalStateException when 10,000 draws never satisfied the constraints
     */
    public Configuration sample(RandomGenerator random) {
        for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
            Configuration candidate = complete(Configuration.empty(), variable -> variable.sample(random));
            if (satisfiesConstraints(candidate)) {
                return candidate;
            }
        }
        throw unsatisfiable();
    }

    /**
     * {@code n} configurations from a Latin hypercube: each variable's unit interval is cut into
     * {@code n} strata and every stratum is used once, so even a few samples spread over every
     * variable's range. Samples that violate a constraint are replaced by uniform draws.
     *
     * @param n the number of configurations
     * @param random the source of randomness
     * @return the configurations
     */
    public List<Configuration> latinHypercube(int n, RandomGenerator random) {
        if (n < 1) {
            throw new IllegalArgumentException("a Latin hypercube needs at least one sample, got " + n);
        }
        Map<String, double[]> positions = new LinkedHashMap<>();
        for (Variable variable : variables) {
            double[] strata = new double[n];
            for (int i = 0; i < n; i++) {
                strata[i] = (i + random.nextDouble()) / n;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                double swap = strata[i];
                strata[i] = strata[j];
                strata[j] = swap;
            }
            positions.put(variable.name(), strata);
        }
        List<Configuration> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int row = i;
            Configuration candidate = complete(
                    Configuration.empty(),
                    variable -> variable.fromUnit(
                            Objects.requireNonNull(positions.get(variable.name()), "every variable has positions")[
                                    row]));
            samples.add(satisfiesConstraints(candidate) ? candidate : sample(random));
        }
        return samples;
    }

    /**
     * The number of configurations of {@link #grid(int)}, before constraints are applied.
     *
     * @param continuousPoints the points per real (or wide integer) variable
     * @return the count, saturating at {@code Long.MAX_VALUE}
     */
    public long gridSize(int continuousPoints) {
        return gridSize(Configuration.empty(), 0, continuousPoints);
    }

    private long gridSize(Configuration sofar, int index, int points) {
        if (index == variables.size()) {
            return 1;
        }
        Variable variable = variables.get(index);
        if (!isActive(variable, sofar)) {
            return gridSize(sofar, index + 1, points);
        }
        boolean parentOfOthers = variables.stream()
                .anyMatch(v -> v.condition()
                        .map(c -> c.variable().equals(variable.name()))
                        .orElse(false));
        List<Object> values = variable.gridValues(points);
        if (!parentOfOthers) {
            long rest = gridSize(sofar, index + 1, points);
            return multiply(values.size(), rest);
        }
        long total = 0;
        for (Object value : values) {
            total = add(total, gridSize(sofar.with(variable.name(), value), index + 1, points));
        }
        return total;
    }

    /**
     * Every combination of the variables' {@linkplain Variable#gridValues(int) grid values}, with
     * inactive variables left out and configurations that violate a constraint dropped.
     *
     * @param continuousPoints the points per real (or wide integer) variable
     * @return the configurations, in lexicographic order of the variables
     * @throws IllegalStateException when the grid has more than ten million points
     */
    public List<Configuration> grid(int continuousPoints) {
        long size = gridSize(continuousPoints);
        if (size > 10_000_000) {
            throw new IllegalStateException("the grid has " + size + " configurations; use a sampler instead");
        }
        List<Configuration> out = new ArrayList<>((int) size);
        grid(Configuration.empty(), 0, continuousPoints, out);
        return out;
    }

    private void grid(Configuration sofar, int index, int points, List<Configuration> out) {
        if (index == variables.size()) {
            if (satisfiesConstraints(sofar)) {
                out.add(sofar);
            }
            return;
        }
        Variable variable = variables.get(index);
        if (!isActive(variable, sofar)) {
            grid(sofar, index + 1, points, out);
            return;
        }
        for (Object value : variable.gridValues(points)) {
            grid(sofar.with(variable.name(), value), index + 1, points, out);
        }
    }

    private IllegalStateException unsatisfiable() {
        List<String> descriptions =
                constraints.stream().map(NamedConstraint::description).toList();
        return new IllegalStateException("no configuration satisfying the constraints " + descriptions + " found in "
                + MAX_REJECTIONS + " draws; are they contradictory?");
    }

    private static long multiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long add(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static List<Variable> dependencyOrder(List<Variable> variables) {
        Map<String, Variable> byName = new LinkedHashMap<>();
        for (Variable variable : variables) {
            if (byName.put(variable.name(), variable) != null) {
                throw new IllegalArgumentException("the space has two variables named '" + variable.name() + "'");
            }
        }
        for (Variable variable : variables) {
            Optional<Condition> condition = variable.condition();
            if (condition.isEmpty()) {
                continue;
            }
            Variable parent = byName.get(condition.get().variable());
            if (parent == null) {
                throw new IllegalArgumentException("variable '" + variable.name() + "' depends on '"
                        + condition.get().variable() + "', which is not in the space " + byName.keySet());
            }
            if (parent.kind() == Variable.Kind.FLOAT) {
                throw new IllegalArgumentException("variable '" + variable.name() + "' depends on real variable '"
                        + parent.name() + "'; conditions must name a choice, boolean or integer variable");
            }
            List<String> parentValues =
                    parent.values().stream().map(Condition::text).toList();
            for (String value : condition.get().values()) {
                if (!parentValues.contains(value)) {
                    throw new IllegalArgumentException("variable '" + variable.name() + "' depends on '" + parent.name()
                            + "' being '" + value + "', which is not one of its values " + parentValues);
                }
            }
        }
        List<Variable> ordered = new ArrayList<>(variables.size());
        Map<String, Integer> state = new LinkedHashMap<>();
        for (Variable variable : variables) {
            visit(variable, byName, state, ordered, new ArrayList<>());
        }
        return List.copyOf(ordered);
    }

    private static void visit(
            Variable variable,
            Map<String, Variable> byName,
            Map<String, Integer> state,
            List<Variable> ordered,
            List<String> path) {
        Integer mark = state.get(variable.name());
        if (mark != null && mark == 2) {
            return;
        }
        path.add(variable.name());
        if (mark != null) {
            throw new IllegalArgumentException(
                    "variables depend on each other in a cycle: " + String.join(" -> ", path));
        }
        state.put(variable.name(), 1);
        Optional<Condition> condition = variable.condition();
        if (condition.isPresent()) {
            visit(
                    Objects.requireNonNull(
                            byName.get(condition.get().variable()),
                            "a condition names a variable of the space (checked before)"),
                    byName,
                    state,
                    ordered,
                    path);
        }
        state.put(variable.name(), 2);
        path.remove(path.size() - 1);
        ordered.add(variable);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("VariableSpace[");
        for (Variable variable : variables) {
            text.append("\n  ").append(variable.describe());
        }
        for (NamedConstraint constraint : constraints) {
            text.append("\n  constraint: ").append(constraint.description());
        }
        return text.append(variables.isEmpty() ? "]" : "\n]").toString();
    }

    /** Collects variables and constraints for a {@link VariableSpace}. */
    public static final class Builder {

        private final List<Variable> variables = new ArrayList<>();
        private final List<NamedConstraint> constraints = new ArrayList<>();

        private Builder() {}

        /**
         * Adds a variable.
         *
         * @param variable the variable
         * @return this builder
         */
        public Builder add(Variable variable) {
            variables.add(Objects.requireNonNull(variable, "variable"));
            return this;
        }

        /**
         * Adds every variable and constraint of a space.
         *
         * @param space the space
         * @return this builder
         */
        public Builder addAll(VariableSpace space) {
            variables.addAll(space.variables);
            constraints.addAll(space.constraints);
            return this;
        }

        /**
         * Adds a constraint that every configuration must satisfy.
         *
         * @param description what it requires, in words (shown when violated)
         * @param test true for configurations that satisfy it; it sees only active variables
         * @return this builder
         */
        public Builder constraint(String description, Predicate<Configuration> test) {
            constraints.add(new NamedConstraint(description, test));
            return this;
        }

        /**
         * The space.
         *
         * @return the built space
         * @throws IllegalArgumentException for duplicate names, bad conditions or a cycle
         */
        public VariableSpace build() {
            return new VariableSpace(variables, constraints);
        }
    }
}
