package dev.dspj.cli;

import dev.dspj.Dspj;
import dev.dspj.data.Dataset;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.Metric;
import dev.dspj.execution.RunRecord;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.module.Module;
import dev.dspj.optimize.BootstrapFewShot;
import dev.dspj.optimize.BootstrapFewShotWithRandomSearch;
import dev.dspj.optimize.Copro;
import dev.dspj.optimize.Gepa;
import dev.dspj.optimize.InstructionOptimizerBuilder;
import dev.dspj.optimize.LabeledFewShot;
import dev.dspj.optimize.MiproV2;
import dev.dspj.optimize.Optimizer;
import dev.dspj.optimize.OptimizerResult;
import dev.dspj.optimize.Simba;
import dev.dspj.state.ProgramState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dspj optimize}: compiles a program with one of DSPJ's few-shot or instruction optimizers
 * on a training file, prints the optimizer's report, scores the result on a dev file when given,
 * and saves the optimized program's state.
 */
@Command(
        name = "optimize",
        mixinStandardHelpOptions = true,
        description = {
            "Optimize a program on a labeled training file and save its state (load it with --state, or ProgramState.load).",
            "Optimizers: labeled, bootstrap, random-search (BootstrapFewShotWithRandomSearch), mipro, copro, simba, gepa."
        })
final class OptimizeCommand implements Callable<Integer> {

    /** The optimizers by their command-line names. */
    enum Kind {
        LABELED(false),
        BOOTSTRAP(false),
        RANDOM_SEARCH(false),
        MIPRO(true),
        COPRO(true),
        SIMBA(true),
        GEPA(true);

        final boolean instructions;

        Kind(boolean instructions) {
            this.instructions = instructions;
        }

        String optionName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Kind parse(String value) {
            for (Kind kind : values()) {
                if (kind.optionName().equals(value.strip().toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new CliException("--optimizer " + value + ": expected one of "
                    + String.join(
                            ", ",
                            java.util.Arrays.stream(values())
                                    .map(Kind::optionName)
                                    .toList()));
        }
    }

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli
    CommandSpec spec;

    @Mixin
    ProgramOptions program = new ProgramOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    MetricOptions metric = new MetricOptions();

    @Option(
            names = "--optimizer",
            required = true,
            paramLabel = "NAME",
            description = "labeled, bootstrap, random-search, mipro, copro, simba or gepa")
    @SuppressWarnings("NullAway.Init") // required
    String optimizer;

    @Option(names = "--trainset", required = true, paramLabel = "FILE", description = "labeled training rows")
    @SuppressWarnings("NullAway.Init") // required
    Path trainset;

    @Option(
            names = "--valset",
            paramLabel = "FILE",
            description =
                    "labeled rows candidates are chosen on (random-search, mipro, gepa; default: from the trainset)")
    @Nullable
    Path valset;

    @Option(
            names = "--devset",
            paramLabel = "FILE",
            description = "held-out labeled rows: the program is scored on them before and after")
    @Nullable
    Path devset;

    @Option(
            names = "--save",
            required = true,
            paramLabel = "FILE",
            description = "where the optimized program's state goes")
    @SuppressWarnings("NullAway.Init") // required
    Path save;

    @Mixin
    DataOptions files = new DataOptions();

    @Option(
            names = "--prompt-model",
            paramLabel = "MODEL",
            description = "mipro, copro, simba: the model that proposes instructions; gepa: the reflection model"
                    + " (default: --model)")
    @Nullable
    String promptModel;

    @Option(names = "--seed", paramLabel = "N", description = "the seed of the optimizer's draws")
    @Nullable
    Long seed;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "8",
            description = "calls at once (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--max-calls", paramLabel = "N", description = "stop after this many model calls")
    @Nullable
    Long maxCalls;

    @Option(
            names = "--max-usd",
            paramLabel = "DOLLARS",
            description = "stop after spending this much (mipro, copro, simba, gepa)")
    @Nullable
    Double maxUsd;

    @Option(
            names = "--record",
            paramLabel = "FILE",
            description = "a SQLite run record: a run stopped part way and started again replays its finished steps"
                    + " (mipro, copro, simba, gepa)")
    @Nullable
    Path record;

    @Option(
            names = "--record-name",
            paramLabel = "NAME",
            description = "the run's name in --record (default: from the optimizer, program and seed)")
    @Nullable
    String recordName;

    @Option(names = "--max-bootstrapped-demos", paramLabel = "N", description = "bootstrap, random-search, mipro")
    @Nullable
    Integer maxBootstrappedDemos;

    @Option(
            names = "--max-labeled-demos",
            paramLabel = "N",
            description = "labeled (k), bootstrap, random-search, mipro")
    @Nullable
    Integer maxLabeledDemos;

    @Option(
            names = "--candidates",
            paramLabel = "N",
            description = "random-search: candidate programs; mipro, simba: instruction candidates")
    @Nullable
    Integer candidates;

    @Option(names = "--trials", paramLabel = "N", description = "mipro: search trials")
    @Nullable
    Integer trials;

    @Option(
            names = "--minibatch-size",
            paramLabel = "N",
            description = "mipro: validation examples a trial is scored on first; 0 scores every trial on all of them")
    @Nullable
    Integer minibatchSize;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description = "simba: examples a step samples (bsize); gepa: examples a reflection sees")
    @Nullable
    Integer batchSize;

    @Option(names = "--auto", paramLabel = "LEVEL", description = "mipro, gepa: light, medium or heavy")
    @Nullable
    String auto;

    @Option(names = "--breadth", paramLabel = "N", description = "copro: candidates a round")
    @Nullable
    Integer breadth;

    @Option(names = "--depth", paramLabel = "N", description = "copro: rounds")
    @Nullable
    Integer depth;

    @Option(names = "--max-steps", paramLabel = "N", description = "simba: steps")
    @Nullable
    Integer maxSteps;

    @Option(names = "--max-metric-calls", paramLabel = "N", description = "gepa: the metric-call budget")
    @Nullable
    Long maxMetricCalls;

    @Override
    public Integer call() {
        Kind kind = Kind.parse(optimizer);
        checkApplicable(kind);
        ProgramOptions.LoadedProgram loaded = program.load();
        files.requireInputs(loaded);
        String label = metric.labelField(loaded);
        Dataset train = files.load("--trainset", trainset, loaded, label);
        Dataset validation = valset == null ? null : files.load("--valset", valset, loaded, label);
        Dataset dev = devset == null ? null : files.load("--devset", devset, loaded, label);
        Metric score = metric.create(loaded, loaded.loader());
        HttpLanguageModel client = model.build(threads, System::getenv, true);
        HttpLanguageModel proposer = promptModel == null
                ? client
                : model.build(promptModel, "--prompt-model", threads, System::getenv, true);
        PrintWriter out = spec.commandLine().getOut();
        boolean bars = files.progress();
        RunRecord runRecord = null;
        try {
            Dspj.configure(client);
            if (record != null) {
                String name = recordName != null
                        ? recordName
                        : kind.optionName() + "-" + loaded.className() + "-seed-" + (seed == null ? "default" : seed);
                runRecord = RunRecord.sqlite(record, name);
            }
            if (dev != null) {
                out.println("before: " + evaluate(dev, score, loaded.module(), bars));
            }
            Optimizer built = build(kind, score, validation, runRecord, proposer);
            OptimizerResult<Module> result;
            try {
                result = built.compileWithResult(loaded.module(), train);
            } catch (IllegalArgumentException e) {
                throw new CliException("--optimizer " + kind.optionName() + ": " + e.getMessage());
            }
            out.println(kind.optionName() + ": " + result.report().summary());
            if (runRecord != null) {
                out.printf(
                        Locale.ROOT,
                        "run record %s in %s: %d steps replayed, %d computed%n",
                        runRecord.name(),
                        record,
                        runRecord.replayed(),
                        runRecord.computed());
            }
            if (dev != null) {
                out.println("after:  " + evaluate(dev, score, result.program(), bars));
            }
            try {
                ProgramState.save(result.program(), save);
            } catch (IOException e) {
                throw new CliException("--save " + save + ": " + e.getMessage(), 1, e);
            }
            out.println("saved to " + save);
            out.flush();
            return 0;
        } finally {
            if (runRecord != null) {
                runRecord.close();
            }
            Dspj.configure(null);
            client.close();
            if (proposer != client) {
                proposer.close();
            }
        }
    }

    private EvaluationResult evaluate(Dataset dev, Metric score, Module module, boolean bars) {
        return Evaluate.builder(dev, score)
                .concurrency(threads)
                .progress(bars)
                .displayTable(0)
                .build()
                .run(module);
    }

    private void checkApplicable(Kind kind) {
        List<String> wrong = new ArrayList<>();
        if (!kind.instructions) {
            addIf(wrong, promptModel != null, "--prompt-model");
            addIf(wrong, maxUsd != null, "--max-usd");
            addIf(wrong, record != null, "--record");
        }
        addIf(
                wrong,
                maxBootstrappedDemos != null && (kind == Kind.LABELED || (kind.instructions && kind != Kind.MIPRO)),
                "--max-bootstrapped-demos");
        addIf(wrong, maxLabeledDemos != null && kind.instructions && kind != Kind.MIPRO, "--max-labeled-demos");
        addIf(
                wrong,
                candidates != null && kind != Kind.RANDOM_SEARCH && kind != Kind.MIPRO && kind != Kind.SIMBA,
                "--candidates");
        addIf(wrong, trials != null && kind != Kind.MIPRO, "--trials");
        addIf(wrong, minibatchSize != null && kind != Kind.MIPRO, "--minibatch-size");
        addIf(wrong, seed != null && kind == Kind.RANDOM_SEARCH, "--seed (its candidates are seeded by their number)");
        addIf(wrong, auto != null && kind != Kind.MIPRO && kind != Kind.GEPA, "--auto");
        addIf(wrong, (breadth != null || depth != null) && kind != Kind.COPRO, "--breadth/--depth");
        addIf(wrong, maxSteps != null && kind != Kind.SIMBA, "--max-steps");
        addIf(wrong, batchSize != null && kind != Kind.SIMBA && kind != Kind.GEPA, "--batch-size");
        addIf(wrong, maxMetricCalls != null && kind != Kind.GEPA, "--max-metric-calls");
        addIf(
                wrong,
                valset != null && kind != Kind.RANDOM_SEARCH && kind != Kind.MIPRO && kind != Kind.GEPA,
                "--valset");
        if (!wrong.isEmpty()) {
            throw new CliException(String.join(", ", wrong) + " do not apply to --optimizer " + kind.optionName());
        }
    }

    private static void addIf(List<String> wrong, boolean condition, String option) {
        if (condition) {
            wrong.add(option);
        }
    }

    private Optimizer build(
            Kind kind,
            Metric score,
            @Nullable Dataset validation,
            @Nullable RunRecord runRecord,
            HttpLanguageModel proposer) {
        try {
            return switch (kind) {
                case LABELED -> {
                    LabeledFewShot.Builder builder = LabeledFewShot.builder();
                    if (maxLabeledDemos != null) {
                        builder.k(maxLabeledDemos);
                    }
                    if (seed != null) {
                        builder.seed(seed);
                    }
                    yield builder.build();
                }
                case BOOTSTRAP -> {
                    BootstrapFewShot.Builder builder = BootstrapFewShot.builder(score);
                    demos(builder);
                    if (seed != null) {
                        builder.seed(seed);
                    }
                    calls(builder);
                    yield builder.build();
                }
                case RANDOM_SEARCH -> {
                    BootstrapFewShotWithRandomSearch.Builder builder =
                            BootstrapFewShotWithRandomSearch.builder(score).numThreads(threads);
                    demos(builder);
                    if (candidates != null) {
                        builder.numCandidatePrograms(candidates);
                    }
                    if (validation != null) {
                        builder.valset(validation);
                    }
                    calls(builder);
                    yield builder.build();
                }
                case MIPRO -> {
                    MiproV2.Builder builder = MiproV2.builder(score);
                    instructions(builder, runRecord, proposer);
                    if (candidates != null || trials != null) {
                        if (auto != null) {
                            throw new CliException("--auto " + auto + " sets the candidates and trials: give --auto, or"
                                    + " --candidates and --trials, not both");
                        }
                        builder.auto(null);
                    } else if (auto != null) {
                        builder.auto(MiproV2.Auto.valueOf(level()));
                    }
                    if (candidates != null) {
                        builder.numCandidates(candidates);
                    }
                    if (trials != null) {
                        builder.numTrials(trials);
                    }
                    if (maxBootstrappedDemos != null) {
                        builder.maxBootstrappedDemos(maxBootstrappedDemos);
                    }
                    if (maxLabeledDemos != null) {
                        builder.maxLabeledDemos(maxLabeledDemos);
                    }
                    if (minibatchSize != null) {
                        if (minibatchSize == 0) {
                            builder.minibatch(false);
                        } else {
                            builder.minibatchSize(minibatchSize);
                        }
                    }
                    if (validation != null) {
                        builder.valset(validation);
                    }
                    yield builder.build();
                }
                case COPRO -> {
                    Copro.Builder builder = Copro.builder(score);
                    instructions(builder, runRecord, proposer);
                    if (breadth != null) {
                        builder.breadth(breadth);
                    }
                    if (depth != null) {
                        builder.depth(depth);
                    }
                    yield builder.build();
                }
                case SIMBA -> {
                    Simba.Builder builder = Simba.builder(score);
                    instructions(builder, runRecord, proposer);
                    if (candidates != null) {
                        builder.numCandidates(candidates);
                    }
                    if (maxSteps != null) {
                        builder.maxSteps(maxSteps);
                    }
                    if (batchSize != null) {
                        builder.bsize(batchSize);
                    }
                    yield builder.build();
                }
                case GEPA -> {
                    Gepa.Builder builder = Gepa.builder(score);
                    builder.reflectionModel(proposer);
                    instructions(builder, runRecord, proposer);
                    if (auto != null) {
                        builder.auto(Gepa.Auto.valueOf(level()));
                    }
                    if (maxMetricCalls != null) {
                        builder.maxMetricCalls(maxMetricCalls);
                    }
                    if (batchSize != null) {
                        builder.reflectionMinibatchSize(batchSize);
                    }
                    if (validation != null) {
                        builder.valset(validation);
                    }
                    yield builder.build();
                }
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliException("--optimizer " + kind.optionName() + ": " + e.getMessage());
        }
    }

    private String level() {
        String level = java.util.Objects.requireNonNull(auto).strip().toUpperCase(Locale.ROOT);
        if (!List.of("LIGHT", "MEDIUM", "HEAVY").contains(level)) {
            throw new CliException("--auto " + auto + ": expected light, medium or heavy");
        }
        return level;
    }

    private <B extends dev.dspj.optimize.BootstrapBuilder<B>> void demos(B builder) {
        if (maxBootstrappedDemos != null) {
            builder.maxBootstrappedDemos(maxBootstrappedDemos);
        }
        if (maxLabeledDemos != null) {
            builder.maxLabeledDemos(maxLabeledDemos);
        }
    }

    private <B extends dev.dspj.optimize.OptimizerBuilder<B>> void calls(B builder) {
        if (maxCalls != null) {
            builder.callBudget(maxCalls);
        }
    }

    private <B extends InstructionOptimizerBuilder<B>> void instructions(
            B builder, @Nullable RunRecord runRecord, HttpLanguageModel proposer) {
        calls(builder);
        builder.promptModel(proposer);
        builder.numThreads(threads);
        if (seed != null) {
            builder.seed(seed);
        }
        if (maxUsd != null) {
            builder.costBudgetUsd(maxUsd);
        }
        if (runRecord != null) {
            builder.record(runRecord);
        }
    }
}
