package dev.dspj.sim;

import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.lm.StreamEvent;
import dev.dspj.lm.usage.PricedModel;
import dev.dspj.lm.usage.UsageTracker;
import dev.dspj.primitives.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The simulated model in process: a {@link LanguageModel} that answers from simulated tasks
 * through the competence model, with no HTTP. Deterministic: the same request always gets the
 * same answer; a different rollout id or seed gets an independent draw.
 *
 * <p>Injected faults surface as the exceptions the HTTP clients throw: rate limits and server
 * errors as {@link dev.dspj.lm.RetriableModelException} (with the {@code Retry-After}), a hang as
 * its {@code Timeout} after {@link Builder#hangTimeout(Duration)}, a rejected key or an
 * oversized prompt as {@link dev.dspj.lm.RejectedRequestException}.
 *
 * <pre>{@code
 * LanguageModel model = SimulatedModel.of("sim-medium");
 * Dspj.configure(model);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SimulatedModel implements LanguageModel, PricedModel {

    /** How long a hung call waits before failing with a timeout, unless set. */
    public static final Duration DEFAULT_HANG_TIMEOUT = Duration.ofSeconds(10);
    /** The engine's seed, unless set. */
    public static final long DEFAULT_SEED = 42;

    private final SimModelProfile profile;
    private final List<SimTask> tasks;
    private final SimEngine engine;
    private final FaultGate faults;
    private final LatencyModel latency;
    private final Duration hangTimeout;
    private final Pauser pauser = new Pauser();
    private final AtomicLong calls = new AtomicLong();

    private SimulatedModel(Builder builder) {
        this.profile = builder.profile;
        this.tasks = builder.tasks.isEmpty() ? SimTasks.builtIns() : List.copyOf(builder.tasks);
        this.engine = new SimEngine(tasks, builder.seed);
        this.faults = new FaultGate(builder.seed, Map.of(profile.name(), List.copyOf(builder.faults)));
        this.latency = new LatencyModel(builder.latencyScale, builder.fixedLatency);
        this.hangTimeout = builder.hangTimeout;
    }

    /**
     * A simulated model with the built-in tasks, the default seed and no latency.
     *
     * @param profile the model
     * @return the model
     */
    public static SimulatedModel of(SimModelProfile profile) {
        return builder().model(profile).build();
    }

    /**
     * A built-in simulated model by name, with the built-in tasks, the default seed and no latency.
     *
     * @param name {@code sim-small}, {@code sim-medium} or {@code sim-large}
     * @return the model
     * @throws IllegalArgumentException for another name
     */
    public static SimulatedModel of(String name) {
        return of(SimModelProfile.builtIn(name)
                .orElseThrow(() -> new IllegalArgumentException("no built-in simulated model named \"" + name
                        + "\"; the built-ins are sim-small, sim-medium, sim-large")));
    }

    /**
     * Starts configuring a simulated model.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String modelName() {
        return profile.name();
    }

    /**
     * The model's profile: competence, prices and latency.
     *
     * @return the profile
     */
    public SimModelProfile profile() {
        return profile;
    }

    /**
     * The tasks the model knows.
     *
     * @return the tasks
     */
    public List<SimTask> tasks() {
        return tasks;
    }

    /**
     * How many calls the model has received, failed ones included.
     *
     * @return the count
     */
    public long callCount() {
        return calls.get();
    }

    /**
     * Forgets how many times each fault has struck, so counted faults strike again.
     */
    public void resetFaults() {
        faults.reset();
    }

    @Override
    public LmResponse complete(LmRequest request) {
        Objects.requireNonNull(request, "request");
        calls.incrementAndGet();
        SimRequest simRequest = SimRequest.of(profile.name(), request);
        long promptTokens = SimTokens.ofMessages(simRequest.messages());
        if (promptTokens > profile.contextWindow()) {
            throw InProcessErrors.contextLength(profile.name(), promptTokens, profile.contextWindow());
        }
        FaultPlan plan;
        try {
            plan = faults.plan(profile.name(), simRequest.messages());
        } catch (IllegalArgumentException badDirective) {
            throw InProcessErrors.badDirective(profile.name(), badDirective.getMessage());
        }
        pauser.pause(plan.extraDelay());
        long answering = System.nanoTime(); // the latency includes the engine's own time
        if (plan.error() != null) {
            throw InProcessErrors.of(plan.error(), profile.name(), promptTokens, profile.contextWindow());
        }
        if (plan.hang()) {
            pauser.pause(hangTimeout);
            throw InProcessErrors.timeout(profile.name(), hangTimeout);
        }
        SimCompletion completion = engine.complete(simRequest, profile, plan.content());
        pauser.pauseUntil(answering
                + latency.total(profile, completion.longestChoiceTokens()).toNanos());
        List<String> texts = new ArrayList<>(completion.choices().size());
        completion.choices().forEach(choice -> texts.add(choice.text()));
        Usage usage = new Usage(completion.promptTokens(), completion.completionTokens());
        // In process there is no HTTP client to report the call, so the model reports it itself.
        UsageTracker.recordCall(
                modelName(),
                usage.promptTokens(),
                usage.completionTokens(),
                BigDecimal.valueOf(profile.costUsd(usage)),
                false);
        return new LmResponse(
                texts, usage, profile.name(), completion.choices().get(0).openAiFinishReason(), false);
    }

    /**
     * Explains how the model would answer a request, without counting a call, waiting or injecting faults.
     *
     * @param request the request
     * @return what the model recognised, the probability of a correct answer and each choice's correctness
     */
    public SimDecision explain(LmRequest request) {
        return engine.complete(SimRequest.of(profile.name(), request), profile, null)
                .decision();
    }

    /**
     * Streams the first choice in several small deltas, then the whole response.
     *
     * @param request the messages and settings
     * @return the events
     */
    @Override
    public Flow.Publisher<StreamEvent> stream(LmRequest request) {
        return subscriber -> {
            SubmissionPublisher<StreamEvent> publisher = new SubmissionPublisher<>();
            publisher.subscribe(subscriber);
            // the publisher carries the outcome to the subscriber, errors included
            var unused = CompletableFuture.runAsync(() -> {
                try {
                    LmResponse response = complete(request);
                    for (String piece : TextChunks.split(response.text())) {
                        publisher.submit(new StreamEvent.Delta(piece));
                    }
                    publisher.submit(new StreamEvent.End(response));
                    publisher.close();
                } catch (RuntimeException failure) {
                    publisher.closeExceptionally(failure);
                }
            });
        };
    }

    /**
     * Everything: JSON mode, structured outputs and streaming.
     *
     * @return {@link ModelCapabilities#FULL}
     */
    @Override
    public ModelCapabilities capabilities() {
        return ModelCapabilities.FULL;
    }

    @Override
    public String toString() {
        return "SimulatedModel(" + profile.name() + ", " + tasks.size() + " tasks)";
    }

    /** Configures a {@link SimulatedModel}. */
    public static final class Builder {
        private SimModelProfile profile = SimModelProfile.MEDIUM;
        private final List<SimTask> tasks = new ArrayList<>();
        private final List<Fault> faults = new ArrayList<>();
        private long seed = DEFAULT_SEED;
        private double latencyScale;
        private @Nullable Duration fixedLatency;
        private Duration hangTimeout = DEFAULT_HANG_TIMEOUT;

        private Builder() {}

        /**
         * Sets the model (default {@link SimModelProfile#MEDIUM}).
         *
         * @param value the profile
         * @return this builder
         */
        public Builder model(SimModelProfile value) {
            this.profile = Objects.requireNonNull(value, "model");
            return this;
        }

        /**
         * Adds a task the model knows; without any, it knows the built-in tasks ({@link SimTasks#builtIns()}).
         *
         * @param value the task
         * @return this builder
         */
        public Builder task(SimTask value) {
            tasks.add(Objects.requireNonNull(value, "task"));
            return this;
        }

        /**
         * Adds tasks the model knows.
         *
         * @param values the tasks
         * @return this builder
         */
        public Builder tasks(List<SimTask> values) {
            values.forEach(this::task);
            return this;
        }

        /**
         * Sets the seed of every draw (default {@value SimulatedModel#DEFAULT_SEED}).
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Adds a fault, counted over this model's calls.
         *
         * @param value the fault
         * @return this builder
         */
        public Builder fault(Fault value) {
            faults.add(Objects.requireNonNull(value, "fault"));
            return this;
        }

        /**
         * Scales the profile's latency: 1 waits as long as the profile says, 0 (the default in
         * process) never waits.
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder latencyScale(double value) {
            this.latencyScale = LatencyModel.checkScale(value);
            return this;
        }

        /**
         * Waits this long for every answer instead of the profile's latency.
         *
         * @param value the latency
         * @return this builder
         */
        public Builder fixedLatency(Duration value) {
            this.fixedLatency = LatencyModel.checkFixed(Objects.requireNonNull(value, "fixedLatency"));
            return this;
        }

        /**
         * How long a call struck by {@link Fault#hang()} waits before failing with a timeout.
         *
         * @param value the wait
         * @return this builder
         */
        public Builder hangTimeout(Duration value) {
            if (Objects.requireNonNull(value, "hangTimeout").isNegative()) {
                throw new IllegalArgumentException("hangTimeout must not be negative, got " + value);
            }
            this.hangTimeout = value;
            return this;
        }

        /**
         * Builds the model.
         *
         * @return the model
         */
        public SimulatedModel build() {
            return new SimulatedModel(this);
        }
    }

    /**
     * What a response cost at the profile's prices: zero for one a cache answered.
     *
     * @param response the response
     * @return the cost in dollars
     */
    @Override
    public BigDecimal costOf(LmResponse response) {
        return response.cached() ? BigDecimal.ZERO : BigDecimal.valueOf(profile.costUsd(response.usage()));
    }
}
