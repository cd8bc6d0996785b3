package dev.dspj.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metric;
import dev.dspj.execution.CallBudgetExceededException;
import dev.dspj.execution.IndependentCalls;
import dev.dspj.execution.RunRecord;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.propose.ProposerSignatures;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.variable.Configuration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * DSPy's {@code COPRO}: coordinate ascent over each predictor's instructions and the prefix of its
 * last output field, with a prompt model proposing the candidates.
 *
 * <ol>
 *   <li>For every predictor, the prompt model proposes {@code breadth - 1} candidates (instruction
 *       and output prefix) from its current instructions with {@link ProposerSignatures#BASIC_GENERATE_INSTRUCTION}
 *       at {@code initTemperature}, one call per candidate with its own rollout id (up to
 *       {@code numThreads} calls at once, read back in order, so the run is the same whatever the
 *       number of threads); the current
 *       instruction and prefix are the last candidate.</li>
 *   <li>{@code depth} rounds. In each round every predictor in turn has its candidates scored on
 *       the training set, the other predictors set to their best so far; the predictor then keeps
 *       its best candidate. A program with one predictor scores only the candidates proposed
 *       last; with several, every candidate is scored again, since the others changed. After each
 *       round but the last, the prompt model sees every candidate scored so far (up to
 *       {@code breadth}, the best last, in DSPy's {@code Instruction #i / Prefix #i / Resulting Score #i}
 *       form) through {@link ProposerSignatures#GENERATE_INSTRUCTION_GIVEN_ATTEMPTS} and proposes
 *       {@code breadth} new ones. So {@code depth = 3} scores the first candidates and two proposed
 *       rounds, as DSPy does.</li>
 *   <li>The program returned is the best-scoring one seen (the first of equals), a copy of the
 *       student with that instruction and prefix on each predictor.</li>
 * </ol>
 *
 * <p>Every proposal and every score is a step of the {@linkplain Builder#record(RunRecord) run
 * record}, so a run restarted with a record of the same name replays them instead of calling the
 * models again. With {@link Builder#trackStats(boolean)}, {@link Result#statistics()} has DSPy's
 * {@code results_best} and {@code results_latest} per predictor. A {@linkplain Builder#callBudget(long)
 * call budget} or {@linkplain Builder#costBudgetUsd(double) cost budget} covers the prompt model and
 * the task model together; when it runs out the best program scored so far is returned.
 *
 * <pre>{@code
 * Copro copro = Copro.builder(Metrics.exactMatch("answer"))
 *         .breadth(6).depth(2).promptModel(strongModel).callBudget(2_000).build();
 * Copro.Result<QaPredictor> result = copro.compileWithResult(qa, trainset);
 * QaPredictor tuned = result.program();
 * System.out.println(result.report().summary());
 * }</pre>
 */
public final class Copro implements Optimizer {

    /** The optimizer's name in reports and logs. */
    public static final String NAME = "COPRO";
    /** DSPy's default for {@code breadth}. */
    public static final int DEFAULT_BREADTH = 10;
    /** DSPy's default for {@code depth}. */
    public static final int DEFAULT_DEPTH = 3;
    /** DSPy's default for {@code init_temperature}. */
    public static final double DEFAULT_INIT_TEMPERATURE = 1.4;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many of the best scores {@code results_best} summarizes (DSPy: 10). */
    private static final int BEST_SCORES_TRACKED = 10;

    private final Metric metric;
    private final int breadth;
    private final int depth;
    private final double initTemperature;
    private final boolean trackStats;
    private final @Nullable LanguageModel promptModel;
    private final @Nullable LanguageModel taskModel;
    private final @Nullable Integer numThreads;
    private final int maxErrors;
    private final long seed;
    private final long callBudget;
    private final double costBudgetUsd;
    private final @Nullable RunRecord record;
    private final @Nullable Consumer<OptimizerEvent> listener;
    private final Options options;

    /**
     * The options of a {@link Copro}, as written into its reports and run record.
     *
     * @param breadth candidates per round
     * @param depth rounds
     * @param initTemperature the temperature of the first round's proposals
     * @param trackStats whether DSPy's statistics are kept
     * @param maxErrors scoring failures tolerated
     * @param run the options every instruction optimizer has (models, seed, threads, budgets, record)
     */
    public record Options(
            int breadth, int depth, double initTemperature, boolean trackStats, int maxErrors, InstructionOptions run)
            implements OptimizerOptions {}

    /**
     * What one COPRO run gave.
     *
     * @param program a copy of the student with the best instruction and prefix on each predictor
     * @param report what the run spent and found: every candidate score (one entry per scoring,
     *     numbered in order), the returned candidate, why it stopped, the options
     * @param candidates every (instruction, prefix) candidate scored, per predictor with its best
     *     score, best first (DSPy's {@code candidate_programs})
     * @param statistics DSPy's {@code results_best} and {@code results_latest} per predictor path, in
     *     predictor order; empty unless {@link Builder#trackStats(boolean)} was set
     * @param <M> the program's type
     */
    public record Result<M extends Module>(
            M program, OptimizerReport report, List<Candidate> candidates, Map<String, PredictorStatistics> statistics)
            implements OptimizerResult<M> {
        /**
         * Freezes the lists.
         *
         * @param program the program
         * @param report the report
         * @param candidates the candidates
         * @param statistics the statistics
         */
        public Result {
            Objects.requireNonNull(program, "program");
            Objects.requireNonNull(report, "report");
            candidates = List.copyOf(candidates);
            statistics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(statistics));
        }
    }

    private Copro(Builder builder) {
        this.metric = builder.metric;
        this.breadth = builder.breadth;
        this.depth = builder.depth;
        this.initTemperature = builder.initTemperature;
        this.trackStats = builder.trackStats;
        this.promptModel = builder.promptModel;
        this.taskModel = builder.taskModel;
        this.numThreads = builder.numThreads;
        this.maxErrors = builder.maxErrors;
        this.seed = builder.seed;
        this.callBudget = builder.callBudget;
        this.costBudgetUsd = builder.costBudgetUsd;
        this.record = builder.record;
        this.listener = builder.listener;
        this.options =
                new Options(breadth, depth, initTemperature, trackStats, maxErrors, builder.instructionOptions());
    }

    /**
     * Starts configuring COPRO.
     *
     * @param metric scores the program's predictions on the training set
     * @return a builder with DSPy's defaults
     */
    public static Builder builder(Metric metric) {
        return new Builder(Objects.requireNonNull(metric, NAME + ": the metric is null"));
    }

    /**
     * One scored (instruction, prefix) candidate of one predictor.
     *
     * @param predictor the predictor's path
     * @param depth the round it was last scored in (0 is the first)
     * @param instruction the instruction
     * @param prefix the prefix of the predictor's last output field
     * @param score its best score on the training set
     */
    public record Candidate(String predictor, int depth, String instruction, String prefix, double score) {}

    /**
     * DSPy's per-round summary of some scores.
     *
     * @param depth the round (0 is the first)
     * @param max the highest score
     * @param average the mean
     * @param min the lowest score
     * @param std the population standard deviation (numpy's {@code std})
     */
    public record DepthStatistics(int depth, double max, double average, double min, double std) {

        static DepthStatistics of(int depth, List<Double> scores) {
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            double sum = 0;
            for (double s : scores) {
                max = Math.max(max, s);
                min = Math.min(min, s);
                sum += s;
            }
            // clamped: the rounding of a sum can put the mean of equal scores just above them
            double mean = Math.min(max, Math.max(min, sum / scores.size()));
            double squares = 0;
            for (double s : scores) {
                squares += (s - mean) * (s - mean);
            }
            return new DepthStatistics(depth, max, mean, min, Math.sqrt(squares / scores.size()));
        }
    }

    /**
     * DSPy's {@code track_stats} for one predictor.
     *
     * @param resultsBest per round, the top 10 scores of every candidate scored so far
     *     ({@code results_best})
     * @param resultsLatest per round, the scores of the candidates proposed last ({@code results_latest})
     */
    public record PredictorStatistics(List<DepthStatistics> resultsBest, List<DepthStatistics> resultsLatest) {

        /**
         * Freezes the lists.
         *
         * @param resultsBest per round, the best scores so far
         * @param resultsLatest per round, the latest candidates' scores
         */
        public PredictorStatistics {
            resultsBest = List.copyOf(resultsBest);
            resultsLatest = List.copyOf(resultsLatest);
        }
    }

    /**
     * Runs COPRO.
     *
     * @param student the program (left unchanged); its demos are kept
     * @param trainset labeled examples with their inputs marked; candidates are scored on them
     * @param <M> the program's type
     * @return a copy of the student with the best instruction and prefix on each predictor, the
     *     report, the candidates and (with {@code trackStats}) the statistics
     */
    @Override
    public <M extends Module> Result<M> compileWithResult(M student, List<Example> trainset) {
        Objects.requireNonNull(student, NAME + ": the student is null");
        List<Example> train = Programs.checkTrainset(trainset, NAME, "trainset");
        if (train.isEmpty()) {
            throw new IllegalArgumentException(NAME + ": the trainset is empty; candidates are scored on it");
        }
        if (student.namedPredictors().isEmpty()) {
            throw new IllegalArgumentException(NAME + ": the student has no predictors to optimize");
        }
        LanguageModel proposer = InstructionRuns.promptModel(promptModel, student, NAME);
        RunRecord steps = record != null ? record : RunRecord.inMemory(NAME);
        try (Run run = new Run(NAME, options, listener, callBudget, costBudgetUsd)) {
            InstructionRuns.recordOptions(steps, run);
            run.event(
                    OptimizerEvent.Kind.STARTED,
                    "breadth " + breadth + ", depth " + depth + ", temperature "
                            + initTemperature + ", " + student.namedPredictors().size() + " predictor(s), "
                            + train.size()
                            + " training examples" + InstructionRuns.budgetText(callBudget, costBudgetUsd),
                    null,
                    null,
                    0,
                    0);
            Ascent ascent = new Ascent(student, train, run, steps, run.meter().wrap(proposer));
            M best = ascent.run();
            run.close();
            OptimizerReport report = run.report();
            run.event(
                    OptimizerEvent.Kind.FINISHED,
                    report.summary() + " (" + steps + ")",
                    report.bestCandidate(),
                    report.bestScore().orElse(null),
                    0,
                    0);
            return new Result<>(best, report, ascent.allCandidates(), trackStats ? ascent.statistics() : Map.of());
        }
    }

    /** An (instruction, prefix) pair, as proposed. */
    private record Proposal(String instruction, String prefix) {}

    /** A candidate scored for one predictor: its best score and the program it had then. */
    private static final class Scored {
        final Proposal proposal;
        double score;
        Module program;
        int depth;
        int number;

        Scored(Proposal proposal, double score, Module program, int depth, int number) {
            this.proposal = proposal;
            this.score = score;
            this.program = program;
            this.depth = depth;
            this.number = number;
        }
    }

    /** One compile's state. */
    private final class Ascent {
        private final Module student;
        private final Run run;
        private final RunRecord steps;
        private final LanguageModel proposer;
        private final Evaluate evaluate;
        private final int threads;
        private final List<String> paths = new ArrayList<>();
        private final Map<String, List<Proposal>> all = new LinkedHashMap<>();
        private final Map<String, List<Proposal>> latest = new LinkedHashMap<>();
        private final Map<String, LinkedHashMap<Proposal, Scored>> evaluated = new LinkedHashMap<>();
        private final Map<String, List<DepthStatistics>> resultsBest = new LinkedHashMap<>();
        private final Map<String, List<DepthStatistics>> resultsLatest = new LinkedHashMap<>();
        private int scoredCount;
        private double bestScore = Double.NEGATIVE_INFINITY;

        Ascent(Module student, List<Example> train, Run run, RunRecord steps, LanguageModel proposer) {
            this.student = student;
            this.run = run;
            this.steps = steps;
            this.proposer = proposer;
            this.evaluate = InstructionRuns.evaluator(train, metric, numThreads, maxErrors);
            this.threads = numThreads != null ? numThreads : Evaluate.DEFAULT_CONCURRENCY;
            for (NamedPredictor named : student.namedPredictors()) {
                paths.add(named.name());
                all.put(named.name(), new ArrayList<>());
                evaluated.put(named.name(), new LinkedHashMap<>());
                resultsBest.put(named.name(), new ArrayList<>());
                resultsLatest.put(named.name(), new ArrayList<>());
            }
        }

        // the optimizer returns a copy of the caller's program, whose type the caller names
        @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
        <M extends Module> M run() {
            Module module = Programs.copyOf(student, NAME);
            InstructionRuns.applyTaskModel(module, taskModel);
            Module clone = Programs.copyOf(module, NAME);
            try {
                for (int p = 0; p < paths.size(); p++) {
                    Predict predictor = clone.namedPredictors().get(p).predictor();
                    String basic = predictor.instructions();
                    List<Proposal> first = proposeAll(
                            p,
                            0,
                            breadth - 1,
                            ProposerSignatures.BASIC_GENERATE_INSTRUCTION,
                            Map.of("basic_instruction", basic));
                    first.add(new Proposal(
                            basic, lastOutput(predictor.signature()).prefix()));
                    at(all, paths.get(p)).addAll(first);
                    latest.put(paths.get(p), first);
                }
                for (int d = 0; d < depth; d++) {
                    run.event(OptimizerEvent.Kind.PROGRESS, "depth " + (d + 1) + " of " + depth, null, null, d, depth);
                    for (int p = 0; p < paths.size(); p++) {
                        scoreCandidates(clone, p, d);
                    }
                    if (d == depth - 1) {
                        break;
                    }
                    for (int p = 0; p < paths.size(); p++) {
                        String path = paths.get(p);
                        List<Scored> ranked = ranked(path);
                        at(resultsBest, path).add(topStatistics(d, ranked));
                        String attempts = attempts(ranked);
                        List<Proposal> next = proposeAll(
                                p,
                                d + 1,
                                breadth,
                                ProposerSignatures.GENERATE_INSTRUCTION_GIVEN_ATTEMPTS,
                                Map.of("attempted_instructions", attempts));
                        at(all, path).addAll(next);
                        latest.put(path, next);
                    }
                }
                for (String path : paths) {
                    at(resultsBest, path).add(topStatistics(depth - 1, ranked(path)));
                }
            } catch (CallBudgetExceededException refused) {
                run.stop(run.budgetReason());
            }
            Scored best = best();
            if (best == null) {
                run.event(
                        OptimizerEvent.Kind.PROGRESS,
                        "no candidate was scored completely; returning the student's " + "instructions",
                        null,
                        null,
                        0,
                        0);
                return (M) module;
            }
            run.best(best.number);
            steps.note(
                    InstructionRuns.step("copro.returned"),
                    JSON.createObjectNode()
                            .put("candidate", best.number)
                            .put("score", best.score)
                            .toString());
            return (M) Programs.copyOf(best.program, NAME);
        }

        /** Scores one predictor's candidates at one depth, then sets the predictor to its best. */
        private void scoreCandidates(Module clone, int p, int d) {
            String path = paths.get(p);
            Predict predictor = clone.namedPredictors().get(p).predictor();
            List<Proposal> candidates = paths.size() > 1 ? at(all, path) : at(latest, path);
            List<Double> latestScores = new ArrayList<>();
            for (int c = 0; c < candidates.size(); c++) {
                Proposal proposal = candidates.get(c);
                apply(predictor, proposal);
                int candidateIndex = c;
                double score = steps.score(
                        InstructionRuns.step("copro.score", "depth", d, "predictor", p, "candidate", candidateIndex),
                        () -> InstructionRuns.score(run, clone, evaluate, path + " candidate " + candidateIndex));
                int number = ++scoredCount;
                LinkedHashMap<Proposal, Scored> scored = at(evaluated, path);
                Scored earlier = scored.get(proposal);
                if (earlier == null) {
                    scored.put(proposal, new Scored(proposal, score, Programs.copyOf(clone, NAME), d, number));
                } else if (score > earlier.score) {
                    earlier.score = score;
                    earlier.program = Programs.copyOf(clone, NAME);
                    earlier.depth = d;
                    earlier.number = number;
                }
                if (candidates.size() - breadth <= c) {
                    latestScores.add(score);
                }
                String description = String.format(
                        Locale.ROOT,
                        "%s, depth %d, candidate %d: \"%s\" / \"%s\"",
                        path,
                        d + 1,
                        c,
                        InstructionRuns.abbreviate(proposal.instruction(), 60),
                        InstructionRuns.abbreviate(proposal.prefix(), 20));
                run.addCandidate(
                        new OptimizerReport.CandidateScore(number, description, score, Programs.demoCount(clone)));
                boolean improved = score > bestScore;
                if (improved) {
                    bestScore = score;
                }
                run.event(
                        OptimizerEvent.Kind.CANDIDATE_SCORED,
                        String.format(
                                Locale.ROOT, "%s: score %.4f (best so " + "far %.4f)", description, score, bestScore),
                        number,
                        score,
                        c + 1,
                        candidates.size());
                if (improved) {
                    run.event(
                            OptimizerEvent.Kind.NEW_BEST,
                            String.format(Locale.ROOT, "new best score %.4f (%s)", score, description),
                            number,
                            score,
                            c + 1,
                            candidates.size());
                }
            }
            if (!latestScores.isEmpty()) {
                at(resultsLatest, path).add(DepthStatistics.of(d, latestScores));
            }
            Scored best = ranked(path).get(0);
            apply(predictor, best.proposal);
        }

        /**
         * Asks the prompt model for {@code count} candidates of one predictor in one round, up to
         * {@code numThreads} at once (their rollout ids fixed before any starts), and reads them
         * in order; the answers that could not be used are left out.
         */
        private List<Proposal> proposeAll(
                int p, int d, int count, SignatureDescriptor signature, Map<String, Object> inputs) {
            List<Configuration> names = new ArrayList<>();
            List<Supplier<String>> calls = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                Configuration name = InstructionRuns.step("copro.propose", "depth", d, "predictor", p, "candidate", k);
                names.add(name);
                calls.add(steps.has(name) ? null : proposalCall(signature, inputs, rolloutId(d, k)));
            }
            List<Proposal> proposals = new ArrayList<>();
            try (IndependentCalls<String> answers = IndependentCalls.start(threads, calls)) {
                for (int k = 0; k < count; k++) {
                    int index = k;
                    Proposal proposal = propose(p, d, k, names.get(k), () -> answers.get(index));
                    if (proposal != null) {
                        proposals.add(proposal);
                    }
                }
            }
            return proposals;
        }

        /** One proposal call, answering the JSON the run record keeps. */
        private Supplier<String> proposalCall(
                SignatureDescriptor signature, Map<String, Object> inputs, int rolloutId) {
            Predict generator = new Predict(signature);
            generator.setModel(proposer);
            generator.setSettings(
                    LmSettings.DEFAULTS.withTemperature(initTemperature).withRolloutId(rolloutId));
            return () -> {
                Prediction prediction = generator.forward(inputs);
                return JSON.createObjectNode()
                        .put("instruction", text(prediction, "proposed_instruction"))
                        .put("prefix", text(prediction, "proposed_prefix_for_output_field"))
                        .toString();
            };
        }

        /** One candidate, from the record or {@code answer}; null when it could not be used. */
        private @Nullable Proposal propose(int p, int d, int k, Configuration name, Supplier<String> answer) {
            try {
                JsonNode proposed = steps.json(name, answer);
                Proposal proposal = new Proposal(
                        InstructionRuns.clean(proposed.path("instruction").asText()),
                        InstructionRuns.clean(proposed.path("prefix").asText()));
                if (proposal.instruction().isEmpty()) {
                    run.event(
                            OptimizerEvent.Kind.PROGRESS,
                            paths.get(p) + ": proposal " + k + " at depth " + (d + 1) + " was empty and is skipped",
                            null,
                            null,
                            k + 1,
                            breadth);
                    return null;
                }
                run.event(
                        OptimizerEvent.Kind.PROGRESS,
                        paths.get(p) + ": proposed \"" + InstructionRuns.abbreviate(proposal.instruction(), 80) + "\"",
                        null,
                        null,
                        k + 1,
                        breadth);
                return proposal;
            } catch (CallBudgetExceededException refused) {
                throw refused;
            } catch (RuntimeException failure) {
                if (run.meter().exhausted()) {
                    throw InstructionRuns.budgetReached(run, "a proposal");
                }
                run.countError();
                run.event(
                        OptimizerEvent.Kind.PROGRESS,
                        paths.get(p) + ": proposal " + k + " at depth " + (d + 1) + " failed and is skipped: "
                                + failure.getMessage(),
                        null,
                        null,
                        k + 1,
                        breadth);
                return null;
            }
        }

        /** A distinct rollout id per candidate of a round, so the proposals differ. */
        private int rolloutId(int d, int k) {
            return (int) Math.floorMod(seed * 7919L + d * 1009L + k + 1, 1_000_000_007L);
        }

        /** The candidates of a predictor, best first (the first scored first among equals). */
        private List<Scored> ranked(String path) {
            List<Scored> ranked = new ArrayList<>(at(evaluated, path).values());
            ranked.sort(Comparator.comparingDouble((Scored s) -> s.score).reversed());
            return ranked;
        }

        private DepthStatistics topStatistics(int d, List<Scored> ranked) {
            List<Double> scores = new ArrayList<>();
            for (int i = 0; i < Math.min(BEST_SCORES_TRACKED, ranked.size()); i++) {
                scores.add(ranked.get(i).score);
            }
            return DepthStatistics.of(d, scores);
        }

        /** DSPy's attempts: up to {@code breadth} of the best candidates, worst first, numbered from 1. */
        private String attempts(List<Scored> ranked) {
            int shown = Math.min(breadth, ranked.size());
            StringBuilder text = new StringBuilder();
            for (int i = shown - 1; i >= 0; i--) {
                Scored candidate = ranked.get(i);
                int number = shown - i;
                text.append("Instruction #")
                        .append(number)
                        .append(": ")
                        .append(candidate.proposal.instruction())
                        .append('\n');
                text.append("Prefix #")
                        .append(number)
                        .append(": ")
                        .append(candidate.proposal.prefix())
                        .append('\n');
                text.append("Resulting Score #")
                        .append(number)
                        .append(": ")
                        .append(pythonFloat(candidate.score))
                        .append('\n');
            }
            return text.toString().strip();
        }

        /** The best candidate over every predictor, dropping none (DSPy drops only exact duplicates). */
        private @Nullable Scored best() {
            Scored best = null;
            for (String path : paths) {
                for (Scored candidate : at(evaluated, path).values()) {
                    if (best == null || candidate.score > best.score) {
                        best = candidate;
                    }
                }
            }
            return best;
        }

        List<Candidate> allCandidates() {
            List<Candidate> out = new ArrayList<>();
            for (String path : paths) {
                for (Scored s : at(evaluated, path).values()) {
                    out.add(new Candidate(path, s.depth, s.proposal.instruction(), s.proposal.prefix(), s.score));
                }
            }
            out.sort(Comparator.comparingDouble(Candidate::score).reversed());
            return out;
        }

        Map<String, PredictorStatistics> statistics() {
            Map<String, PredictorStatistics> out = new LinkedHashMap<>();
            for (String path : paths) {
                out.put(path, new PredictorStatistics(at(resultsBest, path), at(resultsLatest, path)));
            }
            return java.util.Collections.unmodifiableMap(out);
        }
    }

    /** A predictor's entry in one of the ascent's maps, which hold every predictor's path from the start. */
    private static <V> V at(Map<String, V> byPath, String path) {
        return Objects.requireNonNull(byPath.get(path), () -> "no entry for the predictor " + path);
    }

    private static String text(Prediction prediction, String field) {
        Object value = prediction.values().get(field);
        return value == null ? "" : value.toString();
    }

    /** A score as Python prints a float ({@code 0.5}, {@code 1.0}). */
    static String pythonFloat(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e16) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return Double.toString(value);
    }

    private static FieldDescriptor<?> lastOutput(SignatureDescriptor signature) {
        List<FieldDescriptor<?>> outputs = signature.outputFields();
        return outputs.get(outputs.size() - 1);
    }

    /** Sets a predictor's instruction and the prefix of its last output field. */
    private static void apply(Predict predictor, Proposal proposal) {
        SignatureDescriptor signature = predictor.signature();
        FieldDescriptor<?> last = lastOutput(signature);
        predictor.setSignature(
                signature.withInstructions(proposal.instruction()).withField(last.withPrefix(proposal.prefix())));
    }

    /**
     * The optimizer's options.
     *
     * @return the options record
     */
    @Override
    public Options options() {
        return options;
    }

    /** Configures {@link Copro}; every value has DSPy's default until set. */
    public static final class Builder extends InstructionOptimizerBuilder<Builder> {
        private final Metric metric;
        private int breadth = DEFAULT_BREADTH;
        private int depth = DEFAULT_DEPTH;
        private double initTemperature = DEFAULT_INIT_TEMPERATURE;
        private boolean trackStats;
        private int maxErrors = BootstrapFewShot.DEFAULT_MAX_ERRORS;

        private Builder(Metric metric) {
            super(NAME, 0, null);
            this.metric = metric;
        }

        /**
         * Candidates per round (DSPy's {@code breadth}, default {@value Copro#DEFAULT_BREADTH}): the
         * first round has {@code breadth - 1} proposals plus the current instruction.
         *
         * @param value greater than 1
         * @return this builder
         */
        public Builder breadth(int value) {
            if (value <= 1) {
                throw new IllegalArgumentException(NAME + ": breadth must be greater than 1, got " + value);
            }
            this.breadth = value;
            return this;
        }

        /**
         * Rounds of scoring (DSPy's {@code depth}, default {@value Copro#DEFAULT_DEPTH}); every round
         * but the last is followed by a proposal round that sees the scores.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder depth(int value) {
            this.depth = atLeast(value, 1, "depth");
            return this;
        }

        /**
         * The prompt model's temperature (DSPy's {@code init_temperature}, default
         * {@value Copro#DEFAULT_INIT_TEMPERATURE}).
         *
         * @param value 0 to {@link LmSettings#MAX_TEMPERATURE}
         * @return this builder
         */
        public Builder initTemperature(double value) {
            this.initTemperature = temperature(value, "initTemperature");
            return this;
        }

        /**
         * Whether {@link Result#statistics()} is filled (DSPy's {@code track_stats}, off by default).
         *
         * @param value true to track
         * @return this builder
         */
        public Builder trackStats(boolean value) {
            this.trackStats = value;
            return this;
        }

        /**
         * Failed examples tolerated in one scoring before the run fails (default
         * {@value BootstrapFewShot#DEFAULT_MAX_ERRORS}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxErrors(int value) {
            this.maxErrors = atLeast(value, 1, "maxErrors");
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         */
        public Copro build() {
            return new Copro(this);
        }
    }
}
