package dev.dspj.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.study.Trial;
import dev.dspj.variable.objective.Direction;
import dev.dspj.variable.objective.Objective;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** How the {@code studies} commands read descriptions and write values, times and tables. */
final class StudyText {

    private StudyText() {}

    /**
     * An objective named in a study's description.
     *
     * @param name its name, the key of its value in each trial
     * @param direction whether more or less is better
     */
    record ObjectiveName(String name, Direction direction) {}

    /**
     * A study's description as JSON, or null when it is not JSON.
     *
     * @param description the stored description
     * @return the JSON, or null
     */
    static @Nullable JsonNode json(String description) {
        try {
            return RowJson.JSON.readTree(description);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * The objectives a description names: the variable search writes each as
     * {@code "accuracy (maximize, weight 0.4)"}; {@code {"name": ..., "direction": ...}} is read too.
     * Entries that are neither are skipped.
     *
     * @param description the stored description
     * @return the objectives, in the description's order; empty when it names none
     */
    static List<ObjectiveName> objectives(String description) {
        JsonNode json = json(description);
        List<ObjectiveName> names = new ArrayList<>();
        if (json == null) {
            return names;
        }
        for (JsonNode entry : json.path("objectives")) {
            if (entry.isTextual()) {
                try {
                    Objective objective = Objective.fromDescription(entry.asText());
                    names.add(new ObjectiveName(objective.name(), objective.direction()));
                } catch (IllegalArgumentException notOne) {
                    // not an objective this version writes: its best value is not shown
                }
            } else if (entry.path("name").isTextual()) {
                String direction = entry.path("direction").asText("maximize").toUpperCase(Locale.ROOT);
                names.add(new ObjectiveName(
                        entry.path("name").asText(),
                        direction.startsWith("MIN") ? Direction.MINIMIZE : Direction.MAXIMIZE));
            }
        }
        return names;
    }

    /**
     * The names of the values the trials hold: the description's objectives first, then any other
     * in the order the trials show them.
     *
     * @param description the stored description
     * @param trials the trials
     * @return the value names
     */
    static List<String> valueNames(String description, List<Trial> trials) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        objectives(description).forEach(objective -> names.add(objective.name()));
        trials.forEach(trial -> names.addAll(trial.values().keySet()));
        return List.copyOf(names);
    }

    /**
     * The best value of each objective among complete trials, as {@code "accuracy 0.85, cost 0.0012"}.
     *
     * @param description the stored description
     * @param completed the complete trials
     * @return the text; {@code "-"} when the description names no objective or no trial has a value
     */
    static String best(String description, List<Trial> completed) {
        List<String> parts = new ArrayList<>();
        for (ObjectiveName objective : objectives(description)) {
            OptionalDouble best = completed.stream()
                    .map(trial -> trial.values().get(objective.name()))
                    .filter(value -> value != null)
                    .mapToDouble(Double::doubleValue)
                    .reduce((a, b) -> objective.direction() == Direction.MAXIMIZE ? Math.max(a, b) : Math.min(a, b));
            if (best.isPresent()) {
                parts.add(objective.name() + " " + number(best.getAsDouble()));
            }
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /**
     * A value with at most six significant digits, without trailing zeros or an exponent for whole numbers.
     *
     * @param value the value
     * @return the text
     */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(value)
                .round(new MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }

    /**
     * A trial's values as {@code name=value, ...}.
     *
     * @param values the values
     * @return the text; empty for none
     */
    static String values(Map<String, Double> values) {
        return values.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + number(entry.getValue()))
                .collect(Collectors.joining(", "));
    }

    /**
     * A configuration's values as {@code name=value, ...}, in name order.
     *
     * @param trial the trial
     * @return the text
     */
    static String configuration(Trial trial) {
        return trial.configuration().asMap().entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    /**
     * A time to the second, in UTC.
     *
     * @param time the time, or null
     * @return ISO-8601 text such as {@code 2026-12-07T18:20:11Z}; {@code "-"} for null
     */
    static String time(@Nullable Instant time) {
        return time == null ? "-" : time.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * How long a trial's current attempt took.
     *
     * @param trial the trial
     * @return such as {@code 1.2 s}; {@code "-"} while it runs
     */
    static String duration(Trial trial) {
        Instant finished = trial.finished();
        if (finished == null) {
            return "-";
        }
        Duration took = Duration.between(trial.started(), finished);
        return String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
    }

    /**
     * Text on one line, cut to a width.
     *
     * @param text the text
     * @param width the most characters shown
     * @return the line
     */
    static String oneLine(@Nullable String text, int width) {
        if (text == null) {
            return "";
        }
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= width ? line : line.substring(0, width - 3) + "...";
    }

    /**
     * Rows as columns padded to their widest cell, two spaces apart, without trailing blanks.
     *
     * @param rows the rows, the first being the header; all of one length
     * @return the lines, each ending with a newline
     */
    static String table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
