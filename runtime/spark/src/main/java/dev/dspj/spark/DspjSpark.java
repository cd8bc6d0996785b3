package dev.dspj.spark;

import dev.dspj.lm.http.Transport;
import dev.dspj.module.ChainOfThought;
import dev.dspj.module.Module;
import dev.dspj.module.Predict;
import dev.dspj.module.TypedPredictor;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * A DSPJ program run over Spark DataFrames: {@link #apply(Dataset)} answers every row, {@link
 * #evaluate(Dataset, SparkMetric)} scores a labeled DataFrame as the local {@link
 * dev.dspj.evaluate.Evaluate} does.
 *
 * <pre>{@code
 * DspjSpark qa = DspjSpark.program(QaPredictor.class)
 *         .state(Path.of("qa.json"))                  // saved state, read here and shipped as JSON
 *         .model("openai/gpt-4o-mini")
 *         .apiKeyFromEnv("OPENAI_API_KEY")            // read on each executor
 *         .inFlight(16)                               // async calls in flight per partition
 *         .requestsPerMinute(6_000)                   // for the whole job, split across the executors
 *         .tokensPerMinute(2_000_000);
 * Dataset<Row> answered = qa.apply(questions);        // the input columns, then answer, then _error
 * double score = qa.evaluate(labeled, SparkMetric.exactMatch("answer")).score();
 * }</pre>
 *
 * <p>How a job runs. The driver makes the program once (its class's no-arg constructor, then the
 * saved state) to check the class, the state and the columns before any task starts: each input field
 * of the program's signature must have a column of its name and of a type that converts (a {@code
 * str} field a string column, an {@code int} field an integral one, a {@code float} field a numeric
 * one, a {@code bool} field a boolean one, a {@code list[...]} of those an array column or a string of
 * JSON, any other type a string of JSON); a failure names the column and the types. Each executor JVM
 * then makes one model client and one program for the job's settings, shared by all its tasks and
 * kept for later jobs with the same settings; each partition keeps {@link #inFlight(int)} calls in
 * flight ({@link dev.dspj.module.AsyncModule#forwardAsync}; programs without an asynchronous path run
 * on a pool of the executor's). The output keeps every input column and row: the output fields
 * follow as columns ({@code str} as string, {@code int} as integer or bigint, {@code float} as double,
 * {@code bool} as boolean, lists of those as arrays, anything else as its JSON text), then the error
 * column, null for a row that succeeded and the failure (after the client's retries) for one that did
 * not, whose outputs are then null. Rows come out of a partition in the order their calls end.
 *
 * <p>Rate limits. {@link #requestsPerMinute(int)} and {@link #tokensPerMinute(long)} are for the
 * whole job: each executor's client gets an equal share, the limit divided by the number of
 * executors (1 in local mode; in a cluster the executors registered when the job is planned, or
 * {@link #executors(int)}), rounded down. Each share is a budget refilled continuously, at most a
 * minute's worth saved up, as DSPJ's {@link dev.dspj.lm.limit.Limiter} holds it in one JVM.
 *
 * <p>The API key. Either read on each executor from its environment ({@link #apiKeyFromEnv(String)},
 * or the provider's own variable when neither is set), or given here ({@link #apiKey(String)}), then
 * carried to the executors masked, never in clear text in the serialized tasks, and never in a
 * {@code toString()}, log line or error column.
 *
 * <p>Instances are immutable: each setting returns a copy.
 */
public final class DspjSpark {

    /** The default number of calls in flight per partition. */
    public static final int DEFAULT_IN_FLIGHT = 16;

    /** The default name of the error column. */
    public static final String DEFAULT_ERROR_COLUMN = "_error";

    private final String programClass;
    private @Nullable String stateJson;
    private @Nullable List<FieldPlan> declaredInputs;
    private @Nullable List<FieldPlan> declaredOutputs;
    private @Nullable String model;
    private @Nullable String baseUrl;
    private @Nullable SealedKey apiKey;
    private @Nullable String apiKeyVariable;
    private @Nullable Duration timeout;
    private @Nullable Integer maxRetries;
    private int maxConcurrency;
    private int requestsPerMinute;
    private long tokensPerMinute;
    private @Nullable Integer executors;
    private @Nullable Double temperature;
    private @Nullable Integer maxTokens;
    private boolean cache = true;
    private @Nullable Transport transport;
    private int inFlight = DEFAULT_IN_FLIGHT;
    private String errorColumn = DEFAULT_ERROR_COLUMN;
    private String outputPrefix = "";

    private DspjSpark(String programClass) {
        this.programClass = programClass;
    }

    private DspjSpark copy() {
        DspjSpark copy = new DspjSpark(programClass);
        copy.stateJson = stateJson;
        copy.declaredInputs = declaredInputs;
        copy.declaredOutputs = declaredOutputs;
        copy.model = model;
        copy.baseUrl = baseUrl;
        copy.apiKey = apiKey;
        copy.apiKeyVariable = apiKeyVariable;
        copy.timeout = timeout;
        copy.maxRetries = maxRetries;
        copy.maxConcurrency = maxConcurrency;
        copy.requestsPerMinute = requestsPerMinute;
        copy.tokensPerMinute = tokensPerMinute;
        copy.executors = executors;
        copy.temperature = temperature;
        copy.maxTokens = maxTokens;
        copy.cache = cache;
        copy.transport = transport;
        copy.inFlight = inFlight;
        copy.errorColumn = errorColumn;
        copy.outputPrefix = outputPrefix;
        return copy;
    }

    /**
     * A program of a class: a generated predictor, a {@code @Program} class or any {@link Module}
     * with a no-arg constructor, on the driver's and the executors' class path.
     *
     * @param type the program's class
     * @return the job's settings, without a model yet
     */
    public static DspjSpark program(Class<? extends Module> type) {
        return new DspjSpark(Objects.requireNonNull(type, "type").getName());
    }

    /**
     * A program by its class's name (checked when a job is planned).
     *
     * @param className the class's binary name
     * @return the job's settings, without a model yet
     */
    public static DspjSpark program(String className) {
        Objects.requireNonNull(className, "className");
        if (className.isBlank()) {
            throw new IllegalArgumentException("the program's class name is blank");
        }
        return new DspjSpark(className.strip());
    }

    /**
     * Loads a saved state ({@code program.save(...)}, DSPy's layout) into the program: read now, on
     * the driver, and shipped to the executors as JSON.
     *
     * @param file the state file
     * @return a copy with the state
     * @throws IllegalArgumentException when the file does not exist
     * @throws UncheckedIOException when it cannot be read
     */
    public DspjSpark state(Path file) {
        try {
            return stateJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("DspjSpark.state=" + file + ": the file does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("DspjSpark.state=" + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a saved state given as JSON text.
     *
     * @param json the state
     * @return a copy with the state
     */
    public DspjSpark stateJson(String json) {
        DspjSpark copy = copy();
        copy.stateJson = Objects.requireNonNull(json, "json");
        return copy;
    }

    /**
     * The program's inputs and outputs, for a program whose signature cannot be read from it (one
     * that is not a generated predictor, {@link Predict} or {@link ChainOfThought}, such as a
     * {@code @Program} class): its input fields are read from the columns of their names, and its
     * output fields become columns.
     *
     * @param signature the fields
     * @return a copy with the fields
     */
    public DspjSpark signature(SignatureDescriptor signature) {
        DspjSpark copy = copy();
        copy.declaredInputs = plans(signature.inputFields());
        copy.declaredOutputs = plans(signature.outputFields());
        return copy;
    }

    /**
     * The model, as a DSPy model string ({@code openai/gpt-4o-mini}); required.
     *
     * @param value the model string
     * @return a copy with the model
     */
    public DspjSpark model(String value) {
        DspjSpark copy = copy();
        copy.model = Objects.requireNonNull(value, "model").strip();
        return copy;
    }

    /**
     * The endpoint, instead of the provider's.
     *
     * @param value the base URL
     * @return a copy with the endpoint
     */
    public DspjSpark baseUrl(String value) {
        DspjSpark copy = copy();
        copy.baseUrl = Objects.requireNonNull(value, "baseUrl").strip();
        return copy;
    }

    /**
     * The API key, carried to the executors masked (see the class's description); replaces {@link
     * #apiKeyFromEnv(String)}.
     *
     * @param value the key
     * @return a copy with the key
     */
    public DspjSpark apiKey(String value) {
        DspjSpark copy = copy();
        copy.apiKey = SealedKey.of(Objects.requireNonNull(value, "apiKey"));
        copy.apiKeyVariable = null;
        return copy;
    }

    /**
     * Reads the API key on each executor from an environment variable (on a cluster, set it with
     * {@code spark.executorEnv.NAME}); replaces {@link #apiKey(String)}.
     *
     * @param variable the variable's name
     * @return a copy reading the key there
     */
    public DspjSpark apiKeyFromEnv(String variable) {
        DspjSpark copy = copy();
        copy.apiKeyVariable = Objects.requireNonNull(variable, "variable").strip();
        copy.apiKey = null;
        return copy;
    }

    /**
     * The read timeout of each model call.
     *
     * @param value the timeout
     * @return a copy with the timeout
     */
    public DspjSpark timeout(Duration value) {
        DspjSpark copy = copy();
        copy.timeout = Objects.requireNonNull(value, "timeout");
        return copy;
    }

    /**
     * Retries of a failed model call after the first attempt (the client's default policy otherwise).
     *
     * @param value at least 0
     * @return a copy with the retries
     */
    public DspjSpark maxRetries(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + value);
        }
        DspjSpark copy = copy();
        copy.maxRetries = value;
        return copy;
    }

    /**
     * Model calls at once in each executor JVM, over all its partitions (0, the default: only the
     * partitions' {@link #inFlight(int)} bounds them).
     *
     * @param value at least 0
     * @return a copy with the bound
     */
    public DspjSpark maxConcurrency(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("maxConcurrency must not be negative, got " + value);
        }
        DspjSpark copy = copy();
        copy.maxConcurrency = value;
        return copy;
    }

    /**
     * Program calls in flight per partition (default {@value #DEFAULT_IN_FLIGHT}).
     *
     * @param value at least 1
     * @return a copy with the bound
     */
    public DspjSpark inFlight(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("inFlight must be at least 1, got " + value);
        }
        DspjSpark copy = copy();
        copy.inFlight = value;
        return copy;
    }

    /**
     * Model requests per minute for the whole job, split across the executors (0: no limit).
     *
     * @param value at least 0
     * @return a copy with the limit
     */
    public DspjSpark requestsPerMinute(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("requestsPerMinute must not be negative, got " + value);
        }
        DspjSpark copy = copy();
        copy.requestsPerMinute = value;
        return copy;
    }

    /**
     * Model tokens (prompt and completion) per minute for the whole job, split across the executors
     * (0: no limit).
     *
     * @param value at least 0
     * @return a copy with the limit
     */
    public DspjSpark tokensPerMinute(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("tokensPerMinute must not be negative, got " + value);
        }
        DspjSpark copy = copy();
        copy.tokensPerMinute = value;
        return copy;
    }

    /**
     * The number of executors the rate limits are split across, instead of the executors registered
     * when the job is planned (for dynamic allocation, set the most the job may get).
     *
     * @param value at least 1
     * @return a copy with the count
     */
    public DspjSpark executors(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("executors must be at least 1, got " + value);
        }
        DspjSpark copy = copy();
        copy.executors = value;
        return copy;
    }

    /**
     * The default temperature of the model calls.
     *
     * @param value the temperature
     * @return a copy with it
     */
    public DspjSpark temperature(double value) {
        DspjSpark copy = copy();
        copy.temperature = value;
        return copy;
    }

    /**
     * The default completion limit of the model calls.
     *
     * @param value the most tokens a completion may have
     * @return a copy with it
     */
    public DspjSpark maxTokens(int value) {
        DspjSpark copy = copy();
        copy.maxTokens = value;
        return copy;
    }

    /**
     * Whether each executor's client keeps responses in a memory cache (10,000 entries; on by
     * default, as DSPy caches).
     *
     * @param value false to send every call
     * @return a copy with the setting
     */
    public DspjSpark cache(boolean value) {
        DspjSpark copy = copy();
        copy.cache = value;
        return copy;
    }

    /**
     * The HTTP client of the executors' model clients. The default, {@link Transport#JDK}, needs
     * nothing beyond the JDK, so it cannot clash with the Netty that Spark brings (Spark 4.0's 4.1,
     * where Micronaut's client needs 4.2: a project without the Micronaut BOM gets Spark's, and the
     * Micronaut client cannot start); {@link Transport#MICRONAUT} spends less CPU a call where Netty
     * 4.2 is on the class path.
     *
     * @param value the transport
     * @return a copy with it
     */
    public DspjSpark transport(Transport value) {
        DspjSpark copy = copy();
        copy.transport = Objects.requireNonNull(value, "transport");
        return copy;
    }

    /**
     * The name of the error column (default {@value #DEFAULT_ERROR_COLUMN}).
     *
     * @param name the column's name
     * @return a copy with it
     */
    public DspjSpark errorColumn(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the error column's name is blank");
        }
        DspjSpark copy = copy();
        copy.errorColumn = name;
        return copy;
    }

    /**
     * A prefix of the output columns' names (none by default), for a DataFrame that already has
     * columns named like the outputs (labels, say).
     *
     * @param prefix for example {@code "pred_"}
     * @return a copy with it
     */
    public DspjSpark outputPrefix(String prefix) {
        DspjSpark copy = copy();
        copy.outputPrefix = Objects.requireNonNull(prefix, "prefix");
        return copy;
    }

    /**
     * Runs the program on every row (lazily, as any DataFrame transformation).
     *
     * @param rows the input rows, with a column for each input field
     * @return every input row once, with its columns, then the output fields, then the error column
     * @throws IllegalArgumentException naming a missing column or one of an incompatible type, or an
     *     output column that already exists
     * @throws IllegalStateException naming the program's class or state when they cannot be loaded,
     *     or when no model is set
     */
    public Dataset<Row> apply(Dataset<Row> rows) {
        StructType schema = rows.schema();
        Plan plan = plan(schema);
        StructType out = outputSchema(schema, plan);
        ExecutorSpec spec = executorSpec(rows.sparkSession().sparkContext(), plan);
        return rows.mapPartitions(new ApplyPartition(spec, plan.bindings(), schema.size()), Encoders.row(out));
    }

    /**
     * The schema {@link #apply(Dataset)} gives for an input schema.
     *
     * @param input the input DataFrame's schema
     * @return the output schema
     * @throws IllegalArgumentException as {@link #apply(Dataset)}
     */
    public StructType outputSchema(StructType input) {
        return outputSchema(input, plan(input));
    }

    /**
     * Evaluates the program on a labeled DataFrame: every row is an example (its columns are its
     * values, the input fields' columns its inputs), run and scored on the executors by the local
     * {@link dev.dspj.evaluate.Evaluate}, one run per partition with {@link #inFlight(int)} calls in
     * flight, and the partitions' totals summed. For the same program, rows and metric, the score
     * is the local run's (failed rows count 0 in both; the sum of fractional scores may differ in
     * its last bits, as the order of the additions does).
     *
     * @param rows the examples
     * @param metric makes the metric on each executor
     * @return the totals and the score
     * @throws IllegalArgumentException as {@link #apply(Dataset)}
     */
    public SparkEvaluation evaluate(Dataset<Row> rows, SparkMetric metric) {
        Objects.requireNonNull(metric, "metric");
        StructType schema = rows.schema();
        Plan plan = plan(schema);
        ExecutorSpec spec = executorSpec(rows.sparkSession().sparkContext(), plan);
        StructType summary = new StructType()
                .add("examples", DataTypes.LongType, false)
                .add("total", DataTypes.DoubleType, false)
                .add("failed", DataTypes.LongType, false);
        List<Row> partials = rows.mapPartitions(
                        new EvaluatePartition(spec, plan.bindings(), Arrays.asList(schema.fieldNames()), metric),
                        Encoders.row(summary))
                .collectAsList();
        long examples = 0;
        double total = 0;
        long failed = 0;
        for (Row partial : partials) {
            examples += partial.getLong(0);
            total += partial.getDouble(1);
            failed += partial.getLong(2);
        }
        return new SparkEvaluation(examples, total, failed);
    }

    /** The fields and their columns, checked on the driver. */
    record Plan(List<FieldPlan> inputs, List<FieldPlan> outputs, List<Binding> bindings) {}

    private Plan plan(StructType schema) {
        List<FieldPlan> inputs = declaredInputs;
        List<FieldPlan> outputs = declaredOutputs;
        if (inputs == null || outputs == null) {
            Module program = ExecutorRuntime.loadProgram(spec(0, 0, List.of(), List.of()), loader());
            SignatureDescriptor signature = signatureOf(program)
                    .orElseThrow(() -> new IllegalArgumentException(name() + ": cannot tell the inputs and outputs of "
                            + programClass + " (not a generated predictor, Predict or ChainOfThought); "
                            + "call signature(descriptor) with its fields"));
            inputs = plans(signature.inputFields());
            outputs = plans(signature.outputFields());
        } else if (stateJson != null) {
            ExecutorRuntime.loadProgram(spec(0, 0, List.of(), List.of()), loader()); // checks the class and state
        }
        List<String> columns = Arrays.asList(schema.fieldNames());
        List<Binding> bindings = new ArrayList<>();
        for (FieldPlan input : inputs) {
            int index = columns.indexOf(input.name());
            if (index < 0) {
                throw new IllegalArgumentException(name() + ": the DataFrame has no column \"" + input.name()
                        + "\" for the input field " + input.name() + " (" + input.typeName() + "); its columns are "
                        + columns);
            }
            StructField column = schema.fields()[index];
            if (!input.accepts(column.dataType())) {
                throw new IllegalArgumentException(name() + ": column \"" + input.name() + "\" is "
                        + column.dataType().simpleString() + ", but the input field " + input.name() + " ("
                        + input.typeName() + ") needs " + input.expected());
            }
            bindings.add(new Binding(input, index, column.dataType() instanceof org.apache.spark.sql.types.ArrayType));
        }
        return new Plan(inputs, outputs, bindings);
    }

    private StructType outputSchema(StructType input, Plan plan) {
        List<String> columns = new ArrayList<>(Arrays.asList(input.fieldNames()));
        StructType out = input;
        for (FieldPlan output : plan.outputs()) {
            String column = outputPrefix + output.name();
            if (columns.contains(column)) {
                throw new IllegalArgumentException(name() + ": the DataFrame already has a column \"" + column
                        + "\" for the output field " + output.name() + "; drop or rename it, or set outputPrefix");
            }
            columns.add(column);
            out = out.add(column, output.sparkType(), true);
        }
        if (columns.contains(errorColumn)) {
            throw new IllegalArgumentException(name() + ": the DataFrame already has a column \"" + errorColumn
                    + "\" (the error column); drop or rename it, or set errorColumn");
        }
        return out.add(errorColumn, DataTypes.StringType, true);
    }

    private ExecutorSpec executorSpec(SparkContext context, Plan plan) {
        if (model == null || model.isBlank()) {
            throw new IllegalStateException(
                    name() + ": no model; call model(\"openai/gpt-4o-mini\") or another " + "provider/model string");
        }
        int count = executors != null ? executors : executorCount(context);
        return spec(share(requestsPerMinute, count), share(tokensPerMinute, count), plan.inputs(), plan.outputs());
    }

    private ExecutorSpec spec(long rpm, long tpm, List<FieldPlan> inputs, List<FieldPlan> outputs) {
        return new ExecutorSpec(
                programClass,
                stateJson,
                model == null ? "" : model,
                baseUrl,
                apiKey,
                apiKeyVariable,
                timeout,
                maxRetries,
                maxConcurrency,
                Math.toIntExact(rpm),
                tpm,
                temperature,
                maxTokens,
                cache,
                transport,
                inFlight,
                inputs,
                outputs);
    }

    /**
     * The executors a job's limits are split across: 1 in local mode (the driver's JVM runs every
     * task), else the executors registered now (the driver, which the status tracker lists too, left
     * out), at least 1.
     *
     * @param context the job's context
     * @return the count
     */
    static int executorCount(SparkContext context) {
        if (context.isLocal()) {
            return 1;
        }
        return Math.max(1, context.statusTracker().getExecutorInfos().length - 1);
    }

    /**
     * One executor's share of a per-minute limit: the limit divided by the executors, rounded down
     * (so the shares never add up to more), at least 1; 0 (no limit) stays 0.
     *
     * @param perMinute the job's limit
     * @param executors the executors
     * @return the share
     */
    static long share(long perMinute, int executors) {
        if (perMinute == 0) {
            return 0;
        }
        return Math.max(1, perMinute / executors);
    }

    /**
     * The signature of a program that has one: a generated predictor's, a {@link Predict}'s or a
     * {@link ChainOfThought}'s (with its reasoning output).
     *
     * @param program the program
     * @return the signature, if it can be read
     */
    static Optional<SignatureDescriptor> signatureOf(Module program) {
        if (program instanceof TypedPredictor<?, ?, ?, ?> typed) {
            return Optional.of(typed.typedSignature().descriptor());
        }
        if (program instanceof Predict predict) {
            return Optional.of(predict.signature());
        }
        if (program instanceof ChainOfThought && program.namedPredictors().size() == 1) {
            return Optional.of(program.namedPredictors().get(0).predictor().signature());
        }
        return Optional.empty();
    }

    private static List<FieldPlan> plans(List<FieldDescriptor<?>> fields) {
        List<FieldPlan> plans = new ArrayList<>();
        for (FieldDescriptor<?> field : fields) {
            plans.add(FieldPlan.of(field));
        }
        return List.copyOf(plans);
    }

    private static @Nullable ClassLoader loader() {
        return Thread.currentThread().getContextClassLoader();
    }

    private String name() {
        return "DspjSpark(" + programClass.substring(programClass.lastIndexOf('.') + 1) + ")";
    }

    /**
     * The program's ExecutorSpec as a job would ship it with these limits, for tests.
     *
     * @param context the job's context
     * @param input the input schema
     * @return the spec
     */
    ExecutorSpec shipped(SparkContext context, StructType input) {
        return executorSpec(context, plan(input));
    }

    @Override
    public String toString() {
        return "DspjSpark[program=" + programClass + ", model=" + model + ", baseUrl=" + baseUrl + ", apiKey="
                + (apiKey != null ? apiKey : apiKeyVariable != null ? "$" + apiKeyVariable : "the provider's variable")
                + ", inFlight=" + inFlight + ", requestsPerMinute=" + requestsPerMinute + ", tokensPerMinute="
                + tokensPerMinute + (stateJson != null ? ", with saved state" : "") + "]";
    }
}
