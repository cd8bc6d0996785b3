package dev.dspj.optimize;

import dev.dspj.module.Module;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Gepa} run found, DSPy's {@code DspyGEPAResult} ({@code detailed_results}): every
 * candidate kept in the pool with its lineage (parents, what changed, the minibatch or subsample
 * scores that let it in, its validation scores), every iteration's outcome, the per-instance Pareto
 * fronts and the metric calls spent. {@link #report()} and {@link #lineageReport(int)} render it
 * as text. Immutable.
 */
public final class GepaResult {

    /** How a candidate came to be. */
    public enum Origin {
        /** The student itself. */
        SEED,
        /** A reflective mutation: one parent, some predictors' instructions rewritten. */
        MUTATION,
        /** A merge of two candidates with a common ancestor. */
        MERGE
    }

    /**
     * One candidate of the pool.
     *
     * @param index its index in discovery order (0 is the seed)
     * @param origin how it was made
     * @param parents its parents' indexes (none for the seed, one for a mutation, two for a merge)
     * @param ancestor the merge's common ancestor, or null
     * @param instructions predictor name to instruction, in the program's predictor order, then (with
     *     {@link Gepa.Builder#optimizeToolDescriptions}) {@code tool:NAME} to the tool's description
     * @param changedPredictors the predictors whose instructions differ from the first parent's (for a
     *     merge: from the ancestor's)
     * @param sources for a merge, predictor name to the candidate its instruction came from; else empty
     * @param iteration the iteration that produced it (-1 for the seed)
     * @param minibatch the examples it was tried on before joining the pool: training-set indexes for a
     *     mutation, validation-set indexes for a merge; empty for the seed
     * @param parentMinibatchScores each parent's per-example scores on those examples
     * @param minibatchScores its own per-example scores on them
     * @param valScores its score on each validation example
     * @param discoveryMetricCalls the metric calls spent before its validation evaluation
     */
    public record Candidate(
            int index,
            Origin origin,
            List<Integer> parents,
            @Nullable Integer ancestor,
            Map<String, String> instructions,
            List<String> changedPredictors,
            Map<String, Integer> sources,
            int iteration,
            List<Integer> minibatch,
            List<List<Double>> parentMinibatchScores,
            List<Double> minibatchScores,
            List<Double> valScores,
            long discoveryMetricCalls) {

        /**
         * Copies the collections.
         *
         * @param index index
         * @param origin origin
         * @param parents parents
         * @param ancestor common ancestor, or null
         * @param instructions instructions
         * @param changedPredictors changed predictors
         * @param sources merge sources
         * @param iteration iteration
         * @param minibatch minibatch indexes
         * @param parentMinibatchScores parents' scores there
         * @param minibatchScores its scores there
         * @param valScores validation scores
         * @param discoveryMetricCalls metric calls before its validation evaluation
         */
        public Candidate {
            Objects.requireNonNull(origin, "origin");
            parents = List.copyOf(parents);
            instructions = Collections.unmodifiableMap(new LinkedHashMap<>(instructions));
            changedPredictors = List.copyOf(changedPredictors);
            sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
            minibatch = List.copyOf(minibatch);
            List<List<Double>> copied = new ArrayList<>();
            parentMinibatchScores.forEach(scores -> copied.add(List.copyOf(scores)));
            parentMinibatchScores = List.copyOf(copied);
            minibatchScores = List.copyOf(minibatchScores);
            valScores = List.copyOf(valScores);
        }

        /**
         * Its mean score on the validation set (DSPy's {@code val_aggregate_scores[i]}).
         *
         * @return the score
         */
        public double valScore() {
            return valScores.isEmpty()
                    ? 0
                    : valScores.stream().mapToDouble(Double::doubleValue).sum() / valScores.size();
        }

        /**
         * The minibatch sum it had to beat: its parent's (a mutation) or the better parent's (a merge).
         *
         * @return the sum, 0 for the seed
         */
        public double minibatchScoreBefore() {
            double best = parentMinibatchScores.isEmpty() ? 0 : Double.NEGATIVE_INFINITY;
            for (List<Double> scores : parentMinibatchScores) {
                best = Math.max(
                        best, scores.stream().mapToDouble(Double::doubleValue).sum());
            }
            return best;
        }

        /**
         * Its own minibatch sum.
         *
         * @return the sum, 0 for the seed
         */
        public double minibatchScoreAfter() {
            return minibatchScores.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** What one iteration of the loop did. */
    public enum Outcome {
        /** The proposal beat its minibatch bar and joined the pool. */
        ACCEPTED,
        /** The proposal did not beat its minibatch bar. */
        REJECTED,
        /** Every minibatch example already had the perfect score; nothing to reflect on. */
        SKIPPED_PERFECT,
        /** The reflection gave no usable instruction (no trace for the predictor, or the model failed). */
        NO_PROPOSAL,
        /**
         * The metric-call budget could not pay for its next step (with several iterations at once,
         * after what the iterations before it spent); the run starts no iteration after it.
         */
        BUDGET_SPENT
    }

    /**
     * One iteration of the loop (DSPy's {@code full_program_trace} entry).
     *
     * @param number the iteration, from 0
     * @param origin {@link Origin#MUTATION} or {@link Origin#MERGE}
     * @param parents the candidates it started from
     * @param predictors the predictors it rewrote (a mutation) or all of them (a merge)
     * @param outcome what came of it
     * @param scoreBefore the minibatch sum to beat (the better parent's for a merge)
     * @param scoreAfter the proposal's minibatch sum, or NaN when nothing was proposed
     * @param candidate the index it got in the pool, or null when not accepted
     * @param metricCalls the run's metric calls after the iteration
     */
    public record Iteration(
            int number,
            Origin origin,
            List<Integer> parents,
            List<String> predictors,
            Outcome outcome,
            double scoreBefore,
            double scoreAfter,
            @Nullable Integer candidate,
            long metricCalls) {

        /**
         * Copies the lists.
         *
         * @param number iteration
         * @param origin mutation or merge
         * @param parents parents
         * @param predictors predictors
         * @param outcome outcome
         * @param scoreBefore sum to beat
         * @param scoreAfter proposal's sum
         * @param candidate pool index, or null
         * @param metricCalls metric calls so far
         */
        public Iteration {
            parents = List.copyOf(parents);
            predictors = List.copyOf(predictors);
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    private final List<Candidate> candidates;
    private final List<Iteration> iterations;
    private final List<Module> programs;
    private final long totalMetricCalls;
    private final long maxMetricCalls;
    private final int numFullValEvals;
    private final long seed;
    private final String stopReason;

    /**
     * Creates a result.
     *
     * @param candidates the pool, in discovery order
     * @param iterations every iteration
     * @param programs every candidate as a program (with {@code trackStats}), or empty
     * @param totalMetricCalls metric calls spent
     * @param maxMetricCalls the budget in metric calls
     * @param numFullValEvals full validation evaluations
     * @param seed the seed
     * @param stopReason why the loop ended
     */
    public GepaResult(
            List<Candidate> candidates,
            List<Iteration> iterations,
            List<Module> programs,
            long totalMetricCalls,
            long maxMetricCalls,
            int numFullValEvals,
            long seed,
            String stopReason) {
        this.candidates = List.copyOf(candidates);
        this.iterations = List.copyOf(iterations);
        this.programs = List.copyOf(programs);
        this.totalMetricCalls = totalMetricCalls;
        this.maxMetricCalls = maxMetricCalls;
        this.numFullValEvals = numFullValEvals;
        this.seed = seed;
        this.stopReason = Objects.requireNonNull(stopReason, "stopReason");
    }

    /**
     * Every candidate of the pool, in discovery order (index 0 is the seed).
     *
     * @return the candidates
     */
    public List<Candidate> candidates() {
        return candidates;
    }

    /**
     * One candidate.
     *
     * @param index its index
     * @return the candidate
     * @throws IllegalArgumentException when there is no such candidate
     */
    public Candidate candidate(int index) {
        if (index < 0 || index >= candidates.size()) {
            throw new IllegalArgumentException(
                    "GEPA: no candidate " + index + "; the pool has candidates 0 to " + (candidates.size() - 1));
        }
        return candidates.get(index);
    }

    /**
     * Every iteration of the loop, in order.
     *
     * @return the iterations
     */
    public List<Iteration> iterations() {
        return iterations;
    }

    /**
     * The index of the returned candidate: the best mean validation score, the earliest on ties
     * (DSPy's {@code best_idx}).
     *
     * @return the index, or -1 when no candidate was scored
     */
    public int bestIndex() {
        return GepaPareto.best(valAggregateScores());
    }

    /**
     * The returned candidate.
     *
     * @return the candidate
     * @throws IllegalStateException when no candidate was scored
     */
    public Candidate best() {
        int best = bestIndex();
        if (best < 0) {
            throw new IllegalStateException("GEPA: no candidate was scored (" + stopReason + ")");
        }
        return candidates.get(best);
    }

    /**
     * Each candidate's mean validation score (DSPy's {@code val_aggregate_scores}).
     *
     * @return the scores, by index
     */
    public double[] valAggregateScores() {
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = candidates.get(i).valScore();
        }
        return scores;
    }

    /**
     * Each candidate's per-instance validation scores (DSPy's {@code val_subscores}).
     *
     * @return the scores, by candidate then instance
     */
    public List<List<Double>> valSubscores() {
        return candidates.stream().map(Candidate::valScores).toList();
    }

    /**
     * For each validation instance, the candidates with the best score on it (DSPy's
     * {@code per_val_instance_best_candidates}).
     *
     * @return one set per instance
     */
    public List<Set<Integer>> perValInstanceBestCandidates() {
        List<double[]> matrix = new ArrayList<>();
        for (Candidate candidate : candidates) {
            matrix.add(candidate.valScores().stream()
                    .mapToDouble(Double::doubleValue)
                    .toArray());
        }
        List<Set<Integer>> fronts = new ArrayList<>();
        GepaPareto.fronts(matrix).forEach(front -> fronts.add(Collections.unmodifiableSet(new TreeSet<>(front))));
        return List.copyOf(fronts);
    }

    /**
     * The best score reached on each validation instance by any candidate (DSPy's
     * {@code highest_score_achieved_per_val_task}).
     *
     * @return one score per instance
     */
    public List<Double> highestScorePerValInstance() {
        List<Double> best = new ArrayList<>();
        List<Set<Integer>> fronts = perValInstanceBestCandidates();
        for (int t = 0; t < fronts.size(); t++) {
            best.add(candidates.get(fronts.get(t).iterator().next()).valScores().get(t));
        }
        return best;
    }

    /**
     * The metric calls spent before each candidate's validation evaluation (DSPy's
     * {@code discovery_eval_counts}).
     *
     * @return the counts, by index
     */
    public List<Long> discoveryEvalCounts() {
        return candidates.stream().map(Candidate::discoveryMetricCalls).toList();
    }

    /**
     * Each candidate as a program, kept when the run had {@code trackStats(true)} (DSPy's
     * {@code detailed_results.candidates}).
     *
     * @param index the candidate
     * @return the program (a copy of the student with the candidate's instructions), if kept
     */
    public Optional<Module> program(int index) {
        candidate(index);
        return programs.isEmpty() ? Optional.empty() : Optional.of(programs.get(index));
    }

    /**
     * The metric calls the run spent (one per example evaluated).
     *
     * @return the count
     */
    public long totalMetricCalls() {
        return totalMetricCalls;
    }

    /**
     * The run's budget in metric calls (from {@code auto}, {@code maxFullEvals} or {@code maxMetricCalls}).
     *
     * @return the budget
     */
    public long maxMetricCalls() {
        return maxMetricCalls;
    }

    /**
     * Full validation evaluations, the seed's included.
     *
     * @return the count
     */
    public int numFullValEvals() {
        return numFullValEvals;
    }

    /**
     * The run's seed.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Why the loop ended.
     *
     * @return the reason
     */
    public String stopReason() {
        return stopReason;
    }

    /**
     * A candidate's lineage: all its ancestors (through both parents of a merge) and itself, in
     * discovery order, so the seed comes first.
     *
     * @param index the candidate
     * @return the candidates, ending with {@code index}
     */
    public List<Candidate> lineage(int index) {
        candidate(index);
        List<List<Integer>> parents =
                candidates.stream().map(Candidate::parents).toList();
        Set<Integer> members = new TreeSet<>(GepaMerge.ancestors(parents, index));
        members.add(index);
        return members.stream().map(candidates::get).toList();
    }

    /**
     * A candidate's lineage as text: one line per ancestor and itself, each with how it was made,
     * what it changed, the scores that let it in and its validation score.
     *
     * @param index the candidate
     * @return the text
     */
    public String lineageReport(int index) {
        StringBuilder out = new StringBuilder();
        List<Candidate> lineage = lineage(index);
        out.append("Lineage of candidate #")
                .append(index)
                .append(" (")
                .append(lineage.size())
                .append(" generation")
                .append(lineage.size() == 1 ? "" : "s")
                .append("):\n");
        for (Candidate candidate : lineage) {
            describe(candidate, out);
        }
        return out.toString();
    }

    /**
     * The whole run as text: a summary line, every candidate (how it was made, what changed, its
     * scores, its instructions), the iterations' outcomes, and the best candidate's lineage.
     *
     * @return the text
     */
    public String report() {
        StringBuilder out = new StringBuilder();
        int best = bestIndex();
        out.append(String.format(
                Locale.ROOT,
                "GEPA: %d candidate%s, %d iteration%s, %d of %d metric calls, %d full "
                        + "validation evaluation%s, seed %d; %s%n",
                candidates.size(),
                candidates.size() == 1 ? "" : "s",
                iterations.size(),
                iterations.size() == 1 ? "" : "s",
                totalMetricCalls,
                maxMetricCalls,
                numFullValEvals,
                numFullValEvals == 1 ? "" : "s",
                seed,
                stopReason));
        if (best < 0) {
            out.append("no candidate was scored\n");
            return out.toString();
        }
        out.append(String.format(
                Locale.ROOT,
                "best: #%d with validation score %.4f (seed #0: %.4f)%n",
                best,
                candidates.get(best).valScore(),
                candidates.get(0).valScore()));
        out.append("\nCandidates:\n");
        for (Candidate candidate : candidates) {
            describe(candidate, out);
            candidate.instructions().forEach((predictor, text) -> {
                if (candidate.origin() == Origin.SEED
                        || candidate.changedPredictors().contains(predictor)) {
                    out.append("      ")
                            .append(predictor)
                            .append(": ")
                            .append(quote(text))
                            .append('\n');
                }
            });
        }
        out.append("\nIterations:");
        Map<Outcome, Integer> counts = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, 0);
        }
        iterations.forEach(iteration -> counts.merge(iteration.outcome(), 1, Integer::sum));
        counts.forEach((outcome, count) -> out.append(' ')
                .append(outcome.name().toLowerCase(Locale.ROOT))
                .append('=')
                .append(count));
        out.append('\n');
        for (Iteration iteration : iterations) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %3d %-8s from %-9s %-16s %-15s %s%n",
                    iteration.number(),
                    iteration.origin().name().toLowerCase(Locale.ROOT),
                    ids(iteration.parents()),
                    iteration.predictors().isEmpty() ? "" : String.join(",", iteration.predictors()),
                    iteration.outcome().name().toLowerCase(Locale.ROOT),
                    (Double.isNaN(iteration.scoreAfter())
                                    ? String.format(Locale.ROOT, "minibatch %s", number(iteration.scoreBefore()))
                                    : String.format(
                                            Locale.ROOT,
                                            "%s -> %s",
                                            number(iteration.scoreBefore()),
                                            number(iteration.scoreAfter())))
                            + (iteration.candidate() == null ? "" : " as #" + iteration.candidate())
                            + ", " + iteration.metricCalls() + " calls"));
        }
        out.append('\n').append(lineageReport(best));
        return out.toString();
    }

    private void describe(Candidate candidate, StringBuilder out) {
        out.append(String.format(Locale.ROOT, "  #%-3d ", candidate.index()));
        switch (candidate.origin()) {
            case SEED -> out.append("seed (the student)");
            case MUTATION ->
                out.append(String.format(
                        Locale.ROOT,
                        "mutation of #%d at iteration %d, rewrote %s; " + "minibatch %s -> %s of %d",
                        candidate.parents().get(0),
                        candidate.iteration(),
                        String.join(", ", candidate.changedPredictors()),
                        number(candidate.minibatchScoreBefore()),
                        number(candidate.minibatchScoreAfter()),
                        candidate.minibatch().size()));
            case MERGE -> {
                StringBuilder taken = new StringBuilder();
                candidate
                        .sources()
                        .forEach((predictor, source) -> taken.append(taken.length() == 0 ? "" : ", ")
                                .append(predictor)
                                .append(" from #")
                                .append(source));
                out.append(String.format(
                        Locale.ROOT,
                        "merge of %s via ancestor #%d at iteration %d (%s); subsample " + "%s -> %s of %d",
                        ids(candidate.parents()),
                        candidate.ancestor(),
                        candidate.iteration(),
                        taken,
                        parentSums(candidate),
                        number(candidate.minibatchScoreAfter()),
                        candidate.minibatch().size()));
            }
            default -> throw new IllegalStateException(candidate.origin().name());
        }
        out.append(String.format(Locale.ROOT, "; validation %.4f", candidate.valScore()));
        if (!candidate.parents().isEmpty()) {
            double parentBest = Double.NEGATIVE_INFINITY;
            for (int parent : candidate.parents()) {
                parentBest = Math.max(parentBest, candidates.get(parent).valScore());
            }
            out.append(String.format(Locale.ROOT, " (%+.4f over its best parent)", candidate.valScore() - parentBest));
        }
        out.append(", found after ").append(candidate.discoveryMetricCalls()).append(" metric calls\n");
    }

    private static String parentSums(Candidate candidate) {
        List<String> sums = new ArrayList<>();
        for (List<Double> scores : candidate.parentMinibatchScores()) {
            sums.add(number(scores.stream().mapToDouble(Double::doubleValue).sum()));
        }
        return String.join("/", sums);
    }

    private static String ids(List<Integer> indexes) {
        List<String> out = new ArrayList<>();
        indexes.forEach(i -> out.add("#" + i));
        return out.isEmpty() ? "-" : String.join("+", out);
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String quote(String text) {
        String flat = text.replace("\n", "\\n");
        return "\"" + (flat.length() > 160 ? flat.substring(0, 157) + "..." : flat) + "\"";
    }

    @Override
    public String toString() {
        int best = bestIndex();
        return String.format(
                Locale.ROOT,
                "GepaResult[%d candidates, best #%d%s, %d metric calls]",
                candidates.size(),
                best,
                best < 0
                        ? ""
                        : String.format(
                                Locale.ROOT, " (%.4f)", candidates.get(best).valScore()),
                totalMetricCalls);
    }
}
