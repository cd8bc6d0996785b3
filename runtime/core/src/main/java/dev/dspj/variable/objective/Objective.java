package dev.dspj.variable.objective;

import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One thing a search optimizes, read from a trial's {@link Measurement}, with a direction and a
 * weight for the weighted score. The four standard ones follow DSPEx's evaluator: accuracy
 * (weight 0.4, maximized), cost per call (0.3, minimized), latency (0.2, minimized) and
 * reliability (0.1, maximized).
 *
 * <pre>{@code
 * List<Objective> objectives = List.of(Objective.accuracy(), Objective.cost().withWeight(0.5));
 * Objective custom = Objective.of("tokens", Direction.MINIMIZE, 0.1, m -> m.promptTokens() + m.completionTokens());
 * }</pre>
 *
 * @param name the name shown in reports and stored in studies
 * @param direction whether more or less is better
 * @param weight the weight in the weighted score, at least 0
 * @param unit the unit shown in reports ({@code ""}, {@code "$"}, {@code "ms"})
 * @param reader reads the objective's value out of a measurement
 */
public record Objective(
        String name, Direction direction, double weight, String unit, ToDoubleFunction<Measurement> reader) {

    /** The name of the accuracy objective. */
    public static final String ACCURACY = "accuracy";
    /** The name of the cost objective. */
    public static final String COST = "cost";
    /** The name of the latency objective. */
    public static final String LATENCY = "latency";
    /** The name of the reliability objective. */
    public static final String RELIABILITY = "reliability";

    /**
     * Checks the parts.
     *
     * @param name the name
     * @param direction the direction
     * @param weight the weight
     * @param unit the unit
     * @param reader the reader
     */
    public Objective {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an objective needs a name");
        }
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(reader, "reader");
        unit = unit == null ? "" : unit;
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("objective '" + name + "' needs a finite weight >= 0, got " + weight);
        }
    }

    /**
     * A custom objective.
     *
     * @param name the name
     * @param direction whether more or less is better
     * @param weight the weight in the weighted score
     * @param reader reads the value out of a measurement
     * @return the objective
     */
    public static Objective of(String name, Direction direction, double weight, ToDoubleFunction<Measurement> reader) {
        return new Objective(name, direction, weight, "", reader);
    }

    /**
     * The metric's mean score, maximized, weight 0.4.
     *
     * @return the objective
     */
    public static Objective accuracy() {
        return new Objective(ACCURACY, Direction.MAXIMIZE, 0.4, "", Measurement::accuracy);
    }

    /**
     * The list-price cost per program call in US dollars, minimized, weight 0.3.
     *
     * @return the objective
     */
    public static Objective cost() {
        return new Objective(COST, Direction.MINIMIZE, 0.3, "$", Measurement::costPerCall);
    }

    /**
     * The median latency per program call in milliseconds, minimized, weight 0.2.
     *
     * @return the objective
     */
    public static Objective latency() {
        return new Objective(LATENCY, Direction.MINIMIZE, 0.2, "ms", Measurement::latencyP50Ms);
    }

    /**
     * The 95th-percentile latency per program call in milliseconds, minimized, weight 0.2.
     *
     * @return the objective
     */
    public static Objective latencyP95() {
        return new Objective("latency_p95", Direction.MINIMIZE, 0.2, "ms", Measurement::latencyP95Ms);
    }

    /**
     * The share of model calls that parsed without fallback or retry, maximized, weight 0.1.
     *
     * @return the objective
     */
    public static Objective reliability() {
        return new Objective(RELIABILITY, Direction.MAXIMIZE, 0.1, "", Measurement::reliability);
    }

    /** What {@link #toString()} writes: {@code name (direction, weight w)}. */
    private static final Pattern DESCRIBED =
            Pattern.compile("(.+) \\((maximize|minimize), weight ([^)\\s]+)\\)", Pattern.DOTALL);

    /**
     * The objective a {@link #toString()} text names, as a search stores its objectives in a study:
     * the inverse of {@code toString()}. The standard objectives ({@value #ACCURACY}, {@value #COST},
     * {@value #LATENCY}, {@code latency_p95}, {@value #RELIABILITY}) come back whole, with the
     * stored weight. Any other name is a custom objective whose reader is not stored: it comes back
     * with the name, direction and weight, and a reader that throws, since the values of a stored
     * study's trials are stored with them.
     *
     * @param description a text written by {@code toString()}, such as {@code accuracy (maximize, weight 0.4)}
     * @return the objective
     * @throws IllegalArgumentException when the text is not one {@code toString()} writes, or names
     *     a standard objective with another direction
     */
    public static Objective fromDescription(String description) {
        Objects.requireNonNull(description, "description");
        Matcher m = DESCRIBED.matcher(description);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an objective description: '" + description
                    + "': expected '<name> (maximize|minimize, weight <w>)'");
        }
        String name = m.group(1);
        Direction direction = Direction.valueOf(m.group(2).toUpperCase(Locale.ROOT));
        double weight;
        try {
            weight = Double.parseDouble(m.group(3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "not an objective description: '" + description + "': the weight is not a number", e);
        }
        @Nullable
        Objective standard = switch (name) {
            case ACCURACY -> accuracy();
            case COST -> cost();
            case LATENCY -> latency();
            case "latency_p95" -> latencyP95();
            case RELIABILITY -> reliability();
            default -> null;
        };
        if (standard == null) {
            return new Objective(name, direction, weight, "", measurement -> {
                throw new IllegalStateException("objective '" + name
                        + "' was read from a stored description, which does not keep how to measure it");
            });
        }
        if (standard.direction() != direction) {
            throw new IllegalArgumentException("objective description '" + description + "': " + name + " is "
                    + standard.direction().name().toLowerCase(Locale.ROOT) + "d, not " + m.group(2) + "d");
        }
        return standard.withWeight(weight);
    }

    /**
     * A copy with another weight.
     *
     * @param value the weight, at least 0
     * @return the copy
     */
    public Objective withWeight(double value) {
        return new Objective(name, direction, value, unit, reader);
    }

    /**
     * The objective's value in a measurement.
     *
     * @param measurement the measurement
     * @return the value
     */
    public double value(Measurement measurement) {
        return reader.applyAsDouble(measurement);
    }

    @Override
    public String toString() {
        return name + " (" + direction.name().toLowerCase(Locale.ROOT) + ", weight " + weight + ")";
    }
}
