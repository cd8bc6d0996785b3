package dev.dspj.variable.report;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.objective.Direction;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.tune.TrialOutcome;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** How the reports write numbers, objective values and configuration values (always {@link Locale#ROOT}). */
final class Formats {

    /** What a report shows for a variable a configuration leaves out (an inactive conditional one). */
    static final String ABSENT = "\u2014";

    private static final String ELLIPSIS = "\u2026";

    private Formats() {}

    /**
     * A number with at most {@code digits} significant digits, in plain notation unless it is
     * very small or very large.
     */
    static String significant(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude < 1e-6 || magnitude >= 1e9) {
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", value);
        }
        return BigDecimal.valueOf(value)
                .round(new MathContext(digits))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** A number with up to four significant digits. */
    static String number(double value) {
        return significant(value, 4);
    }

    /** A dollar amount: cents for a dollar or more, three significant digits below. */
    static String usd(double value) {
        if (Math.abs(value) >= 1) {
            return String.format(Locale.ROOT, "$%.2f", value);
        }
        return "$" + significant(value, 3);
    }

    /** An objective's value in its unit: {@code 0.812}, {@code $0.000412}, {@code 350 ms}. */
    static String objective(Objective objective, double value) {
        return withUnit(value, objective.unit());
    }

    /** A value in a unit, as {@link #objective} writes it. */
    static String withUnit(double value, String unit) {
        return switch (unit) {
            case "$" -> usd(value);
            case "ms" -> String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.0f ms" : "%.1f ms", value);
            case "" -> Math.abs(value) <= 1 ? String.format(Locale.ROOT, "%.3f", value) : number(value);
            default -> number(value) + " " + unit;
        };
    }

    /**
     * A trial's value of an objective; the accuracy also with its 95% confidence interval, as
     * {@code 0.812 [0.771, 0.853]}.
     */
    static String objectiveWithInterval(Objective objective, TrialOutcome trial) {
        String value = objective(objective, trial.value(objective.name()));
        if (!isAccuracy(objective)) {
            return value;
        }
        return value
                + String.format(
                        Locale.ROOT,
                        " [%.3f, %.3f]",
                        trial.measurement().accuracyLow(),
                        trial.measurement().accuracyHigh());
    }

    /** Whether the objective is the standard accuracy, the one with a confidence interval. */
    static boolean isAccuracy(Objective objective) {
        return Objective.ACCURACY.equals(objective.name()) && objective.direction() == Direction.MAXIMIZE;
    }

    /** A readable name of an objective for axis titles: {@code cost per call}, {@code p95 latency}. */
    static String objectiveLabel(Objective objective) {
        return switch (objective.name()) {
            case Objective.COST -> "cost per call";
            case Objective.LATENCY -> "median latency";
            case "latency_p95" -> "p95 latency";
            default -> objective.name();
        };
    }

    /** An axis title for an objective: its label, unit and which way is better. */
    static String axisTitle(Objective objective) {
        String unit = objective.unit().isEmpty() ? "" : " (" + objective.unit() + ")";
        String better = objective.direction() == Direction.MAXIMIZE ? "higher is better" : "lower is better";
        return objectiveLabel(objective) + unit + ", " + better;
    }

    /** An objective described for the summary: {@code cost in $ (minimize, weight 0.3)}. */
    static String describe(Objective objective) {
        return objective.name() + (objective.unit().isEmpty() ? "" : " in " + objective.unit()) + " ("
                + objective.direction().name().toLowerCase(Locale.ROOT) + ", weight " + number(objective.weight())
                + ")";
    }

    /** A configuration value: text as is, numbers with up to four significant digits. */
    static String value(Object value) {
        if (value == null) {
            return ABSENT;
        }
        if (value instanceof Double d) {
            return number(d);
        }
        return oneLine(value.toString());
    }

    /** A configuration as {@code name=value, name=value}, in name order. */
    static String configuration(Configuration configuration) {
        return configuration(configuration, Integer.MAX_VALUE);
    }

    /** A configuration as {@link #configuration(Configuration)} writes it, each value cut to {@code maxValueWidth}. */
    static String configuration(Configuration configuration, int maxValueWidth) {
        if (configuration.isEmpty()) {
            return "(no variables)";
        }
        StringJoiner joined = new StringJoiner(", ");
        for (Map.Entry<String, Object> entry : configuration.asMap().entrySet()) {
            joined.add(entry.getKey() + "=" + truncate(value(entry.getValue()), maxValueWidth));
        }
        return joined.toString();
    }

    /**
     * Text on one line: line breaks and tabs become spaces, runs of spaces one, and control
     * characters (which would garble a terminal or break XML) are dropped.
     */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = out.length() > 0;
                continue;
            }
            if (Character.isISOControl(c)) {
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Text cut to at most {@code max} characters, the cut marked with an ellipsis at the end. */
    static String truncate(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + ELLIPSIS;
    }

    /** Text cut to at most {@code max} characters, keeping the end (for dotted variable names). */
    static String truncateStart(String text, int max) {
        int length = text.codePointCount(0, text.length());
        if (length <= max) {
            return text;
        }
        return ELLIPSIS + text.substring(text.offsetByCodePoints(0, length - max + 1));
    }

    /** A duration for people: {@code 850 ms}, {@code 12.3 s}, {@code 4 min 05 s}, {@code 2 h 03 min}. */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    /** A count with its noun, in the singular for one: {@code 1 trial}, {@code 3 trials}. */
    static String count(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
