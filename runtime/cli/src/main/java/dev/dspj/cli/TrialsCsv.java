package dev.dspj.cli;

import dev.dspj.study.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A study's trials as CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds
 * a comma, quote, CR or LF, its quotes doubled), one row per trial with a header.
 */
final class TrialsCsv {

    /** The prefix of a configuration value's column. */
    static final String CONFIG = "config.";

    /** The prefix of an objective value's column. */
    static final String VALUE = "value.";

    private TrialsCsv() {}

    /**
     * The CSV of trials.
     *
     * @param valueNames the objective values to give a column each, in order
     * @param trials the trials
     * @return the CSV text, header first
     */
    static String write(List<String> valueNames, List<Trial> trials) {
        SortedSet<String> keys = new TreeSet<>();
        trials.forEach(trial -> keys.addAll(trial.configuration().names()));
        List<String> header = new ArrayList<>(List.of("number", "state", "attempt"));
        keys.forEach(key -> header.add(CONFIG + key));
        valueNames.forEach(value -> header.add(VALUE + value));
        header.addAll(List.of("stage", "worker", "started", "finished", "error"));
        StringBuilder csv = new StringBuilder();
        row(csv, header);
        for (Trial trial : trials) {
            List<@Nullable String> cells = new ArrayList<>();
            cells.add(Integer.toString(trial.number()));
            cells.add(trial.state().name());
            cells.add(Integer.toString(trial.attempt()));
            for (String key : keys) {
                Object value = trial.configuration().get(key);
                cells.add(value == null ? null : value.toString());
            }
            for (String value : valueNames) {
                Double number = trial.values().get(value);
                cells.add(number == null ? null : Double.toString(number));
            }
            cells.add(trial.stage());
            cells.add(trial.worker());
            cells.add(trial.started().toString());
            cells.add(trial.finished() == null ? null : String.valueOf(trial.finished()));
            cells.add(trial.error());
            row(csv, cells);
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, List<@Nullable String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(cells.get(i)));
        }
        csv.append("\r\n");
    }

    /**
     * One field, quoted when it must be.
     *
     * @param text the field's text, or null for an empty field
     * @return the field as written
     */
    static String field(@Nullable String text) {
        if (text == null) {
            return "";
        }
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
