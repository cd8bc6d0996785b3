package dev.dspj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.study.Study;
import dev.dspj.study.StudyStore;
import dev.dspj.study.StudyStoreException;
import dev.dspj.study.StudySummary;
import dev.dspj.study.Trial;
import dev.dspj.study.TrialState;
import dev.dspj.variable.objective.Constraints;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.report.HtmlReport;
import dev.dspj.variable.report.SummaryTable;
import dev.dspj.variable.tune.TuningResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dspj studies}: reads the studies of a study store (what variable searches and optimizer
 * run records write): {@code list} them, {@code show} one with its trials, {@code export} its
 * trials as CSV, or {@code report} a variable search's study as the search's HTML report.
 */
@Command(
        name = "studies",
        mixinStandardHelpOptions = true,
        description = "Read the studies of a study store: list them, show one, export its trials as CSV, or write a"
                + " variable search's HTML report.",
        subcommands = {
            StudiesCommand.ListStudies.class,
            StudiesCommand.ShowStudy.class,
            StudiesCommand.ExportStudy.class,
            StudiesCommand.ReportStudy.class
        })
final class StudiesCommand implements Runnable {

    /** Errors are cut to this many characters in tables; {@code export} keeps them whole. */
    private static final int ERROR_WIDTH = 60;

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Opens the store, runs the work on it and closes it; store failures become exit code 1. */
    static <T> T withStore(StoreOption option, Function<StudyStore, T> work) {
        try (StudyStore store = option.open()) {
            return work.apply(store);
        } catch (StudyStoreException e) {
            throw new CliException(DspjCli.describe(e), 1, e);
        }
    }

    /** The named study, or an error listing the studies the store has. */
    static Study study(StudyStore store, StoreOption option, String name) {
        return store.find(name).orElseThrow(() -> {
            List<String> names =
                    store.studies().stream().map(StudySummary::name).toList();
            return new CliException("no study '" + name + "' in " + option.shown() + "; "
                    + (names.isEmpty() ? "it has no studies" : "it has: " + String.join(", ", names)));
        });
    }

    /** {@code dspj studies list}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List every study: its trials (complete/failed/running), the best value of each objective"
                    + " and when it was last active.")
    static final class ListStudies implements Callable<Integer> {

        @Spec
        @SuppressWarnings("NullAway.Init") // set by picocli
        CommandSpec spec;

        @Mixin
        StoreOption store = new StoreOption();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String text = withStore(store, opened -> {
                List<StudySummary> studies = opened.studies();
                if (studies.isEmpty()) {
                    return "no studies in " + store.shown() + "\n";
                }
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"STUDY", "TRIALS", "COMPLETE", "FAILED", "RUNNING", "BEST", "LAST ACTIVE"});
                for (StudySummary summary : studies) {
                    String best = summary.complete() == 0
                            ? "-"
                            : opened.find(summary.name())
                                    .map(found -> StudyText.best(summary.description(), found.completed()))
                                    .orElse("-");
                    rows.add(new String[] {
                        summary.name(),
                        Integer.toString(summary.trials()),
                        Integer.toString(summary.complete()),
                        Integer.toString(summary.failed()),
                        Integer.toString(summary.running()),
                        best,
                        StudyText.time(summary.lastActive())
                    });
                }
                return StudyText.table(rows);
            });
            out.print(text);
            out.flush();
            return 0;
        }
    }

    /** A subcommand about one study of a store: the store's options and the study's name. */
    abstract static class OneStudy implements Callable<Integer> {

        @Spec
        @SuppressWarnings("NullAway.Init") // set by picocli
        CommandSpec spec;

        @Mixin
        StoreOption store = new StoreOption();

        @Parameters(index = "0", paramLabel = "NAME", description = "the study's name (see: dspj studies list)")
        @SuppressWarnings("NullAway.Init") // required
        String name;
    }

    /** {@code dspj studies show NAME}. */
    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show a study: its description (variables, objectives, strategy) and a table of its trials.")
    static final class ShowStudy extends OneStudy {

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String text = withStore(store, opened -> show(study(opened, store, name)));
            out.print(text);
            out.flush();
            return 0;
        }

        private static String show(Study study) {
            StringBuilder text =
                    new StringBuilder("study ").append(study.name()).append('\n');
            JsonNode description = StudyText.json(study.description());
            if (description == null || !description.isObject()) {
                text.append("description: ")
                        .append(StudyText.oneLine(study.description(), 200))
                        .append('\n');
            } else {
                for (Map.Entry<String, JsonNode> field : description.properties()) {
                    JsonNode value = field.getValue();
                    if (value.isArray()) {
                        text.append(field.getKey()).append(":\n");
                        for (JsonNode item : value) {
                            text.append("  ")
                                    .append(item.isTextual() ? item.asText() : item.toString())
                                    .append('\n');
                        }
                    } else {
                        text.append(field.getKey())
                                .append(": ")
                                .append(value.isTextual() ? value.asText() : value.toString())
                                .append('\n');
                    }
                }
            }
            List<Trial> trials = study.trials();
            long complete = trials.stream()
                    .filter(t -> t.state() == TrialState.COMPLETE)
                    .count();
            long failed =
                    trials.stream().filter(t -> t.state() == TrialState.FAILED).count();
            text.append(String.format(
                    Locale.ROOT,
                    "trials: %d (%d complete, %d failed, %d running)%n",
                    trials.size(),
                    complete,
                    failed,
                    trials.size() - complete - failed));
            if (trials.isEmpty()) {
                return text.toString();
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"#", "STATE", "CONFIGURATION", "VALUES", "WORKER", "DURATION", "ERROR"});
            for (Trial trial : trials) {
                rows.add(new String[] {
                    Integer.toString(trial.number()),
                    trial.state().name() + (trial.attempt() > 1 ? " (attempt " + trial.attempt() + ")" : ""),
                    StudyText.configuration(trial),
                    trial.values().isEmpty() ? "-" : StudyText.values(trial.values()),
                    trial.worker(),
                    StudyText.duration(trial),
                    StudyText.oneLine(trial.error(), ERROR_WIDTH)
                });
            }
            text.append('\n').append(StudyText.table(rows));
            return text.toString();
        }
    }

    /** {@code dspj studies export NAME}. */
    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = {
                "Write every trial of a study as CSV (RFC 4180): number, state, attempt, config.<variable> for each"
                        + " configuration value, value.<name> for each objective value, stage, worker, started,"
                        + " finished (ISO-8601, UTC) and error."
            })
    static final class ExportStudy extends OneStudy {

        @Option(names = "--output", paramLabel = "FILE", description = "where the CSV goes (default: standard output)")
        @Nullable
        Path output;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            int[] count = new int[1];
            String csv = withStore(store, opened -> {
                Study study = study(opened, store, name);
                List<Trial> trials = study.trials();
                count[0] = trials.size();
                return TrialsCsv.write(StudyText.valueNames(study.description(), trials), trials);
            });
            if (output == null) {
                out.print(csv);
                out.flush();
                return 0;
            }
            writeFile(output, "--output", csv);
            spec.commandLine()
                    .getErr()
                    .printf(Locale.ROOT, "%d trials of study '%s' written to %s%n", count[0], name, output);
            spec.commandLine().getErr().flush();
            return 0;
        }
    }

    /** {@code dspj studies report NAME --output FILE}. */
    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            description = {
                "Write the HTML report of a study a variable search (Tuner) wrote: its Pareto front, progress, each"
                        + " variable's effect and every trial; and print the search's summary.",
                "A study keeps no constraints: give them here to mark the trials that break them."
            })
    static final class ReportStudy extends OneStudy {

        @Option(names = "--output", required = true, paramLabel = "FILE", description = "where the HTML report goes")
        @SuppressWarnings("NullAway.Init") // required
        Path output;

        @Option(
                names = "--policy",
                paramLabel = "POLICY",
                defaultValue = "BALANCED",
                description =
                        "how the chosen configuration is picked: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        SelectionPolicy policy = SelectionPolicy.BALANCED;

        @Option(names = "--max-cost", paramLabel = "USD", description = "the highest cost per program call allowed")
        @Nullable
        Double maxCost;

        @Option(names = "--min-accuracy", paramLabel = "X", description = "the lowest accuracy allowed")
        @Nullable
        Double minAccuracy;

        @Override
        public Integer call() {
            Constraints constraints = Constraints.none();
            if (maxCost != null) {
                constraints = constraints.maxCostPerCall(maxCost);
            }
            if (minAccuracy != null) {
                constraints = constraints.minAccuracy(minAccuracy);
            }
            Constraints given = constraints;
            TuningResult result = withStore(store, opened -> {
                Study study = study(opened, store, name);
                try {
                    return TuningResult.fromStudy(study, given, policy);
                } catch (IllegalArgumentException e) {
                    throw new CliException(e.getMessage() + "; 'dspj studies show " + name
                            + "' and 'dspj studies export " + name + "' read any study");
                }
            });
            String html = HtmlReport.render(result);
            writeFile(output, "--output", html);
            PrintWriter out = spec.commandLine().getOut();
            out.print(SummaryTable.render(result));
            out.printf(Locale.ROOT, "report of study '%s' written to %s%n", name, output);
            out.flush();
            return 0;
        }
    }

    /** Writes a file, creating its directories; a failure names the option and the file. */
    static void writeFile(Path file, String option, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                writer.write(text);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new CliException(option + " " + file + ": cannot write: " + DspjCli.describe(e), 1, e);
        }
    }
}
