package dev.dspj.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.lm.usage.ModelUsage;
import dev.dspj.module.TraceEntry;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an evaluation measured: one {@link ExampleResult} per dev-set example, in dataset order
 * (failed and skipped ones included, scoring 0), the mean score, the model usage and cost spent,
 * latency percentiles; a readable table and JSON/CSV exports. Immutable.
 *
 * <pre>{@code
 * EvaluationResult result = evaluate.run(program);
 * result.score();      // 0.68
 * result.percent();    // 68.0
 * result.failures();   // each failed example with its exception
 * System.out.println(result);   // Average metric: 34.0 / 50 (68.0%), 2 failed, 120 calls, $0.0123, p50 210 ms, p95 480 ms
 * }</pre>
 */
public final class EvaluationResult {

    /** Widest cell of {@link #table(int)}, in characters. */
    public static final int CELL_WIDTH = 40;

    private final List<ExampleResult> results;
    private final ModelUsage usage;
    private final Duration wallTime;
    private final @Nullable String stopReason;
    private final String metricName;

    /**
     * Creates a result.
     *
     * @param results one per example, in dataset order
     * @param usage the model usage spent by the run
     * @param wallTime how long the run took
     * @param stopReason why the run stopped early, or null
     * @param metricName the metric's name, for exports
     */
    public EvaluationResult(
            List<ExampleResult> results,
            ModelUsage usage,
            Duration wallTime,
            @Nullable String stopReason,
            String metricName) {
        this.results = List.copyOf(results);
        for (int i = 0; i < this.results.size(); i++) {
            if (this.results.get(i).index() != i) {
                throw new IllegalArgumentException("result #" + i + " is for example #"
                        + this.results.get(i).index() + "; results must be in dataset order");
            }
        }
        this.usage = Objects.requireNonNull(usage, "usage");
        this.wallTime = Objects.requireNonNull(wallTime, "wallTime");
        this.stopReason = stopReason;
        this.metricName = metricName == null ? "metric" : metricName;
    }

    /**
     * The mean score over all examples, failed and skipped ones counting 0 (DSPy's
     * {@code ncorrect / ntotal}); 0 for an empty result.
     *
     * @return the score, on the metric's scale (usually [0, 1])
     */
    public double score() {
        return results.isEmpty() ? 0 : total() / results.size();
    }

    /**
     * The sum of the scores (DSPy's {@code ncorrect}).
     *
     * @return the total
     */
    public double total() {
        double sum = 0;
        for (ExampleResult result : results) {
            sum += result.score();
        }
        return sum;
    }

    /**
     * {@code 100 * score()} rounded to 2 decimals, as DSPy's {@code EvaluationResult.score}.
     *
     * @return the percentage
     */
    public double percent() {
        return Math.round(score() * 100 * 100) / 100.0;
    }

    /**
     * Every example's result, in dataset order.
     *
     * @return the results
     */
    public List<ExampleResult> results() {
        return results;
    }

    /**
     * The examples whose program or metric threw, each with its exception, in dataset order.
     *
     * @return the failures
     */
    public List<ExampleResult> failures() {
        return withStatus(ExampleResult.Status.FAILED);
    }

    /**
     * The examples not run because the evaluation stopped early.
     *
     * @return the skipped examples
     */
    public List<ExampleResult> skipped() {
        return withStatus(ExampleResult.Status.SKIPPED);
    }

    /**
     * The examples scored by the metric.
     *
     * @return the scored examples
     */
    public List<ExampleResult> scored() {
        return withStatus(ExampleResult.Status.SCORED);
    }

    private List<ExampleResult> withStatus(ExampleResult.Status status) {
        List<ExampleResult> out = new ArrayList<>();
        for (ExampleResult result : results) {
            if (result.status() == status) {
                out.add(result);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The scores in dataset order (0 for failed and skipped examples).
     *
     * @return the scores
     */
    public double[] scores() {
        double[] scores = new double[results.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = results.get(i).score();
        }
        return scores;
    }

    /**
     * The calls, cache hits, tokens and cost of the calls made through the evaluated program's
     * predictors during the run, and only those: the run meters the models of its own copy of the
     * program, so other work in the JVM (concurrent evaluations included) and a metric's own model
     * calls are not counted. A cache hit is a call and a cache hit with no tokens and no cost; calls
     * that failed are counted in {@code failures}, not in {@code calls}.
     *
     * @return the totals, with model {@code *}
     */
    public ModelUsage usage() {
        return usage;
    }

    /**
     * How long the run took, start to end.
     *
     * @return the wall time
     */
    public Duration wallTime() {
        return wallTime;
    }

    /**
     * Whether the run stopped before starting every example.
     *
     * @return true when examples were skipped
     */
    public boolean stoppedEarly() {
        return stopReason != null;
    }

    /**
     * Why the run stopped early, if it did.
     *
     * @return the reason
     */
    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    /**
     * The median time the program took per example, over the examples it returned a prediction for.
     *
     * @return the p50 latency, zero when there is none
     */
    public Duration latencyP50() {
        return latencyPercentile(50);
    }

    /**
     * The 95th-percentile time the program took per example, over the examples it returned a
     * prediction for.
     *
     * @return the p95 latency, zero when there is none
     */
    public Duration latencyP95() {
        return latencyPercentile(95);
    }

    /**
     * A latency percentile (nearest rank) over the examples the program returned a prediction for.
     *
     * @param percentile between 0 (exclusive) and 100
     * @return the latency, zero when there is none
     */
    public Duration latencyPercentile(double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
        }
        List<Duration> latencies = new ArrayList<>();
        for (ExampleResult result : results) {
            if (result.prediction().isPresent()) {
                latencies.add(result.latency());
            }
        }
        if (latencies.isEmpty()) {
            return Duration.ZERO;
        }
        Collections.sort(latencies);
        int rank = (int) Math.ceil(percentile / 100 * latencies.size());
        return latencies.get(Math.max(0, rank - 1));
    }

    /**
     * A readable text table of the first {@code n} examples: index, the example's fields, the
     * prediction's fields (clashing names become {@code example_x} / {@code pred_x}, as DSPy's
     * table), the score and the error; long cells are cut to {@value #CELL_WIDTH} characters and
     * line breaks shown as spaces. A last line says how many rows are not shown.
     *
     * @param n how many rows, at least 0
     * @return the table
     */
    public String table(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("table rows must be at least 0, got " + n);
        }
        Columns columns = columns();
        List<String> header = new ArrayList<>();
        header.add("#");
        header.addAll(columns.names());
        header.add("score");
        boolean anyError = results.stream().limit(n).anyMatch(r -> !r.scored());
        if (anyError) {
            header.add("error");
        }
        List<List<String>> rows = new ArrayList<>();
        for (ExampleResult result : results.subList(0, Math.min(n, results.size()))) {
            List<String> row = new ArrayList<>();
            row.add(String.valueOf(result.index()));
            for (String value : columns.values(result)) {
                row.add(Texts.cell(value == null ? "" : value, CELL_WIDTH));
            }
            row.add(
                    switch (result.status()) {
                        case SCORED -> Texts.number(result.score());
                        case FAILED -> "0 (failed)";
                        case SKIPPED -> "0 (not run)";
                    });
            if (anyError) {
                row.add(Texts.cell(
                        result.scored() ? "" : Texts.errorText(result.failure().orElse(null)), CELL_WIDTH));
            }
            rows.add(row);
        }
        int[] widths = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, header, widths);
        for (int c = 0; c < widths.length; c++) {
            out.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
        }
        out.append('\n');
        for (List<String> row : rows) {
            appendRow(out, row, widths);
        }
        int hidden = results.size() - rows.size();
        if (hidden > 0) {
            out.append("... ")
                    .append(hidden)
                    .append(hidden == 1 ? " more row" : " more rows")
                    .append(" not displayed ...\n");
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            line.append(c == 0 ? "" : " | ")
                    .append(cells.get(c))
                    .append(" ".repeat(widths[c] - cells.get(c).length()));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /**
     * Writes the results as JSON: {@code {"summary": {...}, "results": [...]}}, one object per
     * example with its index, status, example values, input keys, prediction values (or null),
     * score, feedback, error, latency and predictor calls. Atomic: a temporary file renamed over
     * the target.
     *
     * @param file the file to write
     * @throws UncheckedIOException when it cannot be written
     */
    public void writeJson(Path file) {
        ObjectNode root = Texts.NODES.objectNode();
        root.set("summary", summaryJson());
        ArrayNode rows = root.putArray("results");
        for (ExampleResult result : results) {
            ObjectNode row = rows.addObject();
            row.put("index", result.index());
            row.put("status", result.status().name());
            row.set("example", Texts.json(result.example().values()));
            row.set("input_keys", Texts.json(new ArrayList<>(result.example().inputKeys())));
            row.set(
                    "prediction",
                    result.prediction().map(p -> Texts.json(p.values())).orElse(Texts.NODES.nullNode()));
            row.put("score", result.score());
            row.put("feedback", result.metric().feedback());
            row.put("error", result.failure().map(Texts::errorText).orElse(null));
            row.put(
                    "error_type",
                    result.failure().map(e -> e.getClass().getName()).orElse(null));
            row.put("failed_in", result.failedIn().map(Enum::name).orElse(null));
            row.put("latency_ms", Texts.millisExact(result.latency()));
            ArrayNode trace = row.putArray("trace");
            for (TraceEntry entry : result.trace()) {
                ObjectNode call = trace.addObject();
                call.put("signature", entry.predictor().signature().name());
                call.set("inputs", Texts.json(entry.inputs()));
                call.set("outputs", Texts.json(entry.prediction().values()));
            }
        }
        try {
            byte[] bytes = Texts.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            AtomicFiles.write(file, bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the evaluation as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private ObjectNode summaryJson() {
        ObjectNode summary = Texts.NODES.objectNode();
        summary.put("metric", metricName);
        summary.put("examples", results.size());
        summary.put("total", total());
        summary.put("score", score());
        summary.put("percent", percent());
        summary.put("scored", scored().size());
        summary.put("failed", failures().size());
        summary.put("skipped", skipped().size());
        summary.put("stop_reason", stopReason);
        summary.put("calls", usage.calls());
        summary.put("cache_hits", usage.cacheHits());
        summary.put("model_failures", usage.failures());
        summary.put("prompt_tokens", usage.promptTokens());
        summary.put("completion_tokens", usage.completionTokens());
        summary.put("cost_usd", usage.costUsd());
        summary.put("latency_p50_ms", Texts.millisExact(latencyP50()));
        summary.put("latency_p95_ms", Texts.millisExact(latencyP95()));
        summary.put("wall_time_ms", Texts.millisExact(wallTime));
        summary.put("summary", toString());
        return summary;
    }

    /**
     * Writes the results as CSV (RFC 4180, UTF-8): a header, one row per example ({@code index},
     * the example's and prediction's fields named as in {@link #table(int)}, {@code score},
     * {@code feedback}, {@code status}, {@code error}, {@code latency_ms}), then a last row with
     * {@code index} {@code summary}, the mean score and the one-line summary as its feedback.
     * Structured values are written as JSON. An absent value is an empty cell, an empty text a
     * quoted empty cell. Atomic: a temporary file renamed over the target.
     *
     * @param file the file to write
     * @throws UncheckedIOException when it cannot be written
     */
    public void writeCsv(Path file) {
        Columns columns = columns();
        List<String> header = new ArrayList<>();
        header.add("index");
        header.addAll(columns.names());
        header.addAll(List.of("score", "feedback", "status", "error", "latency_ms"));
        StringBuilder out = new StringBuilder();
        appendCsv(out, header);
        for (ExampleResult result : results) {
            List<String> row = new ArrayList<>();
            row.add(String.valueOf(result.index()));
            row.addAll(columns.values(result));
            row.add(String.valueOf(result.score()));
            row.add(result.metric().feedback());
            row.add(result.status().name());
            row.add(result.failure().map(Texts::errorText).orElse(null));
            row.add(String.valueOf(Texts.millisExact(result.latency())));
            appendCsv(out, row);
        }
        List<String> summary = new ArrayList<>();
        summary.add("summary");
        for (int i = 0; i < columns.names().size(); i++) {
            summary.add(null);
        }
        summary.addAll(java.util.Arrays.asList(
                String.valueOf(score()),
                toString(),
                "SUMMARY",
                failures().isEmpty() ? null : failures().size() + " failed",
                String.valueOf(Texts.millisExact(latencyP50()))));
        appendCsv(out, summary);
        AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void appendCsv(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String cell = cells.get(i);
            if (cell == null) {
                continue;
            }
            boolean quote = cell.isEmpty()
                    || cell.indexOf(',') >= 0
                    || cell.indexOf('"') >= 0
                    || cell.indexOf('\n') >= 0
                    || cell.indexOf('\r') >= 0
                    || !cell.equals(cell.strip());
            if (quote) {
                out.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                out.append(cell);
            }
        }
        out.append("\r\n");
    }

    /** The example and prediction columns, named as DSPy merges them. */
    private record Columns(List<String> exampleFields, List<String> predictionFields, List<String> names) {
        List<String> values(ExampleResult result) {
            List<String> values = new ArrayList<>(names.size());
            for (String field : exampleFields) {
                values.add(result.example().get(field).map(Texts::text).orElse(null));
            }
            for (String field : predictionFields) {
                values.add(result.prediction()
                        .flatMap(p -> p.get(field))
                        .map(Texts::text)
                        .orElse(null));
            }
            return values;
        }
    }

    private Columns columns() {
        Set<String> inputs = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        Set<String> predicted = new LinkedHashSet<>();
        for (ExampleResult result : results) {
            inputs.addAll(result.example().inputKeys());
            others.addAll(result.example().values().keySet());
            result.prediction().ifPresent(p -> predicted.addAll(p.values().keySet()));
        }
        others.removeAll(inputs);
        List<String> exampleFields = new ArrayList<>(inputs);
        exampleFields.addAll(others);
        List<String> names = new ArrayList<>();
        Map<String, Boolean> clash = new LinkedHashMap<>();
        for (String field : exampleFields) {
            clash.put(field, predicted.contains(field));
            names.add(predicted.contains(field) ? "example_" + field : field);
        }
        for (String field : predicted) {
            names.add(clash.containsKey(field) ? "pred_" + field : field);
        }
        return new Columns(exampleFields, new ArrayList<>(predicted), names);
    }

    /**
     * The one-line summary:
     * {@code Average metric: 34.0 / 50 (68.0%), 2 failed, 120 calls, $0.0123, p50 210 ms, p95 480 ms}
     * (with {@code , 5 not run} after the failures when the run stopped early).
     *
     * @return the summary
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Average metric: ")
                .append(Texts.number(total()))
                .append(" / ")
                .append(results.size())
                .append(" (")
                .append(Texts.percentOneDecimal(score()))
                .append("%), ")
                .append(failures().size())
                .append(" failed");
        int notRun = skipped().size();
        if (notRun > 0) {
            out.append(", ").append(notRun).append(" not run");
        }
        out.append(", ")
                .append(usage.calls())
                .append(usage.calls() == 1 ? " call, " : " calls, ")
                .append(Texts.money(usage.costUsd() == null ? BigDecimal.ZERO : usage.costUsd()))
                .append(", p50 ")
                .append(Texts.millis(latencyP50()))
                .append(", p95 ")
                .append(Texts.millis(latencyP95()));
        return out.toString();
    }
}
