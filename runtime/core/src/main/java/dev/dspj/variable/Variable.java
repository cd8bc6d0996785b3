package dev.dspj.variable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One thing an optimizer may change in a program: which adapter, which module, which model, the
 * temperature, the number of demos, or any knob a user declares with {@code @Variable}.
 *
 * <p>A variable has a {@link Kind}, the values it may take (choices, or bounds with a step or a
 * log scale), a default, a description for reports and, optionally, a {@link Condition} naming
 * another variable that must have given values for this one to matter. Variables are immutable;
 * the {@code describedAs}/{@code when} methods return changed copies.
 *
 * <pre>{@code
 * Variable adapter = Variable.choice("adapter", List.of("chat", "json", "xml"), "chat");
 * Variable temperature = Variable.real("temperature", 0.0, 1.5, false, 0.0).describedAs("sampling temperature");
 * Variable hops = Variable.integer("hops", 1, 4, 1, 2).when("strategy", "MULTI_HOP");
 * }</pre>
 *
 * <p>Search strategies see every variable through the unit interval: {@link #toUnit(Object)} maps
 * a value into [0, 1] and {@link #fromUnit(double)} back, so a sampler works the same way on
 * choices, integers and log-scaled reals.
 */
public final class Variable {

    /** What kind of values a variable takes. */
    /** The largest whole number every smaller one of which a double holds exactly: 2^53. */
    private static final long MAX_EXACT = 1L << 53;

    public enum Kind {
        /** One of a list of texts (also enum constants, by name). */
        CHOICE,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A whole number between bounds, moving by a step. */
        INTEGER,
        /** A real number between bounds, optionally on a log scale. */
        FLOAT
    }

    /** Dotted segments, each a Java-like name with optional list indexes and map keys: {@code hops[0].k}, {@code byTopic['k'].model}. */
    private static final String SEGMENT = "[A-Za-z_][A-Za-z0-9_]*(\\[[0-9]+\\]|\\['[^']*'\\])*";

    private static final Pattern NAME = Pattern.compile(SEGMENT + "(\\." + SEGMENT + ")*");

    private final String name;
    private final Kind kind;
    private final String description;
    private final List<String> choices;
    private final double min;
    private final double max;
    private final double step;
    private final boolean logScale;
    // null only on the draft a factory builds before it applies the default with withDefault
    private final @Nullable Object defaultValue;
    private final @Nullable Condition condition;
    private final @Nullable Class<?> enumType;

    private Variable(
            String name,
            Kind kind,
            String description,
            List<String> choices,
            double min,
            double max,
            double step,
            boolean logScale,
            @Nullable Object defaultValue,
            @Nullable Condition condition,
            @Nullable Class<?> enumType) {
        this.name = name;
        this.kind = kind;
        this.description = description;
        this.choices = choices;
        this.min = min;
        this.max = max;
        this.step = step;
        this.logScale = logScale;
        this.defaultValue = defaultValue;
        this.condition = condition;
        this.enumType = enumType;
    }

    /**
     * A variable choosing among texts.
     *
     * @param name the variable's name (letters, digits, underscores; dots separate a predictor
     *     path from a built-in variable's name)
     * @param choices the values, at least one, no duplicates
     * @param defaultValue the default, one of the choices
     * @return the variable
     * @throws IllegalArgumentException naming the variable when a rule is broken
     */
    public static Variable choice(String name, List<String> choices, String defaultValue) {
        checkName(name);
        if (choices == null || choices.isEmpty()) {
            throw new IllegalArgumentException("variable '" + name + "' needs at least one choice");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String choice : choices) {
            if (choice == null) {
                throw new IllegalArgumentException("variable '" + name + "' has a null choice");
            }
            if (!distinct.add(choice)) {
                throw new IllegalArgumentException("variable '" + name + "' lists the choice '" + choice + "' twice");
            }
        }
        Variable variable = new Variable(
                name, Kind.CHOICE, "", List.copyOf(choices), 0, choices.size() - 1, 1, false, null, null, null);
        return variable.withDefault(defaultValue);
    }

    /**
     * A variable choosing among the constants of an enum; its values are the constants' names.
     *
     * @param name the variable's name
     * @param type the enum class
     * @param defaultValue the default constant
     * @param <E> the enum type
     * @return the variable
     */
    public static <E extends Enum<E>> Variable ofEnum(String name, Class<E> type, E defaultValue) {
        List<String> names =
                Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        Variable variable = choice(
                name,
                names,
                Objects.requireNonNull(defaultValue, "defaultValue").name());
        return new Variable(
                name,
                Kind.CHOICE,
                "",
                variable.choices,
                variable.min,
                variable.max,
                1,
                false,
                variable.defaultValue,
                null,
                type);
    }

    /**
     * A boolean variable.
     *
     * @param name the variable's name
     * @param defaultValue the default
     * @return the variable
     */
    public static Variable bool(String name, boolean defaultValue) {
        checkName(name);
        return new Variable(name, Kind.BOOLEAN, "", List.of("false", "true"), 0, 1, 1, false, defaultValue, null, null);
    }

    /**
     * A whole-number variable in [{@code min}, {@code max}] moving by {@code step}.
     *
     * @param name the variable's name
     * @param min the lower bound, inclusive
     * @param max the upper bound, inclusive; reachable from {@code min} in whole steps
     * @param step the distance between values, at least 1
     * @param defaultValue the default, on the grid
     * @return the variable
     * @throws IllegalArgumentException naming the variable when a rule is broken
     */
    public static Variable integer(String name, long min, long max, long step, long defaultValue) {
        checkName(name);
        if (min > max) {
            throw new IllegalArgumentException("variable '" + name + "' has min " + min + " > max " + max);
        }
        if (step < 1) {
            throw new IllegalArgumentException("variable '" + name + "' needs a step of at least 1, got " + step);
        }
        if (Math.abs(min) > MAX_EXACT || Math.abs(max) > MAX_EXACT) {
            // bounds are held as doubles (min(), max()): beyond 2^53 they would round to other numbers
            throw new IllegalArgumentException("variable '" + name + "' needs bounds within ±2^53 (" + MAX_EXACT
                    + "), got [" + min + ", " + max + "]");
        }
        if ((max - min) % step != 0) {
            throw new IllegalArgumentException("variable '" + name + "' has a step of " + step
                    + " that does not divide its range [" + min + ", " + max + "]");
        }
        Variable variable = new Variable(name, Kind.INTEGER, "", List.of(), min, max, step, false, null, null, null);
        return variable.withDefault(defaultValue);
    }

    /**
     * A real-number variable in [{@code min}, {@code max}].
     *
     * @param name the variable's name
     * @param min the lower bound, inclusive, finite (positive on a log scale)
     * @param max the upper bound, inclusive, finite
     * @param logScale whether values are searched evenly in their logarithm
     * @param defaultValue the default, within the bounds
     * @return the variable
     * @throws IllegalArgumentException naming the variable when a rule is broken
     */
    public static Variable real(String name, double min, double max, boolean logScale, double defaultValue) {
        checkName(name);
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException(
                    "variable '" + name + "' needs finite bounds, got [" + min + ", " + max + "]");
        }
        if (min > max) {
            throw new IllegalArgumentException("variable '" + name + "' has min " + min + " > max " + max);
        }
        if (logScale && min <= 0) {
            throw new IllegalArgumentException(
                    "variable '" + name + "' is on a log scale, so min must be > 0, got " + min);
        }
        Variable variable = new Variable(name, Kind.FLOAT, "", List.of(), min, max, 0, logScale, null, null, null);
        return variable.withDefault(defaultValue);
    }

    /**
     * A copy with a description, shown in reports.
     *
     * @param description what the variable controls
     * @return the changed copy
     */
    public Variable describedAs(String description) {
        return new Variable(
                name,
                kind,
                description == null ? "" : description,
                choices,
                min,
                max,
                step,
                logScale,
                defaultValue,
                condition,
                enumType);
    }

    /**
     * A copy that is active only while another variable has one of the given values.
     *
     * @param variable the other variable's name
     * @param values its values, as text, under which this variable is active
     * @return the changed copy
     */
    public Variable when(String variable, String... values) {
        if (name.equals(variable)) {
            throw new IllegalArgumentException("variable '" + name + "' cannot depend on itself");
        }
        return new Variable(
                name,
                kind,
                description,
                choices,
                min,
                max,
                step,
                logScale,
                defaultValue,
                new Condition(variable, Set.of(values)),
                enumType);
    }

    /**
     * A copy with another default.
     *
     * @param value the default, a valid value of the variable
     * @return the changed copy
     */
    public Variable withDefault(Object value) {
        return new Variable(
                name, kind, description, choices, min, max, step, logScale, normalize(value), condition, enumType);
    }

    /**
     * The name used in configurations and reports.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The kind of values.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * What the variable controls.
     *
     * @return the description; empty for none
     */
    public String description() {
        return description;
    }

    /**
     * The values of a choice variable ({@code "false", "true"} for a boolean one).
     *
     * @return the choices; empty for numeric variables
     */
    public List<String> choices() {
        return kind == Kind.CHOICE || kind == Kind.BOOLEAN ? choices : List.of();
    }

    /**
     * The lower bound of a numeric variable.
     *
     * @return the bound (0 for choices)
     */
    public double min() {
        return min;
    }

    /**
     * The upper bound of a numeric variable.
     *
     * @return the bound (the last choice's index for choices)
     */
    public double max() {
        return max;
    }

    /**
     * The step of an integer variable.
     *
     * @return the step; 0 for real variables
     */
    public double step() {
        return step;
    }

    /**
     * Whether a real variable is searched on a log scale.
     *
     * @return true for a log scale
     */
    public boolean logScale() {
        return logScale;
    }

    /**
     * The default value, in canonical form.
     *
     * @return the default
     */
    public Object defaultValue() {
        return Objects.requireNonNull(defaultValue, () -> "variable '" + name + "' has no default yet");
    }

    /**
     * When the variable is meaningful.
     *
     * @return the condition; empty when always active
     */
    public Optional<Condition> condition() {
        return Optional.ofNullable(condition);
    }

    /**
     * The enum whose constants a choice variable made with {@link #ofEnum} chooses among.
     *
     * @return the enum class; empty for other variables
     */
    public Optional<Class<?>> enumType() {
        return Optional.ofNullable(enumType);
    }

    /**
     * Whether the variable has finitely many values (every kind but {@link Kind#FLOAT}).
     *
     * @return true when discrete
     */
    public boolean isDiscrete() {
        return kind != Kind.FLOAT;
    }

    /**
     * The number of values of a discrete variable.
     *
     * @return the count; -1 for a real variable
     */
    public long cardinality() {
        return switch (kind) {
            case CHOICE, BOOLEAN -> choices.size();
            case INTEGER -> (long) ((max - min) / step) + 1;
            case FLOAT -> -1;
        };
    }

    /**
     * Every value of a discrete variable, in order.
     *
     * @return the values
     * @throws IllegalStateException for a real variable, or an integer one with over a million values
     */
    public List<Object> values() {
        long count = cardinality();
        if (count < 0 || count > 1_000_000) {
            throw new IllegalStateException("variable '" + name + "' has no finite list of values"
                    + (count > 0 ? " (" + count + " values)" : ""));
        }
        List<Object> values = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            values.add(valueAt(i));
        }
        return values;
    }

    /**
     * The values a grid search tries: every value of a choice or boolean variable; every value of
     * an integer variable with at most {@code continuousPoints} values, else that many spread
     * evenly; {@code continuousPoints} evenly spread values of a real variable (in the log when on
     * a log scale).
     *
     * @param continuousPoints the number of points for a real or wide integer variable, at least 1
     * @return the grid values, distinct and in order
     */
    public List<Object> gridValues(int continuousPoints) {
        if (continuousPoints < 1) {
            throw new IllegalArgumentException("continuousPoints must be at least 1, got " + continuousPoints);
        }
        long count = cardinality();
        if (kind != Kind.FLOAT && (kind != Kind.INTEGER || count <= continuousPoints)) {
            return values();
        }
        Set<Object> points = new LinkedHashSet<>();
        if (continuousPoints == 1) {
            points.add(defaultValue);
        } else {
            for (int i = 0; i < continuousPoints; i++) {
                double u = (double) i / (continuousPoints - 1);
                points.add(kind == Kind.FLOAT ? realAt(u) : valueAt(Math.round(u * (count - 1))));
            }
        }
        return List.copyOf(points);
    }

    /**
     * Checks a value and converts it to the canonical form: text for choices (an enum constant
     * gives its name), {@code Boolean}, {@code Long}, {@code Double}.
     *
     * @param value the value
     * @return the canonical value
     * @throws IllegalArgumentException naming the variable, the value and what is allowed
     */
    public Object normalize(@Nullable Object value) {
        switch (kind) {
            case CHOICE -> {
                String text =
                        value instanceof Enum<?> constant ? constant.name() : value instanceof String s ? s : null;
                if (text != null && choices.contains(text)) {
                    return text;
                }
                throw invalid(value, "one of " + choices);
            }
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    return b;
                }
                if ("true".equals(value) || "false".equals(value)) {
                    return Boolean.valueOf((String) value);
                }
                throw invalid(value, "true or false");
            }
            case INTEGER -> {
                Long whole = wholeNumber(value);
                if (whole != null && whole >= min && whole <= max && (whole - (long) min) % (long) step == 0) {
                    return whole;
                }
                throw invalid(
                        value,
                        "a whole number in [" + (long) min + ", " + (long) max + "]"
                                + (step > 1 ? " in steps of " + (long) step + " from " + (long) min : ""));
            }
            default -> {
                if (value instanceof Number number && !(value instanceof Double d && d.isNaN())) {
                    double real = number.doubleValue();
                    if (real >= min && real <= max) {
                        return real;
                    }
                }
                throw invalid(value, "a number in [" + min + ", " + max + "]");
            }
        }
    }

    /**
     * Maps a value into [0, 1]: a discrete variable's i-th of n values to (i + 0.5) / n, a real one
     * linearly (or in its logarithm) between its bounds.
     *
     * @param value a valid value
     * @return the position in [0, 1]
     */
    public double toUnit(Object value) {
        Object canonical = normalize(value);
        if (kind == Kind.FLOAT) {
            double real = (Double) canonical;
            if (max == min) {
                return 0.5;
            }
            return logScale
                    ? (Math.log(real) - Math.log(min)) / (Math.log(max) - Math.log(min))
                    : (real - min) / (max - min);
        }
        long index = switch (kind) {
            case CHOICE -> choices.indexOf(canonical);
            case BOOLEAN -> (Boolean) canonical ? 1 : 0;
            default -> ((Long) canonical - (long) min) / (long) step;
        };
        return (index + 0.5) / cardinality();
    }

    /**
     * The value at a position of the unit interval, the inverse of {@link #toUnit(Object)}
     * (positions outside [0, 1] are clamped).
     *
     * @param unit the position
     * @return the canonical value
     */
    public Object fromUnit(double unit) {
        double u = Double.isNaN(unit) ? 0.5 : Math.max(0, Math.min(1, unit));
        if (kind == Kind.FLOAT) {
            return realAt(u);
        }
        long count = cardinality();
        return valueAt(Math.min(count - 1, (long) Math.floor(u * count)));
    }

    /**
     * A value drawn uniformly (uniformly in the logarithm on a log scale).
     *
     * @param random the source of randomness
     * @return the canonical value
     */
    public Object sample(RandomGenerator random) {
        if (kind == Kind.FLOAT) {
            return realAt(random.nextDouble());
        }
        return valueAt(random.nextLong(cardinality()));
    }

    private double realAt(double u) {
        double value = logScale ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
        return Math.max(min, Math.min(max, value));
    }

    private Object valueAt(long index) {
        return switch (kind) {
            case CHOICE -> choices.get((int) index);
            case BOOLEAN -> index == 1;
            case INTEGER -> (long) min + index * (long) step;
            case FLOAT -> throw new IllegalStateException("real variable '" + name + "' has no indexed values");
        };
    }

    private static @Nullable Long wholeNumber(@Nullable Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9e15) {
                return (long) d;
            }
        }
        return null;
    }

    private IllegalArgumentException invalid(@Nullable Object value, String expected) {
        return new IllegalArgumentException("variable '" + name + "' must be " + expected + ", got "
                + (value == null ? "null" : Configuration.describe(value)));
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("variable name '" + name
                    + "' is not valid: use letters, digits and underscores, not starting with a digit"
                    + " (predictor paths such as hops[0].k and byTopic['sports'].model are allowed too)");
        }
    }

    /**
     * A one-line description: name, kind, values or bounds, default and condition.
     *
     * @return the description
     */
    public String describe() {
        String values = switch (kind) {
            case CHOICE, BOOLEAN -> String.join("|", choices);
            case INTEGER -> "[" + (long) min + ".." + (long) max + (step > 1 ? " step " + (long) step : "") + "]";
            case FLOAT -> "[" + min + ", " + max + "]" + (logScale ? " log" : "");
        };
        return name + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + values + " default " + defaultValue
                + (condition == null ? "" : " when " + condition);
    }

    /** A {@link #describe()} line: name, kind, and what follows the kind. */
    private static final Pattern DESCRIBED = Pattern.compile(
            "(?<name>" + NAME.pattern() + ") (?<kind>choice|boolean|integer|float) (?<rest>.*)", Pattern.DOTALL);

    private static final Pattern DESCRIBED_BOOLEAN =
            Pattern.compile("false\\|true default (false|true)(?: when (.*))?", Pattern.DOTALL);
    private static final Pattern DESCRIBED_INTEGER = Pattern.compile(
            "\\[(-?[0-9]+)\\.\\.(-?[0-9]+)(?: step ([0-9]+))?\\] default (-?[0-9]+)(?: when (.*))?", Pattern.DOTALL);
    private static final Pattern DESCRIBED_FLOAT =
            Pattern.compile("\\[(\\S+), (\\S+)\\]( log)? default (\\S+)(?: when (.*))?", Pattern.DOTALL);
    private static final Pattern DESCRIBED_CONDITION =
            Pattern.compile("(?<variable>" + NAME.pattern() + ")=(?<values>.*)", Pattern.DOTALL);

    /**
     * The variable a {@link #describe()} line describes: the inverse of {@code describe()}, for
     * reading the variables back from a stored study. The description ({@link #describedAs}) and
     * an enum type are not part of the line, so the variable read back has neither (its values are
     * the constants' names all the same). A choice that contains {@code |} cannot be told apart
     * from two choices and is refused.
     *
     * @param description a line written by {@link #describe()}, such as
     *     {@code temperature float [0.0, 1.5] default 0.7} or {@code hops integer [1..4] default 2 when strategy=MULTI_HOP}
     * @return the variable
     * @throws IllegalArgumentException when the line is not one {@code describe()} writes
     */
    public static Variable fromDescription(String description) {
        Objects.requireNonNull(description, "description");
        Matcher line = DESCRIBED.matcher(description);
        if (!line.matches()) {
            throw notDescribed(
                    description, "expected '<name> <choice|boolean|integer|float> <values> default <value>'");
        }
        String name = line.group("name");
        String rest = line.group("rest");
        try {
            return switch (line.group("kind")) {
                case "boolean" -> {
                    Matcher m = matching(DESCRIBED_BOOLEAN, rest, description, "false|true default <true|false>");
                    yield conditioned(bool(name, Boolean.parseBoolean(m.group(1))), m.group(2), description);
                }
                case "integer" -> {
                    Matcher m = matching(DESCRIBED_INTEGER, rest, description, "[<min>..<max> step <n>] default <n>");
                    long step = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
                    Variable variable = integer(
                            name,
                            Long.parseLong(m.group(1)),
                            Long.parseLong(m.group(2)),
                            step,
                            Long.parseLong(m.group(4)));
                    yield conditioned(variable, m.group(5), description);
                }
                case "float" -> {
                    Matcher m = matching(DESCRIBED_FLOAT, rest, description, "[<min>, <max>] log default <x>");
                    Variable variable = real(
                            name,
                            Double.parseDouble(m.group(1)),
                            Double.parseDouble(m.group(2)),
                            m.group(3) != null,
                            Double.parseDouble(m.group(4)));
                    yield conditioned(variable, m.group(5), description);
                }
                default -> choiceFromDescription(name, rest, description);
            };
        } catch (IllegalArgumentException e) { // also a NumberFormatException
            if (String.valueOf(e.getMessage()).startsWith(NOT_DESCRIBED)) {
                throw e;
            }
            throw notDescribed(description, String.valueOf(e.getMessage()));
        }
    }

    /** A choice variable's values and default: the split at " default " that leaves a default among the choices. */
    private static Variable choiceFromDescription(String name, String rest, String description) {
        String separator = " default ";
        for (int at = rest.indexOf(separator); at >= 0; at = rest.indexOf(separator, at + 1)) {
            List<String> choices = List.of(rest.substring(0, at).split("\\|", -1));
            String after = rest.substring(at + separator.length());
            for (String choice : choices) {
                if (after.equals(choice)) {
                    return choice(name, choices, choice);
                }
                if (after.startsWith(choice + " when ")) {
                    return conditioned(
                            choice(name, choices, choice),
                            after.substring(choice.length() + " when ".length()),
                            description);
                }
            }
        }
        throw notDescribed(description, "expected '<choice>|<choice>... default <one of them>'");
    }

    private static Matcher matching(Pattern pattern, String text, String description, String expected) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.matches()) {
            throw notDescribed(description, "expected '<name> <kind> " + expected + "'");
        }
        return matcher;
    }

    private static Variable conditioned(Variable variable, @Nullable String condition, String description) {
        if (condition == null) {
            return variable;
        }
        Matcher m = DESCRIBED_CONDITION.matcher(condition);
        if (!m.matches()) {
            throw notDescribed(description, "expected 'when <variable>=<value>|<value>...' after the default");
        }
        return variable.when(m.group("variable"), m.group("values").split("\\|", -1));
    }

    private static final String NOT_DESCRIBED = "not a variable description: ";

    private static IllegalArgumentException notDescribed(String description, String why) {
        return new IllegalArgumentException(NOT_DESCRIBED + "'" + description + "': " + why);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Variable that
                && name.equals(that.name)
                && kind == that.kind
                && choices.equals(that.choices)
                && min == that.min
                && max == that.max
                && step == that.step
                && logScale == that.logScale
                && Objects.equals(defaultValue, that.defaultValue)
                && Objects.equals(condition, that.condition)
                && description.equals(that.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, choices, min, max, step, logScale, defaultValue, condition);
    }

    @Override
    public String toString() {
        return describe();
    }
}
