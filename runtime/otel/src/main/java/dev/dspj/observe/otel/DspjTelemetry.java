package dev.dspj.observe.otel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ToolCall;
import dev.dspj.module.Predict;
import dev.dspj.observe.CallEnd;
import dev.dspj.observe.CallStart;
import dev.dspj.observe.Callback;
import dev.dspj.observe.EventKind;
import dev.dspj.tool.ToolResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSPJ's calls as OpenTelemetry spans and metrics: a {@link Callback} to register once.
 *
 * <pre>{@code
 * Callbacks.register(DspjTelemetry.create(openTelemetry));
 * }</pre>
 *
 * <p>Every event becomes a span, nested as the events' {@link CallStart#parentId()} chain; an event
 * with no parent (the outermost call of a run) becomes a child of the span current in the
 * OpenTelemetry {@link Context} where it starts, so a program run inside a traced HTTP request nests
 * under the server's span. Span names and attributes:
 *
 * <ul>
 *   <li>a model call: {@code chat {model}}, kind {@link SpanKind#CLIENT}, with the GenAI semantic
 *       conventions ({@code gen_ai.operation.name=chat}, {@code gen_ai.provider.name}, {@code
 *       gen_ai.request.model}, {@code gen_ai.request.temperature}, {@code
 *       gen_ai.request.max_tokens}, {@code gen_ai.request.top_p}, {@code gen_ai.response.model},
 *       {@code gen_ai.response.finish_reasons}, {@code gen_ai.usage.input_tokens}, {@code
 *       gen_ai.usage.output_tokens}) and {@code dspj.lm.cached}, {@code dspj.lm.attempts};
 *   <li>a tool call: {@code execute_tool {tool}}, {@code gen_ai.operation.name=execute_tool},
 *       {@code gen_ai.tool.name};
 *   <li>a module: {@code dspj.module {name}} with {@code dspj.module.path} and {@code
 *       dspj.module.kind} ({@code predictor} for a {@link Predict}, else {@code program});
 *   <li>an adapter: {@code dspj.adapter.format} and {@code dspj.adapter.parse} with {@code
 *       dspj.adapter.name} (or, with {@link Builder#adapterSpans(boolean) adapterSpans(false)},
 *       events of those names on the enclosing span);
 *   <li>{@code dspj.evaluate} with {@code dspj.evaluate.program}, and {@code dspj.compile
 *       {optimizer}} with {@code dspj.optimizer.name}.
 * </ul>
 *
 * A call that fails ends its span with status {@link StatusCode#ERROR}, {@code error.type} (the
 * exception's class name) and the exception recorded. Prompts, completions and tool arguments are
 * never recorded unless {@link Builder#capturePrompts(boolean)} is on; then model spans carry
 * {@code gen_ai.input.messages} and {@code gen_ai.output.messages} and tool spans {@code
 * gen_ai.tool.call.arguments} and {@code gen_ai.tool.call.result}, as JSON.
 *
 * <p>Metrics: the histograms {@code gen_ai.client.token.usage} ({@code {token}}, by {@code
 * gen_ai.token.type}) and {@code gen_ai.client.operation.duration} (seconds), and the counters
 * {@code dspj.lm.cache.hits}, {@code dspj.lm.retries} (each answered call's HTTP attempts less one)
 * and {@code dspj.lm.failures}. A response served from a cache counts no tokens.
 *
 * <p>Thread-safe; a call may end on another thread than the one it started on. It never throws
 * into the call it observes, and an end whose start it did not see costs one map lookup.
 */
public final class DspjTelemetry implements Callback {

    /** The instrumentation scope's name, of the tracer and the meter. */
    public static final String INSTRUMENTATION_NAME = "dev.dspj";

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
    static final AttributeKey<Long> SEED = AttributeKey.longKey("gen_ai.request.seed");
    static final AttributeKey<Long> CHOICE_COUNT = AttributeKey.longKey("gen_ai.request.choice.count");
    static final AttributeKey<List<String>> STOP = AttributeKey.stringArrayKey("gen_ai.request.stop_sequences");
    static final AttributeKey<List<String>> FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
    static final AttributeKey<String> TOOL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
    static final AttributeKey<String> TOOL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Boolean> CACHED = AttributeKey.booleanKey("dspj.lm.cached");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("dspj.lm.attempts");
    static final AttributeKey<String> MODULE_PATH = AttributeKey.stringKey("dspj.module.path");
    static final AttributeKey<String> MODULE_KIND = AttributeKey.stringKey("dspj.module.kind");
    static final AttributeKey<String> ADAPTER_NAME = AttributeKey.stringKey("dspj.adapter.name");
    static final AttributeKey<Double> STEP_DURATION = AttributeKey.doubleKey("dspj.adapter.duration");
    static final AttributeKey<String> EVALUATED_PROGRAM = AttributeKey.stringKey("dspj.evaluate.program");
    static final AttributeKey<String> OPTIMIZER = AttributeKey.stringKey("dspj.optimizer.name");

    /** The conventions' advised buckets of {@code gen_ai.client.token.usage}. */
    private static final List<Long> TOKEN_BUCKETS = List.of(
            1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L, 16777216L, 67108864L);
    /** The conventions' advised buckets of {@code gen_ai.client.operation.duration}, in seconds. */
    private static final List<Double> DURATION_BUCKETS =
            List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

    private static final Logger LOG = LoggerFactory.getLogger(DspjTelemetry.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Tracer tracer;
    private final LongHistogram tokenUsage;
    private final DoubleHistogram operationDuration;
    private final LongCounter cacheHits;
    private final LongCounter retries;
    private final LongCounter failures;
    private final boolean capturePrompts;
    private final boolean adapterSpans;
    private final ConcurrentHashMap<String, OpenSpan> open = new ConcurrentHashMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();

    /** A span started and not yet ended, with what its end needs of its start. */
    private record OpenSpan(Span span, @Nullable ModelNames model) {}

    /**
     * What a model's spans and metrics repeat on every call, computed once per model string: the
     * names, the span name and the metric attributes by response model ({@code plain}, {@code
     * input} tokens, {@code output} tokens).
     */
    private static final class ModelNames {
        final String spanName;
        final String requestModel;
        final @Nullable String provider;
        final Attributes base;
        final ConcurrentHashMap<String, Attributes[]> byResponseModel = new ConcurrentHashMap<>();

        ModelNames(String modelString) {
            GenAiNames names = GenAiNames.of(modelString);
            this.spanName = "chat " + names.model();
            this.requestModel = names.model();
            this.provider = names.provider();
            AttributesBuilder builder =
                    Attributes.builder().put(OPERATION, "chat").put(REQUEST_MODEL, names.model());
            if (names.provider() != null) {
                builder.put(PROVIDER, names.provider());
            }
            this.base = builder.build();
        }

        /** The metric attributes of an answer from that model: plain, input tokens, output tokens. */
        Attributes[] answered(String responseModel) {
            Attributes[] cached = byResponseModel.get(responseModel);
            if (cached != null) {
                return cached;
            }
            if (byResponseModel.size() > 64) {
                return attributes(responseModel); // a provider that names every answer differently
            }
            return byResponseModel.computeIfAbsent(responseModel, this::attributes);
        }

        private Attributes[] attributes(String responseModel) {
            Attributes plain = responseModel.isEmpty()
                    ? base
                    : base.toBuilder().put(RESPONSE_MODEL, responseModel).build();
            return new Attributes[] {
                plain,
                plain.toBuilder().put(TOKEN_TYPE, "input").build(),
                plain.toBuilder().put(TOKEN_TYPE, "output").build()
            };
        }
    }

    /** Per model string; bounded by the models a process calls. */
    private final ConcurrentHashMap<String, ModelNames> models = new ConcurrentHashMap<>();

    /** Span names of modules and tools by their name ({@code dspj.module FactoidQa}), up to {@link #CACHED_NAMES}. */
    private final ConcurrentHashMap<String, String> moduleSpanNames = new ConcurrentHashMap<>();

    private final ConcurrentHashMap<String, String> toolSpanNames = new ConcurrentHashMap<>();

    /** {@code gen_ai.response.finish_reasons} values by finish reason, up to {@link #CACHED_NAMES}. */
    private final ConcurrentHashMap<String, List<String>> finishReasons = new ConcurrentHashMap<>();

    /** How many names each cache keeps; beyond it (names made per call) they are built each time. */
    static final int CACHED_NAMES = 256;

    private DspjTelemetry(Builder builder) {
        OpenTelemetry otel = builder.openTelemetry;
        String version = DspjTelemetry.class.getPackage().getImplementationVersion();
        this.tracer =
                version == null ? otel.getTracer(INSTRUMENTATION_NAME) : otel.getTracer(INSTRUMENTATION_NAME, version);
        Meter meter = version == null
                ? otel.getMeter(INSTRUMENTATION_NAME)
                : otel.meterBuilder(INSTRUMENTATION_NAME)
                        .setInstrumentationVersion(version)
                        .build();
        this.tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage")
                .setDescription("Number of input and output tokens used")
                .setUnit("{token}")
                .ofLongs()
                .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
                .build();
        this.operationDuration = meter.histogramBuilder("gen_ai.client.operation.duration")
                .setDescription("GenAI operation duration")
                .setUnit("s")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
                .build();
        this.cacheHits = meter.counterBuilder("dspj.lm.cache.hits")
                .setDescription("Model calls a response cache answered")
                .setUnit("{call}")
                .build();
        this.retries = meter.counterBuilder("dspj.lm.retries")
                .setDescription("HTTP attempts repeated by the model client's retry policy")
                .setUnit("{attempt}")
                .build();
        this.failures = meter.counterBuilder("dspj.lm.failures")
                .setDescription("Model calls that failed")
                .setUnit("{call}")
                .build();
        this.capturePrompts = builder.capturePrompts;
        this.adapterSpans = builder.adapterSpans;
    }

    /**
     * The bridge with its defaults: every kind of call traced, no prompt text recorded.
     *
     * @param openTelemetry where spans and metrics go
     * @return the callback, to register with {@link dev.dspj.observe.Callbacks#register}
     */
    public static DspjTelemetry create(OpenTelemetry openTelemetry) {
        return builder(openTelemetry).build();
    }

    /**
     * Starts configuring the bridge.
     *
     * @param openTelemetry where spans and metrics go
     * @return a builder
     */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(openTelemetry);
    }

    /**
     * Whether prompts and completions are recorded on spans.
     *
     * @return true when {@link Builder#capturePrompts(boolean)} was on
     */
    public boolean capturesPrompts() {
        return capturePrompts;
    }

    /**
     * How many spans are started and not yet ended (for tests and health checks: it returns to
     * zero when every call has ended).
     *
     * @return the count
     */
    public int openSpans() {
        return open.size();
    }

    /**
     * Starts the call's span.
     *
     * @param start the start
     */
    @Override
    public void onStart(CallStart start) {
        if (!adapterSpans && (start.kind() == EventKind.ADAPTER_FORMAT || start.kind() == EventKind.ADAPTER_PARSE)) {
            return;
        }
        try {
            begin(start);
        } catch (RuntimeException | LinkageError e) {
            failed("start", start, e);
        }
    }

    /**
     * Ends the call's span and records its metrics.
     *
     * @param end the end
     */
    @Override
    public void onEnd(CallEnd end) {
        if (!adapterSpans && isAdapterStep(end.kind())) {
            stepEvent(end);
            return;
        }
        OpenSpan opened = open.remove(end.callId());
        if (opened == null) {
            return;
        }
        try {
            finish(opened, end);
        } catch (RuntimeException | LinkageError e) {
            failed("end", end.start(), e);
            opened.span().end();
        }
    }

    private static boolean isAdapterStep(EventKind kind) {
        return kind == EventKind.ADAPTER_FORMAT || kind == EventKind.ADAPTER_PARSE;
    }

    /** An adapter step as an event on the span of the call it ran in: its name, adapter and duration. */
    private void stepEvent(CallEnd end) {
        String parentId = end.start().parentId();
        OpenSpan parent = parentId == null ? null : open.get(parentId);
        if (parent == null) {
            return;
        }
        try {
            String name = end.kind() == EventKind.ADAPTER_FORMAT ? "dspj.adapter.format" : "dspj.adapter.parse";
            Throwable error = end.error();
            Attributes attributes = error == null
                    ? Attributes.of(ADAPTER_NAME, end.start().name(), STEP_DURATION, end.durationNanos() / 1e9)
                    : Attributes.of(
                            ADAPTER_NAME,
                            end.start().name(),
                            STEP_DURATION,
                            end.durationNanos() / 1e9,
                            ERROR_TYPE,
                            errorType(error));
            parent.span().addEvent(name, attributes);
        } catch (RuntimeException | LinkageError e) {
            failed("end", end.start(), e);
        }
    }

    private void begin(CallStart start) {
        Context parent = parentOf(start);
        ModelNames model = null;
        SpanBuilder builder;
        switch (start.kind()) {
            case LM -> {
                model = models.get(start.name());
                if (model == null) {
                    model = models.computeIfAbsent(start.name(), ModelNames::new);
                }
                builder = tracer.spanBuilder(model.spanName)
                        .setSpanKind(SpanKind.CLIENT)
                        .setAttribute(OPERATION, "chat")
                        .setAttribute(REQUEST_MODEL, model.requestModel);
                if (model.provider != null) {
                    builder.setAttribute(PROVIDER, model.provider);
                }
                if (start.inputs().get("request") instanceof LmRequest request) {
                    requestAttributes(builder, request);
                }
            }
            case TOOL -> {
                builder = tracer.spanBuilder(cached(toolSpanNames, "execute_tool ", start.name()))
                        .setSpanKind(SpanKind.INTERNAL)
                        .setAttribute(OPERATION, "execute_tool")
                        .setAttribute(TOOL_NAME, start.name())
                        .setAttribute(TOOL_TYPE, "function");
                Object arguments = start.inputs().get("arguments");
                if (capturePrompts && arguments != null) {
                    builder.setAttribute(TOOL_ARGUMENTS, arguments.toString());
                }
            }
            case MODULE -> {
                builder = tracer.spanBuilder(cached(moduleSpanNames, "dspj.module ", start.name()))
                        .setSpanKind(SpanKind.INTERNAL)
                        .setAttribute(MODULE_KIND, start.instance() instanceof Predict ? "predictor" : "program");
                if (!start.path().isEmpty()) {
                    builder.setAttribute(MODULE_PATH, start.path());
                }
            }
            case ADAPTER_FORMAT, ADAPTER_PARSE ->
                builder = tracer.spanBuilder(
                                start.kind() == EventKind.ADAPTER_FORMAT ? "dspj.adapter.format" : "dspj.adapter.parse")
                        .setSpanKind(SpanKind.INTERNAL)
                        .setAttribute(ADAPTER_NAME, start.name());
            case EVALUATE ->
                builder = tracer.spanBuilder("dspj.evaluate")
                        .setSpanKind(SpanKind.INTERNAL)
                        .setAttribute(EVALUATED_PROGRAM, start.name());
            case COMPILE ->
                builder = tracer.spanBuilder("dspj.compile " + start.name())
                        .setSpanKind(SpanKind.INTERNAL)
                        .setAttribute(OPTIMIZER, start.name());
            default -> throw new IllegalStateException("unknown event kind " + start.kind());
        }
        Span span = builder.setParent(parent).startSpan();
        open.put(start.callId(), new OpenSpan(span, model));
    }

    /**
     * Makes the call's span current in OpenTelemetry's context while its body runs on this thread,
     * so spans that other instrumentation starts inside it (an HTTP client's) nest under it. An
     * adapter's format and parse steps are left out: they call nothing that starts spans, and DSPJ's
     * own calls nest by their parent id whatever the context.
     *
     * @param start the call whose body runs
     * @return the scope restoring the context before
     */
    @Override
    @SuppressWarnings("MustBeClosedChecker") // the caller closes the returned scope when the body leaves
    public dev.dspj.observe.Scope onEnter(CallStart start) {
        if (start.kind() == EventKind.ADAPTER_FORMAT || start.kind() == EventKind.ADAPTER_PARSE) {
            return dev.dspj.observe.Scope.NONE; // formatting and parsing call nothing that could start a span
        }
        OpenSpan opened = open.get(start.callId());
        if (opened == null) {
            return dev.dspj.observe.Scope.NONE;
        }
        io.opentelemetry.context.Scope scope =
                Context.current().with(opened.span()).makeCurrent();
        return scope::close;
    }

    /** The parent's span when this bridge saw the parent start, else the current context. */
    private Context parentOf(CallStart start) {
        String parentId = start.parentId();
        Context current = Context.current();
        if (parentId != null) {
            OpenSpan parent = open.get(parentId);
            if (parent != null) {
                // the parent's body usually runs with its span current already: no new context then
                return Span.fromContext(current) == parent.span() ? current : current.with(parent.span());
            }
        }
        return current;
    }

    private void requestAttributes(SpanBuilder builder, LmRequest request) {
        LmSettings settings = request.settings();
        Optional<Double> temperature = settings.temperature();
        if (temperature.isPresent()) {
            builder.setAttribute(TEMPERATURE, temperature.get());
        }
        Optional<Integer> maxTokens = settings.maxTokens();
        if (maxTokens.isPresent()) {
            builder.setAttribute(MAX_TOKENS, (long) maxTokens.get());
        }
        Optional<Double> topP = settings.topP();
        if (topP.isPresent()) {
            builder.setAttribute(TOP_P, topP.get());
        }
        Optional<Long> seed = settings.seed();
        if (seed.isPresent()) {
            builder.setAttribute(SEED, seed.get());
        }
        Optional<Integer> n = settings.n();
        if (n.isPresent() && n.get() != 1) {
            builder.setAttribute(CHOICE_COUNT, (long) n.get());
        }
        if (!settings.stop().isEmpty()) {
            builder.setAttribute(STOP, settings.stop());
        }
        if (capturePrompts) {
            builder.setAttribute(INPUT_MESSAGES, inputMessages(request.messages()));
        }
    }

    private void finish(OpenSpan opened, CallEnd end) {
        Span span = opened.span();
        Throwable error = end.error();
        ModelNames model = opened.model();
        if (model != null) {
            finishModelCall(span, model, end);
        } else if (error == null && capturePrompts && end.kind() == EventKind.TOOL) {
            Object outputs = end.outputs();
            if (outputs instanceof ToolResult result) {
                span.setAttribute(TOOL_RESULT, result.json().toString());
            }
        }
        if (error != null) {
            span.setStatus(StatusCode.ERROR, Objects.requireNonNullElse(error.getMessage(), ""));
            span.setAttribute(ERROR_TYPE, errorType(error));
            span.recordException(error);
        }
        span.end();
    }

    private void finishModelCall(Span span, ModelNames model, CallEnd end) {
        Throwable error = end.error();
        double seconds = end.durationNanos() / 1e9;
        if (error == null && end.outputs() instanceof LmResponse response) {
            if (!response.model().isEmpty()) {
                span.setAttribute(RESPONSE_MODEL, response.model());
            }
            if (!response.finishReason().isEmpty()) {
                span.setAttribute(FINISH_REASONS, finishReasons(response.finishReason()));
            }
            span.setAttribute(INPUT_TOKENS, response.usage().promptTokens());
            span.setAttribute(OUTPUT_TOKENS, response.usage().completionTokens());
            span.setAttribute(CACHED, response.cached());
            span.setAttribute(ATTEMPTS, (long) response.attempts());
            if (capturePrompts) {
                span.setAttribute(OUTPUT_MESSAGES, outputMessages(response));
            }
            Attributes[] attributes = model.answered(response.model());
            Context context = Context.root().with(span); // an exemplar points at the call's own span
            if (response.cached()) {
                cacheHits.add(1, attributes[0], context);
            } else {
                tokenUsage.record(response.usage().promptTokens(), attributes[1], context);
                tokenUsage.record(response.usage().completionTokens(), attributes[2], context);
            }
            if (response.attempts() > 1) {
                retries.add(response.attempts() - 1L, attributes[0], context);
            }
            operationDuration.record(seconds, attributes[0], context);
        } else {
            Attributes attributes = model.base.toBuilder()
                    .put(ERROR_TYPE, error == null ? "_OTHER" : errorType(error))
                    .build();
            Context context = Context.root().with(span);
            failures.add(1, attributes, context);
            operationDuration.record(seconds, attributes, context);
        }
    }

    /** A span name: the prefix and the name, kept for names seen before. */
    private static String cached(ConcurrentHashMap<String, String> names, String prefix, String name) {
        String spanName = names.get(name);
        if (spanName != null) {
            return spanName;
        }
        spanName = prefix + name;
        if (names.size() < CACHED_NAMES) {
            names.putIfAbsent(name, spanName);
        }
        return spanName;
    }

    private List<String> finishReasons(String finishReason) {
        List<String> reasons = finishReasons.get(finishReason);
        if (reasons != null) {
            return reasons;
        }
        reasons = List.of(finishReason);
        if (finishReasons.size() < CACHED_NAMES) {
            finishReasons.putIfAbsent(finishReason, reasons);
        }
        return reasons;
    }

    /**
     * An exception's {@code error.type}: its canonical class name, as the SDK writes {@code
     * exception.type} ({@code dev.dspj.lm.RejectedRequestException.Authentication}).
     */
    static String errorType(Throwable error) {
        Class<?> type = error.getClass();
        String canonical = type.getCanonicalName();
        return canonical == null ? type.getName() : canonical;
    }

    /** The request's messages in the conventions' shape: role and text parts. */
    static String inputMessages(List<ChatMessage> messages) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (ChatMessage message : messages) {
            ObjectNode node = array.addObject().put("role", message.role().wireName());
            node.putArray("parts").addObject().put("type", "text").put("content", message.content());
        }
        return write(array);
    }

    /** The response's choices in the conventions' shape: role, parts (text, tool calls), finish reason. */
    static String outputMessages(LmResponse response) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        List<String> choices = response.choices();
        for (int i = 0; i < choices.size(); i++) {
            ObjectNode node = array.addObject().put("role", "assistant");
            ArrayNode parts = node.putArray("parts");
            if (!choices.get(i).isEmpty()) {
                parts.addObject().put("type", "text").put("content", choices.get(i));
            }
            if (i == 0) {
                for (ToolCall call : response.toolCalls()) {
                    ObjectNode part = parts.addObject()
                            .put("type", "tool_call")
                            .put("id", call.id())
                            .put("name", call.name());
                    try {
                        part.set("arguments", JSON.readTree(call.argumentsJson()));
                    } catch (java.io.IOException | RuntimeException e) {
                        part.put("arguments", call.argumentsJson());
                    }
                }
            }
            node.put("finish_reason", response.finishReason().isEmpty() ? "stop" : response.finishReason());
        }
        return write(array);
    }

    private static String write(ArrayNode array) {
        try {
            return JSON.writeValueAsString(array);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write messages as JSON", e);
        }
    }

    private void failed(String phase, CallStart start, Throwable error) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn(
                    "OpenTelemetry bridge failed on the {} of {} {} (call {}); the call goes on, "
                            + "later failures are logged at debug level",
                    phase,
                    start.kind().label(),
                    start.name(),
                    start.callId(),
                    error);
        } else {
            LOG.debug("OpenTelemetry bridge failed on the {} of call {}", phase, start.callId(), error);
        }
    }

    /** Configures a {@link DspjTelemetry}. */
    public static final class Builder {
        private final OpenTelemetry openTelemetry;
        private boolean capturePrompts;
        private boolean adapterSpans = true;

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        }

        /**
         * Whether model spans record the prompt's and the answer's text ({@code
         * gen_ai.input.messages}, {@code gen_ai.output.messages}) and tool spans their arguments
         * and results. Off by default: prompts may hold personal data.
         *
         * @param capture true to record them
         * @return this builder
         */
        public Builder capturePrompts(boolean capture) {
            this.capturePrompts = capture;
            return this;
        }

        /**
         * Whether the adapter's format and parse steps get spans of their own (on by default). They
         * take microseconds and have no children; turned off, each step is an event on the span of
         * the call it ran in ({@code dspj.adapter.format}, {@code dspj.adapter.parse} with {@code
         * dspj.adapter.name}, {@code dspj.adapter.duration} in seconds and, for a step that failed,
         * {@code error.type}), which halves the spans of a predictor call and what OpenTelemetry's
         * SDK spends on them.
         *
         * @param traced false for events instead of spans
         * @return this builder
         */
        public Builder adapterSpans(boolean traced) {
            this.adapterSpans = traced;
            return this;
        }

        /**
         * Builds the bridge.
         *
         * @return the callback
         */
        public DspjTelemetry build() {
            return new DspjTelemetry(this);
        }
    }
}
