package dev.dspj.variable.report;

import dev.dspj.variable.Variable;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.tune.FailedTrial;
import dev.dspj.variable.tune.TrialOutcome;
import dev.dspj.variable.tune.TuningResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A variable search's result as one self-contained HTML file: the summary (the same facts as
 * {@link SummaryTable}), a Pareto front scatter plot, the score over trials, a chart of each
 * variable's effect, a table of every trial, and the failed trials with their errors.
 *
 * <pre>{@code
 * HtmlReport.write(result.tuning(), Path.of("search.html"));
 * }</pre>
 *
 * <p>The file needs nothing else: the style is inline CSS, the charts are inline SVG written
 * here, there is no script, and it names no network address (only the XHTML and SVG namespace
 * URIs). Hovering a dot shows its trial (SVG {@code <title>}). The markup is XHTML-compatible,
 * so XML tools can read it, and every configuration value and error is escaped. It prints on
 * white with the charts kept whole.
 */
public final class HtmlReport {

    /** The XHTML namespace the root element declares. */
    public static final String XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml";

    private static final String STYLE = """
            :root { --ink: #1f2937; --muted: #6b7280; --rule: #e5e7eb; --accent: #2563eb; --front: #d97706;
              --chosen: #dc2626; --best: #059669; --score: #7c3aed; --grey: #9ca3af; }
            * { box-sizing: border-box; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
              color: var(--ink); background: #fff; max-width: 1120px; margin: 2rem auto; padding: 0 1.5rem; }
            h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
            h2 { font-size: 1.2rem; margin: 2.2rem 0 .6rem; padding-bottom: .3rem; border-bottom: 1px solid var(--rule); }
            h3 { font-size: 1rem; margin: 1.4rem 0 .4rem; }
            p.lede { color: var(--muted); margin: 0 0 1rem; }
            nav { font-size: 13px; margin-bottom: 1rem; }
            nav a { color: var(--accent); text-decoration: none; margin-right: 1rem; }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.2rem; margin: 0; }
            dl.facts dt { color: var(--muted); }
            dl.facts dd { margin: 0; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
            th, td { padding: .25rem .6rem; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap;
              vertical-align: top; }
            th { font-weight: 600; background: #f9fafb; }
            td.num { text-align: right; }
            td.value { max-width: 14rem; overflow: hidden; text-overflow: ellipsis; }
            td.config { white-space: normal; min-width: 18rem; }
            td.absent { color: var(--grey); }
            tr.chosen td { background: #fef2f2; }
            tr.front td.trial { font-weight: 600; }
            tr.infeasible td, tr.screen td { color: var(--muted); }
            .badge { display: inline-block; font-size: 11px; line-height: 1.4; border-radius: 3px; padding: 0 .35rem;
              margin-left: .35rem; border: 1px solid currentColor; }
            .badge.chosen { color: var(--chosen); }
            .badge.front { color: var(--front); }
            .badge.infeasible { color: var(--muted); }
            .badge.policy { color: var(--accent); }
            pre.error { margin: 0; white-space: pre-wrap; word-break: break-word; font-size: 12px; max-width: 60rem; }
            ul.plain { margin: .3rem 0; padding-left: 1.2rem; }
            figure { margin: 0 0 1rem; break-inside: avoid; page-break-inside: avoid; }
            figcaption { font-size: 13px; color: var(--muted); margin: .2rem 0; }
            figcaption b { color: var(--ink); }
            .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: .8rem 1.2rem; }
            .grid figure { display: flex; flex-direction: column; }
            .grid figure svg { margin-top: auto; }
            svg.chart { display: block; max-width: 100%; height: auto; }
            svg text { font-size: 11px; fill: var(--muted); }
            svg text.axis-title { font-size: 12px; fill: var(--ink); }
            svg text.legend { font-size: 12px; fill: var(--ink); }
            svg text.point-label { font-size: 10px; fill: var(--front); font-weight: 600; }
            svg text.category { fill: var(--ink); }
            svg text.note, svg text.placeholder-text { font-style: italic; }
            svg text.score-tick { fill: var(--score); }
            svg .gridline { stroke: var(--rule); stroke-width: 1; }
            svg .axis { stroke: var(--grey); stroke-width: 1; }
            svg .placeholder { fill: #f9fafb; stroke: var(--rule); }
            svg .dot.full { fill: var(--accent); fill-opacity: .75; stroke: #fff; stroke-width: 1; }
            svg .dot.screen { fill: #fff; fill-opacity: 0; stroke: var(--accent); stroke-opacity: .5; stroke-width: 1.2; }
            svg .dot.full.infeasible { fill: var(--grey); fill-opacity: .6; }
            svg .dot.screen.infeasible { stroke: var(--grey); }
            svg .dot.front { fill: var(--front); fill-opacity: 1; }
            svg .cross { stroke: #4b5563; stroke-width: 1; }
            svg .ring { fill: none; stroke: var(--chosen); stroke-width: 2; }
            svg .front-line { fill: none; stroke: var(--front); stroke-width: 1.6; }
            svg .front-step { fill: none; stroke: var(--front); stroke-width: 1; stroke-dasharray: 4 3; stroke-opacity: .55; }
            svg .interval { stroke: var(--front); stroke-opacity: .45; stroke-width: 2; }
            svg .best-so-far { fill: none; stroke: var(--best); stroke-width: 2; }
            svg .score { fill: var(--score); fill-opacity: .55; }
            svg .failed-mark { stroke: var(--chosen); stroke-width: 1.8; }
            svg .bar { fill: var(--accent); fill-opacity: .18; stroke: var(--accent); stroke-opacity: .6; }
            svg .bar.inactive { fill: var(--grey); stroke: var(--grey); }
            footer { margin-top: 2.5rem; font-size: 12px; color: var(--muted); }
            @media print {
              body { max-width: none; margin: 0; padding: 0; font-size: 11px; }
              nav { display: none; }
              h2 { break-after: avoid; page-break-after: avoid; }
              .scroll { overflow: visible; }
              table { font-size: 9px; }
              td.value { max-width: 9rem; }
            }
            """;

    private HtmlReport() {}

    /**
     * Renders a result as an HTML page.
     *
     * @param result the search's result
     * @return the page's markup
     */
    public static String render(TuningResult result) {
        ReportFacts facts = new ReportFacts(result);
        StringBuilder out = new StringBuilder(64 * 1024);
        String title = "Variable search \u201c" + result.studyName() + "\u201d";
        out.append("<!DOCTYPE html>\n<html xmlns=\"")
                .append(XHTML_NAMESPACE)
                .append("\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>")
                .append(esc(title))
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        out.append("<header>\n<h1>")
                .append(esc(title))
                .append("</h1>\n<p class=\"lede\">")
                .append(esc(Formats.count(facts.trials.size(), "trial") + " finished, " + facts.failed.size()
                        + " failed; stopped: " + stopReason(facts)))
                .append("</p>\n<nav><a href=\"#summary\">Summary</a><a href=\"#front\">Pareto front</a>"
                        + "<a href=\"#progress\">Score over trials</a><a href=\"#effects\">Variables</a>"
                        + "<a href=\"#trials\">All trials</a><a href=\"#failed\">Failed trials</a></nav>\n</header>\n");
        summary(out, facts);
        charts(out, facts);
        trialsTable(out, facts);
        failed(out, facts);
        out.append("<footer>Report of study ")
                .append(esc(result.studyName()))
                .append(", written by DSPJ. ")
                .append("Hover a dot for its trial. Screened-only trials were evaluated on the minibatch alone and "
                        + "are never selected.</footer>\n</body>\n</html>\n");
        return out.toString();
    }

    /**
     * Renders a result and writes the page to a file, whole or not at all (through a temporary
     * file beside it), creating the parent directories.
     *
     * @param result the search's result
     * @param file where to write the page
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(TuningResult result, Path file) {
        byte[] page = render(result).getBytes(StandardCharsets.UTF_8);
        Path target = file.toAbsolutePath();
        Path directory =
                Objects.requireNonNull(target.getParent(), () -> "the report's path has no directory: " + target);
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            // created as Files.write creates files (rw-r--r-- under umask 022), not createTempFile's
            // owner-only rw-------, so the report is readable like the saved programs beside it
            temporary = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            Files.write(temporary, page, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the search report to " + file + ": " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the temporary file stays behind; the report itself is untouched
                }
            }
        }
    }

    private static String stopReason(ReportFacts facts) {
        String reason = facts.result.stopReason();
        return reason.isBlank() ? "(no reason given)" : Formats.oneLine(reason);
    }

    private static void summary(StringBuilder out, ReportFacts facts) {
        out.append("<section id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"facts\">\n");
        for (ReportFacts.Fact fact : facts.facts()) {
            out.append("<dt>")
                    .append(esc(fact.label()))
                    .append("</dt><dd>")
                    .append(esc(fact.value()))
                    .append("</dd>\n");
        }
        out.append("</dl>\n");
        if (!facts.objectives.isEmpty()) {
            out.append(
                            "<h3>Best per objective</h3>\n<p class=\"lede\">Among the feasible, fully evaluated trials.</p>\n")
                    .append("<table class=\"best\">\n<tr><th>objective</th><th>value</th><th>trial</th></tr>\n");
            facts.bestByObjective.forEach((objective, best) -> {
                out.append("<tr><td>").append(esc(objective.name())).append("</td>");
                if (best.isPresent()) {
                    out.append("<td class=\"num\">")
                            .append(esc(Formats.objectiveWithInterval(objective, best.get())))
                            .append("</td><td class=\"num\">#")
                            .append(best.get().number())
                            .append("</td>");
                } else {
                    out.append("<td>none feasible</td><td class=\"absent\">")
                            .append(Formats.ABSENT)
                            .append("</td>");
                }
                out.append("</tr>\n");
            });
            out.append("</table>\n");
        }
        chosenTable(out, facts);
        frontTable(out, facts);
        if (!facts.screenedOnly.isEmpty()) {
            out.append("<h3>Screened only</h3>\n<p>")
                    .append(facts.screenedOnly.size())
                    .append(" evaluated on the minibatch alone, never selected: ")
                    .append(esc(String.join(
                            ", ",
                            facts.screenedOnly.stream()
                                    .map(t -> "#" + t.number())
                                    .toList())))
                    .append("</p>\n");
        }
        if (!facts.infeasible.isEmpty()) {
            out.append("<h3>Infeasible (")
                    .append(facts.infeasible.size())
                    .append(")</h3>\n<ul class=\"plain infeasible\">\n");
            for (TrialOutcome trial : facts.infeasible) {
                out.append("<li>#")
                        .append(trial.number())
                        .append(" (")
                        .append(esc(ReportFacts.stage(trial)))
                        .append("): ")
                        .append(esc(ReportFacts.firstViolation(trial)))
                        .append("</li>\n");
            }
            out.append("</ul>\n");
        }
        out.append("</section>\n");
    }

    private static void chosenTable(StringBuilder out, ReportFacts facts) {
        out.append(
                        "<h3>Chosen configuration per selection policy</h3>\n<div class=\"scroll\"><table class=\"chosen\">\n")
                .append("<tr><th>policy</th><th>trial</th><th>weighted score</th><th>configuration</th></tr>\n");
        for (SelectionPolicy policy : SelectionPolicy.values()) {
            Optional<TrialOutcome> pick =
                    Objects.requireNonNull(facts.chosenByPolicy.get(policy), "every policy has its pick");
            boolean own = policy == facts.result.policy();
            out.append(own ? "<tr class=\"own\">" : "<tr>").append("<td>").append(policy.name());
            if (own) {
                out.append("<span class=\"badge policy\">this search</span>");
            }
            out.append("</td>");
            if (pick.isEmpty()) {
                out.append("<td colspan=\"3\">none: no feasible fully evaluated trial</td></tr>\n");
                continue;
            }
            TrialOutcome trial = pick.get();
            out.append("<td class=\"num\">#")
                    .append(trial.number())
                    .append("</td><td class=\"num\">")
                    .append(esc(facts.weightedScore(trial)
                            .map(s -> Formats.withUnit(s, ""))
                            .orElse(Formats.ABSENT)))
                    .append("</td><td class=\"config\">")
                    .append(esc(Formats.configuration(trial.configuration())))
                    .append("</td></tr>\n");
        }
        out.append("</table></div>\n");
    }

    private static void frontTable(StringBuilder out, ReportFacts facts) {
        out.append("<h3>Pareto front</h3>\n");
        if (facts.front.isEmpty()) {
            out.append("<p>Empty: no feasible fully evaluated trial.</p>\n");
            return;
        }
        out.append("<p class=\"lede\">")
                .append(Formats.count(facts.front.size(), "trial"))
                .append(" no other feasible trial beats on every objective, best ")
                .append(esc(facts.objectives.get(0).name()))
                .append(" first.</p>\n");
        out.append("<div class=\"scroll\"><table class=\"front\">\n<tr><th>trial</th>");
        objectiveHeaders(out, facts);
        out.append("<th>score</th><th>feasible</th>");
        variableHeaders(out, facts);
        out.append("</tr>\n");
        for (TrialOutcome trial : facts.front) {
            out.append("<tr class=\"")
                    .append(rowClass(facts, trial))
                    .append("\"><td class=\"trial\">#")
                    .append(trial.number());
            if (facts.isChosen(trial)) {
                out.append("<span class=\"badge chosen\">chosen</span>");
            }
            out.append("</td>");
            objectiveCells(out, facts, trial);
            out.append("<td>").append(trial.feasible() ? "yes" : "no").append("</td>");
            variableCells(out, facts, trial.configuration());
            out.append("</tr>\n");
        }
        out.append("</table></div>\n");
    }

    private static void charts(StringBuilder out, ReportFacts facts) {
        out.append("<section id=\"front\">\n<h2>Pareto front</h2>\n<figure>\n").append(FrontChart.render(facts));
        if (!facts.objectives.isEmpty()) {
            out.append("<figcaption>x: ")
                    .append(esc(FrontChart.xDescription(facts)))
                    .append("; y: ")
                    .append(esc(Formats.axisTitle(facts.objectives.get(0))))
                    .append(". The front joins the feasible fully evaluated trials no other beats on every objective;"
                            + " the dashed staircase bounds what they dominate.</figcaption>\n");
        }
        out.append("</figure>\n</section>\n");
        out.append("<section id=\"progress\">\n<h2>Score over trials</h2>\n<figure>\n")
                .append(ProgressChart.render(facts));
        out.append("<figcaption>Each trial's ")
                .append(esc(facts.primary().map(Objective::name).orElse("score")))
                .append(" in the order the trials were created; the line is the best so far among feasible, fully "
                        + "evaluated trials")
                .append(
                        facts.objectives.size() > 1
                                ? "; squares are the weighted score of all objectives (right axis)"
                                : "")
                .append(".</figcaption>\n</figure>\n</section>\n");
        out.append("<section id=\"effects\">\n<h2>Effect of each variable</h2>\n");
        facts.primary()
                .ifPresent(primary -> out.append("<p class=\"lede\">Mean ")
                        .append(esc(primary.name()))
                        .append(" per value (bars) or ")
                        .append(esc(primary.name()))
                        .append(
                                " against the value (dots), over every finished trial; screened-only trials count with their"
                                        + " minibatch score.</p>\n"));
        out.append("<div class=\"grid\">\n");
        for (String name : facts.variableNames) {
            Optional<Variable> variable = facts.variable(name);
            String description = variable.map(HtmlReport::describe).orElse("not declared in the space");
            out.append("<figure class=\"effect\" data-variable=\"")
                    .append(esc(name))
                    .append("\">\n<figcaption><b>")
                    .append(esc(name))
                    .append("</b> \u2014 ")
                    .append(esc(description))
                    .append("</figcaption>\n")
                    .append(EffectChart.render(facts, name))
                    .append("</figure>\n");
        }
        out.append("</div>\n</section>\n");
    }

    /** A variable's description and declaration without its name: {@code sampling temperature — float [0.0, 1.5] default 0.0}. */
    private static String describe(Variable variable) {
        String declaration = variable.describe();
        if (declaration.startsWith(variable.name() + " ")) {
            declaration = declaration.substring(variable.name().length() + 1);
        }
        return variable.description().isBlank() ? declaration : variable.description() + " \u2014 " + declaration;
    }

    private static void trialsTable(StringBuilder out, ReportFacts facts) {
        out.append("<section id=\"trials\">\n<h2>All trials (")
                .append(facts.trials.size())
                .append(")</h2>\n");
        if (facts.trials.isEmpty()) {
            out.append("<p>No trial finished.</p>\n</section>\n");
            return;
        }
        out.append("<div class=\"scroll\"><table class=\"trials\">\n<tr><th>trial</th><th>stage</th><th>standing</th>");
        objectiveHeaders(out, facts);
        out.append("<th>score</th><th>time</th>");
        variableHeaders(out, facts);
        out.append("</tr>\n");
        for (TrialOutcome trial : facts.trials) {
            out.append("<tr class=\"")
                    .append(rowClass(facts, trial))
                    .append("\"><td class=\"trial\">#")
                    .append(trial.number())
                    .append("</td><td>")
                    .append(esc(ReportFacts.stage(trial)))
                    .append(trial.fromEarlierRun() ? " <span class=\"badge\">earlier run</span>" : "")
                    .append("</td><td>");
            if (facts.isChosen(trial)) {
                out.append("<span class=\"badge chosen\">chosen</span>");
            }
            if (facts.onFront(trial)) {
                out.append("<span class=\"badge front\">front</span>");
            }
            if (!trial.feasible()) {
                out.append("<span class=\"badge infeasible\" title=\"")
                        .append(esc(String.join("; ", trial.violations())))
                        .append("\">infeasible</span> ")
                        .append(esc(ReportFacts.firstViolation(trial)));
            }
            out.append("</td>");
            objectiveCells(out, facts, trial);
            out.append("<td class=\"num\">")
                    .append(esc(Formats.duration(trial.duration())))
                    .append("</td>");
            variableCells(out, facts, trial.configuration());
            out.append("</tr>\n");
        }
        out.append("</table></div>\n</section>\n");
    }

    private static void failed(StringBuilder out, ReportFacts facts) {
        out.append("<section id=\"failed\">\n<h2>Failed trials (")
                .append(facts.failed.size())
                .append(")</h2>\n");
        if (facts.failed.isEmpty()) {
            out.append("<p>None: every trial that started was measured.</p>\n</section>\n");
            return;
        }
        out.append("<div class=\"scroll\"><table class=\"failed\">\n<tr><th>trial</th><th>configuration</th>"
                + "<th>error</th></tr>\n");
        for (FailedTrial trial : facts.failed) {
            out.append("<tr><td class=\"trial\">#")
                    .append(trial.number())
                    .append("</td><td class=\"config\">")
                    .append(esc(Formats.configuration(trial.configuration())))
                    .append("</td><td><pre class=\"error\">")
                    .append(esc(trial.error().isEmpty() ? "(no message)" : trial.error()))
                    .append("</pre></td></tr>\n");
        }
        out.append("</table></div>\n</section>\n");
    }

    private static void objectiveHeaders(StringBuilder out, ReportFacts facts) {
        for (Objective objective : facts.objectives) {
            out.append("<th>").append(esc(objective.name()));
            if (Formats.isAccuracy(objective)) {
                out.append(" [95% interval]");
            }
            out.append("</th>");
        }
    }

    private static void objectiveCells(StringBuilder out, ReportFacts facts, TrialOutcome trial) {
        for (Objective objective : facts.objectives) {
            out.append("<td class=\"num\">")
                    .append(esc(Formats.objectiveWithInterval(objective, trial)))
                    .append("</td>");
        }
        out.append("<td class=\"num\">")
                .append(esc(facts.weightedScore(trial)
                        .map(s -> Formats.withUnit(s, ""))
                        .orElse(Formats.ABSENT)))
                .append("</td>");
    }

    private static void variableHeaders(StringBuilder out, ReportFacts facts) {
        for (String name : facts.variableNames) {
            out.append("<th>").append(esc(name)).append("</th>");
        }
    }

    private static void variableCells(
            StringBuilder out, ReportFacts facts, dev.dspj.variable.Configuration configuration) {
        for (String name : facts.variableNames) {
            Optional<Object> value = ReportFacts.valueOf(configuration, name);
            if (value.isEmpty()) {
                out.append("<td class=\"absent\" title=\"inactive\">")
                        .append(Formats.ABSENT)
                        .append("</td>");
            } else {
                String text = Formats.value(value.get());
                out.append("<td class=\"value\" title=\"")
                        .append(esc(text))
                        .append("\">")
                        .append(esc(text))
                        .append("</td>");
            }
        }
    }

    private static String rowClass(ReportFacts facts, TrialOutcome trial) {
        List<String> classes = new java.util.ArrayList<>();
        classes.add(trial.isFull() ? "full" : "screen");
        if (!trial.feasible()) {
            classes.add("infeasible");
        }
        if (facts.onFront(trial)) {
            classes.add("front");
        }
        if (facts.isChosen(trial)) {
            classes.add("chosen");
        }
        return String.join(" ", classes);
    }

    private static String esc(String text) {
        return Xml.escape(text);
    }
}
