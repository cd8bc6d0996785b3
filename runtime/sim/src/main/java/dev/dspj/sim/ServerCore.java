package dev.dspj.sim;

import com.sun.net.httpserver.HttpExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What every endpoint of the simulated server shares: the models, the engine, the faults, the
 * latency, the request log, and the steps from a parsed request to an outcome. Thread-safe.
 */
final class ServerCore {

    /** The longest a hung response waits (the server's close ends it sooner). */
    static final Duration HANG_LIMIT = Duration.ofHours(1);

    /** The protocol a request came in by, which decides how errors are worded. */
    enum Protocol {
        /** OpenAI Chat Completions. */
        OPENAI,
        /** Anthropic Messages. */
        ANTHROPIC
    }

    /** How a request ends. */
    sealed interface Outcome permits Failed, Hung, Answered {}

    /**
     * With an error.
     *
     * @param error the error
     */
    record Failed(ApiError error) implements Outcome {}

    /** With no answer at all. */
    record Hung() implements Outcome {}

    /**
     * With a completion.
     *
     * @param profile the model that answered
     * @param completion the answers
     * @param latencyFromNanos the {@link System#nanoTime()} the simulated latency counts from: the
     *     request's arrival, moved on by an injected delay
     */
    record Answered(SimModelProfile profile, SimCompletion completion, long latencyFromNanos) implements Outcome {

        /** The {@link System#nanoTime()} by which the whole answer is due. */
        long dueNanos(LatencyModel latency) {
            return latencyFromNanos
                    + latency.total(profile, completion.longestChoiceTokens()).toNanos();
        }

        /** The {@link System#nanoTime()} by which a stream's first token is due. */
        long firstTokenDueNanos(LatencyModel latency) {
            return latencyFromNanos + latency.firstToken(profile).toNanos();
        }
    }

    private final Map<String, SimModelProfile> profiles;
    private final SimEngine engine;
    private final FaultGate faults;
    private final LatencyModel latency;
    private final @Nullable String apiKey;
    private final RequestLog log;
    private final Pauser pauser = new Pauser();
    private final java.util.concurrent.atomic.AtomicLong streamsAbandoned =
            new java.util.concurrent.atomic.AtomicLong();

    /** Counts a streamed answer whose client went away before its end. */
    void streamAbandoned() {
        streamsAbandoned.incrementAndGet();
    }

    /** Streamed answers whose client went away before their end. */
    long streamsAbandoned() {
        return streamsAbandoned.get();
    }

    ServerCore(
            List<SimModelProfile> profiles,
            SimEngine engine,
            FaultGate faults,
            LatencyModel latency,
            @Nullable String apiKey,
            RequestLog log) {
        Map<String, SimModelProfile> byName = new LinkedHashMap<>();
        profiles.forEach(p -> byName.put(p.name(), p));
        this.profiles = Collections.unmodifiableMap(byName);
        this.engine = engine;
        this.faults = faults;
        this.latency = latency;
        this.apiKey = apiKey;
        this.log = log;
    }

    Map<String, SimModelProfile> profiles() {
        return profiles;
    }

    LatencyModel latency() {
        return latency;
    }

    Pauser pauser() {
        return pauser;
    }

    FaultGate faults() {
        return faults;
    }

    RequestLog log() {
        return log;
    }

    /** Records a request and returns its number, from 1. */
    long record(HttpExchange exchange, String body) {
        String path = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                        ? ""
                        : "?" + exchange.getRequestURI().getRawQuery());
        return log.add(new ReceivedRequest(
                exchange.getRequestMethod(), path, exchange.getRequestHeaders(), body, Instant.now()));
    }

    /** Whether a presented key is accepted: always when the server requires none. */
    boolean accepts(@Nullable String presentedKey) {
        return apiKey == null || apiKey.equals(presentedKey);
    }

    Optional<SimModelProfile> profile(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    /**
     * Runs a parsed request: model, context window, faults (waiting for injected latency), then the
     * engine. {@code receivedNanos} is when the request arrived, which the answer's latency counts from.
     */
    Outcome run(SimRequest request, Protocol protocol, long receivedNanos) {
        SimModelProfile profile = profiles.get(request.model());
        if (profile == null) {
            return new Failed(ApiError.notFound(
                    protocol == Protocol.OPENAI
                            ? ProviderMessages.modelNotFound(request.model())
                            : "model: " + request.model(),
                    "model_not_found"));
        }
        long promptTokens = SimTokens.ofMessages(request.messages());
        if (promptTokens > profile.contextWindow()) {
            return new Failed(contextLength(protocol, profile, promptTokens));
        }
        FaultPlan plan;
        try {
            plan = faults.plan(profile.name(), request.messages());
        } catch (IllegalArgumentException badDirective) {
            return new Failed(
                    ApiError.invalid(String.valueOf(badDirective.getMessage()), "messages", "invalid_sim_fault"));
        }
        if (!pauser.pause(plan.extraDelay())) {
            return new Hung();
        }
        if (plan.error() != null) {
            return new Failed(error(plan.error(), protocol, profile, promptTokens));
        }
        if (plan.hang()) {
            return new Hung();
        }
        return new Answered(
                profile,
                engine.complete(request, profile, plan.content()),
                receivedNanos + plan.extraDelay().toNanos());
    }

    /** Holds a hung response until the server closes. */
    void hang() {
        pauser.pause(HANG_LIMIT);
    }

    private static ApiError error(Fault fault, Protocol protocol, SimModelProfile profile, long promptTokens) {
        return switch (fault.kind()) {
            case RATE_LIMIT -> {
                Duration wait = fault.duration().orElse(Fault.DEFAULT_RETRY_AFTER);
                yield new ApiError(
                        429,
                        ApiError.Kind.RATE_LIMIT,
                        ProviderMessages.rateLimit(profile.name(), wait),
                        null,
                        "rate_limit_exceeded",
                        wait);
            }
            case SERVER_ERROR ->
                new ApiError(
                        fault.status(),
                        ApiError.Kind.SERVER_ERROR,
                        ProviderMessages.serverError(fault.status()),
                        null,
                        null,
                        null);
            case UNAUTHORIZED -> unauthorized(protocol);
            case CONTEXT_LENGTH -> contextLength(protocol, profile, promptTokens);
            default -> throw new IllegalArgumentException(fault + " is not an error fault");
        };
    }

    static ApiError unauthorized(Protocol protocol) {
        return new ApiError(
                401,
                ApiError.Kind.AUTHENTICATION,
                protocol == Protocol.OPENAI ? ProviderMessages.INVALID_KEY : ProviderMessages.ANTHROPIC_INVALID_KEY,
                null,
                "invalid_api_key",
                null);
    }

    private static ApiError contextLength(Protocol protocol, SimModelProfile profile, long promptTokens) {
        String message = protocol == Protocol.OPENAI
                ? ProviderMessages.openAiContextLength(profile.contextWindow(), promptTokens)
                : ProviderMessages.anthropicContextLength(profile.contextWindow(), promptTokens);
        return new ApiError(400, ApiError.Kind.CONTEXT_LENGTH, message, "messages", "context_length_exceeded", null);
    }
}
