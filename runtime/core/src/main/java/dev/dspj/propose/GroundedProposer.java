package dev.dspj.propose;

import dev.dspj.execution.CallBudgetExceededException;
import dev.dspj.execution.IndependentCalls;
import dev.dspj.execution.RunRecord;
import dev.dspj.execution.Workers;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.ProgramModule;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.variable.Configuration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSPy's {@code GroundedProposer}, MIPROv2's instruction proposer: a prompt model writes new
 * instructions for each predictor of a program, grounded in what it is told about the task.
 *
 * <ul>
 *   <li><b>Data</b> ({@link Builder#dataAware(boolean)}): {@link ProposerSignatures#DESCRIBE_DATASET}
 *       writes observations about batches of {@code viewDataBatchSize} training examples (at most
 *       10 batches; a batch answered {@code COMPLETE} adds nothing), then describes those
 *       observations once more to condense them: the dataset summary. (DSPy condenses them with its
 *       {@code ObservationSummarizer}; DSPJ's {@link ProposerSignatures} has the describing
 *       signature only, so it describes the observations as it described the examples.)</li>
 *   <li><b>Program</b> ({@link Builder#programAware(boolean)}): {@link #programCode(Module)}
 *       renders the program as pseudo-code (its signatures with field names, types and
 *       descriptions, the {@code @Program} description, and its predictors);
 *       {@link ProposerSignatures#DESCRIBE_PROGRAM} describes it once and
 *       {@link ProposerSignatures#DESCRIBE_MODULE} describes each predictor's role.</li>
 *   <li><b>Demos</b> ({@link Builder#fewshotAware(boolean)}): up to {@code numDemosInContext}
 *       bootstrapped demos, from the demo set of the candidate's index and the sets after it
 *       (DSPy's rotation), as {@code Prefix: value} lines.</li>
 *   <li><b>Tip</b> ({@link Builder#tipAware(boolean)}): one of {@link #TIPS}, drawn at random for
 *       each instruction.</li>
 * </ul>
 *
 * <p>Then {@link ProposerSignatures#GENERATE_INSTRUCTION} proposes each instruction at the given
 * temperature with its own random rollout id; inputs the configuration leaves out are empty. Index
 * 0 of every predictor's list is its current instruction, so {@code numCandidates} instructions
 * cost {@code numCandidates - 1} proposals per predictor (DSPy proposes index 0 too and then
 * overwrites it).
 *
 * <p>With a {@linkplain Builder#record(RunRecord) run record} every model call is a recorded step
 * ({@code propose.observations}, {@code propose.summary}, {@code propose.program},
 * {@code propose.module}, {@code propose.instruction}), so a restarted run gets the texts back
 * without calling the model. The random draws (tips, rollout ids) come from the
 * {@linkplain Builder#seed(long) seed} and are made whether a step is replayed or not, so a replayed
 * run proposes exactly what the first run did. {@link CallBudgetExceededException} from a metered
 * prompt model is passed on. With {@linkplain Builder#numThreads(int) more than one thread}, calls
 * that do not depend on each other run at once: the batches' observations, the module descriptions,
 * the instructions, and the dataset summary alongside the program's descriptions.
 *
 * <pre>{@code
 * GroundedProposer proposer = GroundedProposer.builder(promptModel).seed(9).build();
 * Map<String, List<String>> instructions =
 *         proposer.proposeInstructions(program, trainset, demoCandidates, 6, 1.0);
 * }</pre>
 */
public final class GroundedProposer {

    /**
     * DSPy's tips, by key, in DSPy's order: {@code none}, {@code creative}, {@code simple},
     * {@code description}, {@code high_stakes}, {@code persona}.
     */
    public static final Map<String, String> TIPS = tips();
    /** DSPy's {@code view_data_batch_size} default: examples per dataset-description call. */
    public static final int DEFAULT_VIEW_DATA_BATCH_SIZE = 10;
    /** DSPy's demos shown per proposal ({@code BOOTSTRAPPED_FEWSHOT_EXAMPLES_IN_CONTEXT}). */
    public static final int DEFAULT_NUM_DEMOS_IN_CONTEXT = 3;
    /** DSPy's cap on dataset-description calls. */
    public static final int MAX_DATASET_CALLS = 10;
    /** What the proposer is shown when there are no demos (DSPy's text). */
    public static final String NO_TASK_DEMOS = "No task demos provided.";

    private static final Logger LOG = LoggerFactory.getLogger(GroundedProposer.class);

    private final LanguageModel promptModel;
    private final boolean programAware;
    private final boolean dataAware;
    private final boolean tipAware;
    private final boolean fewshotAware;
    private final int viewDataBatchSize;
    private final int numDemosInContext;
    private final long seed;
    private final int numThreads;
    private final @Nullable RunRecord record;
    private volatile @Nullable Proposal lastProposal;

    private GroundedProposer(Builder builder) {
        this.promptModel = builder.promptModel;
        this.programAware = builder.programAware;
        this.dataAware = builder.dataAware;
        this.tipAware = builder.tipAware;
        this.fewshotAware = builder.fewshotAware;
        this.viewDataBatchSize = builder.viewDataBatchSize;
        this.numDemosInContext = builder.numDemosInContext;
        this.seed = builder.seed;
        this.numThreads = builder.numThreads;
        this.record = builder.record;
    }

    private static Map<String, String> tips() {
        Map<String, String> tips = new LinkedHashMap<>();
        tips.put("none", "");
        tips.put("creative", "Don't be afraid to be creative when creating the new instruction!");
        tips.put("simple", "Keep the instruction clear and concise.");
        tips.put("description", "Make sure your instruction is very informative and descriptive.");
        tips.put(
                "high_stakes",
                "The instruction should include a high stakes scenario in which the LM must solve the task!");
        tips.put(
                "persona", "Include a persona that is relevant to the task in the instruction (ie. \"You are a ...\")");
        return Collections.unmodifiableMap(tips);
    }

    /**
     * Starts configuring a proposer.
     *
     * @param promptModel the model that writes the descriptions and instructions
     * @return a builder with DSPy's defaults (every kind of grounding on)
     */
    public static Builder builder(LanguageModel promptModel) {
        return new Builder(Objects.requireNonNull(promptModel, "GroundedProposer: the prompt model is null"));
    }

    /**
     * What one {@link #proposeInstructions} call was grounded in, for logs and tests.
     *
     * @param datasetSummary the dataset summary, empty when not data-aware
     * @param programCode the program's pseudo-code, empty when not program-aware
     * @param programDescription the program's description, empty when not program-aware
     * @param moduleDescriptions each predictor's description by path, empty when not program-aware
     * @param tips the tip key of each proposed instruction, by predictor path (index 0, the
     *     original instruction, has none)
     * @param instructions the instructions by predictor path, index 0 the original
     */
    public record Proposal(
            String datasetSummary,
            String programCode,
            String programDescription,
            Map<String, String> moduleDescriptions,
            Map<String, List<String>> tips,
            Map<String, List<String>> instructions) {

        /**
         * Freezes the maps.
         *
         * @param datasetSummary the dataset summary
         * @param programCode the program code
         * @param programDescription the program description
         * @param moduleDescriptions the module descriptions
         * @param tips the tip keys
         * @param instructions the instructions
         */
        public Proposal {
            moduleDescriptions = Collections.unmodifiableMap(new LinkedHashMap<>(moduleDescriptions));
            Map<String, List<String>> tipCopy = new LinkedHashMap<>();
            tips.forEach((k, v) -> tipCopy.put(k, List.copyOf(v)));
            tips = Collections.unmodifiableMap(tipCopy);
            Map<String, List<String>> instructionCopy = new LinkedHashMap<>();
            instructions.forEach((k, v) -> instructionCopy.put(k, List.copyOf(v)));
            instructions = Collections.unmodifiableMap(instructionCopy);
        }
    }

    /**
     * Proposes instructions for every predictor of a program.
     *
     * @param program the program (left unchanged)
     * @param trainset examples for the dataset summary
     * @param demoCandidates per predictor path, the candidate demo sets (MIPROv2's step 1), or an
     *     empty map for none; every predictor has the same number of sets
     * @param numCandidates instructions per predictor, the original included; with demo sets, at
     *     most one per set (DSPy)
     * @param temperature the prompt model's temperature for the instructions
     * @return per predictor path, in the program's order, its instructions: index 0 is the
     *     current one
     */
    public Map<String, List<String>> proposeInstructions(
            Module program,
            List<Example> trainset,
            Map<String, List<List<Example>>> demoCandidates,
            int numCandidates,
            double temperature) {
        Objects.requireNonNull(program, "GroundedProposer: the program is null");
        Objects.requireNonNull(trainset, "GroundedProposer: the trainset is null");
        Objects.requireNonNull(demoCandidates, "GroundedProposer: demoCandidates is null; pass an empty map for none");
        if (numCandidates < 1) {
            throw new IllegalArgumentException(
                    "GroundedProposer: numCandidates must be at least 1, got " + numCandidates);
        }
        if (!(temperature >= 0 && temperature <= LmSettings.MAX_TEMPERATURE)) {
            throw new IllegalArgumentException("GroundedProposer: temperature must be between 0 and "
                    + LmSettings.MAX_TEMPERATURE + ", got " + temperature);
        }
        List<NamedPredictor> predictors = program.namedPredictors();
        int sets = -1;
        for (NamedPredictor named : predictors) {
            List<List<Example>> own = demoCandidates.get(named.name());
            if (own == null && !demoCandidates.isEmpty()) {
                throw new IllegalArgumentException("GroundedProposer: demoCandidates has no demo sets for predictor '"
                        + named.name() + "'; it has " + demoCandidates.keySet());
            }
            if (own != null) {
                if (sets >= 0 && own.size() != sets) {
                    throw new IllegalArgumentException("GroundedProposer: every predictor needs the same number of "
                            + "demo sets; '" + named.name() + "' has " + own.size() + ", an earlier one " + sets);
                }
                sets = own.size();
            }
        }
        boolean withDemos = !demoCandidates.isEmpty() && sets > 0;
        int count = withDemos ? Math.min(numCandidates, sets) : numCandidates;
        SplittableRandom random = new SplittableRandom(seed);

        // the dataset summary and the program's descriptions do not depend on each other: with
        // threads to spare the summary is written while the program is described
        CompletableFuture<String> summaryStarted = null;
        if (dataAware && programAware && numThreads > 1) {
            ExecutorService summaryPool = Workers.fixed("proposer-summary", 1);
            summaryStarted = CompletableFuture.supplyAsync(() -> datasetSummary(trainset), summaryPool);
            summaryPool.shutdown();
        }
        String datasetSummary = summaryStarted == null && dataAware ? datasetSummary(trainset) : "";
        String code = programAware ? programCode(program) : "";
        String programDescription = "";
        Map<String, String> moduleDescriptions = new LinkedHashMap<>();
        try {
            if (programAware) {
                String example = withDemos && sets > 1
                        ? taskDemos(
                                predictors.get(0).predictor().signature(),
                                demoCandidates.get(predictors.get(0).name()),
                                1)
                        : NO_TASK_DEMOS;
                programDescription = describe(
                        step("propose.program"),
                        () -> text(
                                call(
                                        ProposerSignatures.DESCRIBE_PROGRAM,
                                        LmSettings.DEFAULTS,
                                        Map.of("program_code", code, "program_example", example)),
                                "program_description"));
                String description = programDescription;
                List<Configuration> names = new ArrayList<>();
                List<Supplier<String>> calls = new ArrayList<>();
                for (int p = 0; p < predictors.size(); p++) {
                    NamedPredictor named = predictors.get(p);
                    Configuration name = step("propose.module", "predictor", p);
                    names.add(name);
                    calls.add(
                            isRecorded(name)
                                    ? null
                                    : () -> text(
                                            call(
                                                    ProposerSignatures.DESCRIBE_MODULE,
                                                    LmSettings.DEFAULTS,
                                                    Map.of(
                                                            "program_code",
                                                            code,
                                                            "program_description",
                                                            description,
                                                            "program_example",
                                                            example,
                                                            "module",
                                                            moduleLine(named))),
                                            "module_description"));
                }
                try (IndependentCalls<String> answers = IndependentCalls.start(numThreads, calls)) {
                    for (int p = 0; p < predictors.size(); p++) {
                        int index = p;
                        moduleDescriptions.put(
                                predictors.get(p).name(), describe(names.get(p), () -> answers.get(index)));
                    }
                }
            }
        } finally {
            // no call of the summary is in flight once this returns or throws
            awaitQuietly(summaryStarted);
        }
        if (summaryStarted != null) {
            datasetSummary = IndependentCalls.join(summaryStarted);
        }

        Map<String, List<String>> instructions = new LinkedHashMap<>();
        Map<String, List<String>> tipKeys = new LinkedHashMap<>();
        List<String> tipNames = new ArrayList<>(TIPS.keySet());
        List<Configuration> names = new ArrayList<>();
        List<Supplier<String>> calls = new ArrayList<>();
        for (int p = 0; p < predictors.size(); p++) {
            NamedPredictor named = predictors.get(p);
            SignatureDescriptor signature = named.predictor().signature();
            List<String> ownTips = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                String tipKey = tipAware ? tipNames.get(random.nextInt(tipNames.size())) : "none";
                int rolloutId = random.nextInt(1_000_000_000);
                String demos = fewshotAware && withDemos
                        ? taskDemos(signature, demoCandidates.get(named.name()), i)
                        : NO_TASK_DEMOS;
                Map<String, Object> inputs = new LinkedHashMap<>();
                inputs.put("dataset_description", datasetSummary);
                inputs.put("program_code", code);
                inputs.put("program_description", programDescription);
                inputs.put("module", programAware ? moduleLine(named) : "");
                inputs.put("module_description", moduleDescriptions.getOrDefault(named.name(), ""));
                inputs.put("task_demos", demos);
                inputs.put("previous_instructions", "");
                inputs.put("basic_instruction", signature.instructions());
                inputs.put("tip", TIPS.get(tipKey));
                LmSettings settings =
                        LmSettings.DEFAULTS.withTemperature(temperature).withRolloutId(rolloutId);
                Configuration name = step("propose.instruction", "predictor", p, "candidate", i);
                names.add(name);
                calls.add(
                        isRecorded(name)
                                ? null
                                : () -> stripPrefix(text(
                                        call(ProposerSignatures.GENERATE_INSTRUCTION, settings, inputs),
                                        "proposed_instruction")));
                ownTips.add(tipKey);
            }
            tipKeys.put(named.name(), ownTips);
        }
        try (IndependentCalls<String> answers = IndependentCalls.start(numThreads, calls)) {
            int next = 0;
            for (NamedPredictor named : predictors) {
                String original = named.predictor().signature().instructions();
                List<String> own = new ArrayList<>();
                own.add(original);
                for (int i = 1; i < count; i++) {
                    int index = next++;
                    String proposed = recorded(names.get(index), () -> answers.get(index));
                    if (proposed.isBlank()) {
                        LOG.info(
                                "GroundedProposer: the proposal {} for '{}' was empty; the original instruction "
                                        + "stands in",
                                i,
                                named.name());
                        proposed = original;
                    }
                    own.add(proposed);
                }
                instructions.put(named.name(), own);
            }
        }
        lastProposal =
                new Proposal(datasetSummary, code, programDescription, moduleDescriptions, tipKeys, instructions);
        Map<String, List<String>> out = new LinkedHashMap<>();
        instructions.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    /**
     * What the last {@link #proposeInstructions} call was grounded in.
     *
     * @return the proposal, or null before the first call
     */
    public @Nullable Proposal lastProposal() {
        return lastProposal;
    }

    /** Waits until a started task, if any, has finished, whatever its outcome. */
    private static void awaitQuietly(@Nullable CompletableFuture<String> started) {
        if (started == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                started.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | CancellationException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** DSPy's {@code create_dataset_summary}: observations over batches, then a condensed description of them. */
    private String datasetSummary(List<Example> trainset) {
        if (trainset.isEmpty()) {
            return "";
        }
        List<Configuration> names = new ArrayList<>();
        List<Supplier<String>> calls = new ArrayList<>();
        for (int start = 0; start < trainset.size() && names.size() < MAX_DATASET_CALLS; start += viewDataBatchSize) {
            List<Example> batch = trainset.subList(start, Math.min(trainset.size(), start + viewDataBatchSize));
            Configuration name = step("propose.observations", "batch", names.size());
            names.add(name);
            calls.add(
                    isRecorded(name)
                            ? null
                            : () -> text(
                                    call(
                                            ProposerSignatures.DESCRIBE_DATASET,
                                            LmSettings.DEFAULTS.withTemperature(1.0),
                                            Map.of("examples", examplesRepr(batch))),
                                    "observations"));
        }
        StringBuilder observations = new StringBuilder();
        try (IndependentCalls<String> answers = IndependentCalls.start(numThreads, calls)) {
            for (int b = 0; b < names.size(); b++) {
                int index = b;
                String observed = recorded(names.get(b), () -> answers.get(index));
                if (observed.strip().toUpperCase(java.util.Locale.ROOT).startsWith("COMPLETE")) {
                    continue;
                }
                if (observations.length() > 0) {
                    observations.append('\n');
                }
                observations.append(observed.strip());
            }
        }
        String all = observations.toString();
        if (all.isBlank()) {
            return "";
        }
        String condensed = "Observations made so far about " + trainset.size() + " examples of this dataset:\n" + all;
        String summary = describe(
                step("propose.summary"),
                () -> stripPrefix(text(
                        call(
                                ProposerSignatures.DESCRIBE_DATASET,
                                LmSettings.DEFAULTS.withTemperature(1.0),
                                Map.of("examples", condensed)),
                        "observations")));
        return summary.isBlank() ? all : summary;
    }

    /**
     * The program as pseudo-code, as the proposer sees it: each distinct signature as a class with
     * its instructions and fields (name, type, description), then the program with its
     * {@code @Program} description and its predictors by path.
     *
     * @param program the program
     * @return the pseudo-code
     */
    public static String programCode(Module program) {
        StringBuilder code = new StringBuilder();
        Set<String> shown = new LinkedHashSet<>();
        for (NamedPredictor named : program.namedPredictors()) {
            String rendered = signatureCode(named.predictor().signature());
            if (shown.add(rendered)) {
                code.append(rendered).append('\n');
            }
        }
        List<NamedPredictor> predictors = program.namedPredictors();
        if (predictors.size() == 1 && predictors.get(0).name().equals("self") && program instanceof Predict) {
            code.append("program = ")
                    .append(predictorCall(predictors.get(0).predictor()))
                    .append('\n');
            return code.toString().strip();
        }
        String name = program.getClass().getSimpleName();
        String description = "";
        if (program instanceof ProgramModule<?> typed) {
            name = typed.descriptor().name();
            description = typed.descriptor().description();
        }
        code.append("class ").append(name.isEmpty() ? "Program" : name).append("(Module):\n");
        if (!description.isBlank()) {
            code.append("    \"\"\"").append(description.strip()).append("\"\"\"\n\n");
        }
        code.append("    def __init__(self):\n");
        for (NamedPredictor named : predictors) {
            code.append("        ").append(moduleLine(named)).append('\n');
        }
        return code.toString().strip();
    }

    private static String signatureCode(SignatureDescriptor signature) {
        StringBuilder code = new StringBuilder();
        code.append("class ").append(signature.name()).append("(Signature):\n");
        code.append("    \"\"\"").append(signature.instructions().strip()).append("\"\"\"\n");
        for (FieldDescriptor<?> field : signature.fields()) {
            code.append("    ")
                    .append(field.name())
                    .append(": ")
                    .append(field.typeName())
                    .append(" = ")
                    .append(field.isInput() ? "InputField(" : "OutputField(");
            if (!field.description().isBlank()) {
                code.append("desc=").append(pythonString(field.description()));
            }
            code.append(")\n");
        }
        return code.toString();
    }

    /** One predictor as a line of the program's {@code __init__}, DSPy's {@code module} input. */
    static String moduleLine(NamedPredictor named) {
        String path = named.name().equals("self") ? "self" : "self." + named.name();
        return path + " = " + predictorCall(named.predictor());
    }

    private static String predictorCall(Predict predictor) {
        SignatureDescriptor signature = predictor.signature();
        List<String> inputs =
                signature.inputFields().stream().map(FieldDescriptor::name).toList();
        List<String> outputs =
                signature.outputFields().stream().map(FieldDescriptor::name).toList();
        boolean reasoning = outputs.contains("reasoning");
        return (reasoning ? "ChainOfThought(" : "Predict(") + signature.name() + ")  # " + String.join(", ", inputs)
                + " -> " + String.join(", ", outputs);
    }

    /**
     * DSPy's task demos for candidate {@code index}: bootstrapped demos from set {@code index}, then
     * the sets after it, then those before it, up to {@code numDemosInContext}.
     */
    private String taskDemos(SignatureDescriptor signature, @Nullable List<List<Example>> sets, int index) {
        if (index == 0 || sets == null || sets.isEmpty()) {
            return NO_TASK_DEMOS;
        }
        List<List<Example>> rotated = new ArrayList<>();
        rotated.addAll(sets.subList(Math.min(index, sets.size()), sets.size()));
        rotated.addAll(sets.subList(0, Math.min(index, sets.size())));
        List<String> shown = new ArrayList<>();
        for (List<Example> set : rotated) {
            for (Example demo : set) {
                if (shown.size() >= numDemosInContext) {
                    break;
                }
                if (demo.augmented()) {
                    shown.add(exampleString(signature, demo));
                }
            }
        }
        if (shown.isEmpty()) {
            return NO_TASK_DEMOS;
        }
        return String.join("\n\n", shown) + "\n\n";
    }

    /** DSPy's {@code create_example_string}: one {@code Prefix value} line per signature field. */
    private static String exampleString(SignatureDescriptor signature, Example demo) {
        List<String> lines = new ArrayList<>();
        for (FieldDescriptor<?> field : signature.fields()) {
            lines.add(field.prefix() + " "
                    + demo.get(field.name()).map(String::valueOf).orElse("None"));
        }
        return String.join("\n", lines);
    }

    /** A list of examples as DSPy's {@code repr} shows them. */
    static String examplesRepr(List<Example> examples) {
        List<String> items = new ArrayList<>();
        for (Example example : examples) {
            List<String> values = new ArrayList<>();
            example.values().forEach((key, value) -> values.add(pythonString(key) + ": " + pythonValue(value)));
            List<String> inputs = new ArrayList<>();
            for (String key : new java.util.TreeSet<>(example.inputKeys())) {
                inputs.add(pythonString(key));
            }
            items.add("Example({" + String.join(", ", values) + "}) (input_keys={" + String.join(", ", inputs) + "})");
        }
        return "[" + String.join(", ", items) + "]";
    }

    private static String pythonValue(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        return pythonString(value.toString());
    }

    private static String pythonString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }

    /** DSPy's {@code strip_prefix}: drops a leading {@code Label:} the model may have repeated. */
    static String stripPrefix(String text) {
        String stripped = text.strip();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[\\*\\s]*(([\\w'\\-]+\\s+){0,4}[\\w'\\-]+):\\s*")
                .matcher(stripped);
        if (m.find() && m.group(1).toUpperCase(java.util.Locale.ROOT).equals(m.group(1))) {
            stripped = stripped.substring(m.end());
        }
        return stripped.strip().replaceAll("^\"|\"$", "").strip();
    }

    private Prediction call(SignatureDescriptor signature, LmSettings settings, Map<String, Object> inputs) {
        Predict predict = new Predict(signature);
        predict.setModel(promptModel);
        predict.setSettings(settings);
        return predict.forward(inputs);
    }

    private static String text(Prediction prediction, String field) {
        Object value = prediction.values().get(field);
        return value == null ? "" : value.toString();
    }

    private Configuration step(String kind, Object... keysAndValues) {
        Configuration.Builder builder = Configuration.builder().put("kind", kind);
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            builder.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return builder.build();
    }

    /** Whether the run record already has the step's text, so that no call is started for it. */
    private boolean isRecorded(Configuration step) {
        return record != null && record.has(step);
    }

    private String recorded(Configuration step, Supplier<String> compute) {
        return record == null ? compute.get() : record.text(step, compute);
    }

    /**
     * A description step: a model failure other than the budget leaves the description empty, as
     * DSPy does, and the empty description is what the record keeps, so a replay proposes from the
     * same inputs as the first run.
     */
    private String describe(Configuration step, Supplier<String> compute) {
        return recorded(step, () -> {
            try {
                return compute.get();
            } catch (CallBudgetExceededException refused) {
                throw refused;
            } catch (RuntimeException failure) {
                LOG.info(
                        "GroundedProposer: {} failed ({}); proposing without it",
                        step.getString("kind"),
                        failure.getMessage());
                return "";
            }
        });
    }

    /** Configures a {@link GroundedProposer}. */
    public static final class Builder {
        private final LanguageModel promptModel;
        private boolean programAware = true;
        private boolean dataAware = true;
        private boolean tipAware = true;
        private boolean fewshotAware = true;
        private int viewDataBatchSize = DEFAULT_VIEW_DATA_BATCH_SIZE;
        private int numDemosInContext = DEFAULT_NUM_DEMOS_IN_CONTEXT;
        private long seed;
        private int numThreads = 1;
        private @Nullable RunRecord record;

        private Builder(LanguageModel promptModel) {
            this.promptModel = promptModel;
        }

        /**
         * Whether the proposer is shown the program's code and descriptions (DSPy's
         * {@code program_aware_proposer}, on by default).
         *
         * @param value true to show them
         * @return this builder
         */
        public Builder programAware(boolean value) {
            this.programAware = value;
            return this;
        }

        /**
         * Whether the proposer is shown a summary of the training data (DSPy's
         * {@code data_aware_proposer}, on by default).
         *
         * @param value true to show it
         * @return this builder
         */
        public Builder dataAware(boolean value) {
            this.dataAware = value;
            return this;
        }

        /**
         * Whether each proposal gets a random tip (DSPy's {@code tip_aware_proposer}, on by default).
         *
         * @param value true to draw tips
         * @return this builder
         */
        public Builder tipAware(boolean value) {
            this.tipAware = value;
            return this;
        }

        /**
         * Whether the proposer is shown bootstrapped demos (DSPy's {@code fewshot_aware_proposer},
         * on by default).
         *
         * @param value true to show them
         * @return this builder
         */
        public Builder fewshotAware(boolean value) {
            this.fewshotAware = value;
            return this;
        }

        /**
         * Training examples per dataset-description call (DSPy's {@code view_data_batch_size},
         * default {@value GroundedProposer#DEFAULT_VIEW_DATA_BATCH_SIZE}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder viewDataBatchSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException(
                        "GroundedProposer: viewDataBatchSize must be at least 1, got " + value);
            }
            this.viewDataBatchSize = value;
            return this;
        }

        /**
         * Demos shown per proposal (default {@value GroundedProposer#DEFAULT_NUM_DEMOS_IN_CONTEXT}).
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder numDemosInContext(int value) {
            if (value < 0) {
                throw new IllegalArgumentException(
                        "GroundedProposer: numDemosInContext must be at least 0, got " + value);
            }
            this.numDemosInContext = value;
            return this;
        }

        /**
         * The seed of the tips and rollout ids (default 0).
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Model calls made at once (default 1): the dataset observations, the module descriptions
         * and the instructions each run concurrently, their random draws made before any starts,
         * so the proposals are the same whatever the value; above 1 the dataset summary is also
         * written while the program and its modules are described.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder numThreads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("GroundedProposer: numThreads must be at least 1, got " + value);
            }
            this.numThreads = value;
            return this;
        }

        /**
         * Where every model-written text is recorded and, in a restarted run, replayed from.
         *
         * @param value the record, or null for none
         * @return this builder
         */
        public Builder record(@Nullable RunRecord value) {
            this.record = value;
            return this;
        }

        /**
         * Builds the proposer.
         *
         * @return the proposer
         */
        public GroundedProposer build() {
            return new GroundedProposer(this);
        }
    }
}
