package dev.dspj.observe.micrometer;

import dev.dspj.lm.LmResponse;
import dev.dspj.observe.CallEnd;
import dev.dspj.observe.CallStart;
import dev.dspj.observe.Callback;
import dev.dspj.observe.EventKind;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Callback} that opens a Micrometer {@link Observation} for every DSPJ call and stops it
 * when the call ends, so whatever handlers the registry has (a tracing bridge to OpenTelemetry or
 * Brave, {@code DefaultMeterObservationHandler}'s timers) see DSPJ's modules, model calls and
 * tools.
 *
 * <p>Names: {@value #MODULE} for modules, {@value #MODEL_CALL} for model calls (OpenTelemetry's
 * GenAI name), {@value #TOOL} for tools, and {@code dspj.adapter.format}, {@code
 * dspj.adapter.parse}, {@code dspj.evaluate}, {@code dspj.compile} for the rest. Low-cardinality
 * key values: {@value #KIND}, {@value #NAME} and, for model calls, {@value #MODEL} and {@value
 * #OPERATION}; high-cardinality: {@value #PATH}, {@value #CALL_ID}, {@value #RUN_ID} and a model
 * call's {@value #INPUT_TOKENS} and {@value #OUTPUT_TOKENS}. An observation's parent is the
 * observation of the DSPJ call it was made from, else the registry's current observation (an HTTP
 * request's, for example). Inputs and outputs are never put on observations.
 *
 * <pre>{@code
 * Registration registration = Callbacks.register(new ObservationCallback(observationRegistry));
 * }</pre>
 */
public final class ObservationCallback implements Callback {

    /** A module's observation name. */
    public static final String MODULE = "dspj.module";
    /** A model call's observation name (OpenTelemetry's GenAI client operation). */
    public static final String MODEL_CALL = "gen_ai.client.operation";
    /** A tool call's observation name. */
    public static final String TOOL = "dspj.tool";
    /** The key of the call's kind ({@code module}, {@code lm}, ...). */
    public static final String KIND = "dspj.kind";
    /** The key of the call's short name (the module's or tool's name, the model's name). */
    public static final String NAME = "dspj.name";
    /** The key of the model a model call asked for. */
    public static final String MODEL = "gen_ai.request.model";
    /** The key of a model call's operation ({@code chat}). */
    public static final String OPERATION = "gen_ai.operation.name";
    /** The key of the call's path in the program. */
    public static final String PATH = "dspj.path";
    /** The key of the call's id. */
    public static final String CALL_ID = "dspj.call_id";
    /** The key of the id of the outermost call. */
    public static final String RUN_ID = "dspj.run_id";
    /** The key of a model call's prompt tokens. */
    public static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";
    /** The key of a model call's completion tokens. */
    public static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";

    private final ObservationRegistry registry;
    private final Map<String, Observation> open = new ConcurrentHashMap<>();

    /**
     * A callback observing into a registry.
     *
     * @param registry the registry
     */
    public ObservationCallback(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * The observation name of a kind of call.
     *
     * @param kind the kind
     * @return its name
     */
    public static String observationName(EventKind kind) {
        return switch (kind) {
            case MODULE -> MODULE;
            case LM -> MODEL_CALL;
            case TOOL -> TOOL;
            case ADAPTER_FORMAT -> "dspj.adapter.format";
            case ADAPTER_PARSE -> "dspj.adapter.parse";
            case EVALUATE -> "dspj.evaluate";
            case COMPILE -> "dspj.compile";
        };
    }

    @Override
    public void onStart(CallStart start) {
        if (registry.isNoop()) {
            return;
        }
        DspjObservationContext context = new DspjObservationContext(start);
        Observation observation = Observation.createNotStarted(observationName(start.kind()), () -> context, registry)
                .contextualName(contextualName(start))
                .lowCardinalityKeyValue(KIND, start.kind().label())
                .lowCardinalityKeyValue(NAME, start.name())
                .highCardinalityKeyValue(PATH, start.path())
                .highCardinalityKeyValue(CALL_ID, start.callId())
                .highCardinalityKeyValue(RUN_ID, start.runId());
        if (start.kind() == EventKind.LM) {
            observation.lowCardinalityKeyValue(MODEL, start.name()).lowCardinalityKeyValue(OPERATION, "chat");
        }
        String parentId = start.parentId();
        Observation parent = parentId == null ? null : open.get(parentId);
        if (parent != null) {
            observation.parentObservation(parent);
        }
        open.put(start.callId(), observation.start());
    }

    @Override
    public void onEnd(CallEnd end) {
        Observation observation = open.remove(end.callId());
        if (observation == null) {
            return;
        }
        if (observation.getContext() instanceof DspjObservationContext context) {
            context.end(end);
        }
        Throwable error = end.error();
        if (error != null) {
            observation.error(error);
        }
        if (end.outputs() instanceof LmResponse response) {
            observation
                    .highCardinalityKeyValue(
                            INPUT_TOKENS, Long.toString(response.usage().promptTokens()))
                    .highCardinalityKeyValue(
                            OUTPUT_TOKENS, Long.toString(response.usage().completionTokens()));
        }
        observation.stop();
    }

    /**
     * How many observations are open (started, not yet stopped).
     *
     * @return the count
     */
    public int openObservations() {
        return open.size();
    }

    private static String contextualName(CallStart start) {
        return switch (start.kind()) {
            case LM -> "chat " + start.name();
            case TOOL -> "execute_tool " + start.name();
            default -> start.path().isEmpty() ? start.name() : start.path();
        };
    }
}
