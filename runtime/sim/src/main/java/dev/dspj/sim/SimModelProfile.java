package dev.dspj.sim;

import dev.dspj.primitives.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A simulated model: how competent it is, what it costs and how fast it answers. The three
 * built-in profiles trade accuracy against cost and latency, so multi-objective searches have a
 * real Pareto front.
 *
 * @param name the model name clients ask for, for example {@code sim-small}
 * @param baseLogit the model's competence: the logit of a correct answer on an example of
 *     difficulty 0 with no help (see {@link Competence})
 * @param inputUsdPerMillion price of one million prompt tokens, in US dollars
 * @param outputUsdPerMillion price of one million completion tokens, in US dollars
 * @param fixedLatencyMillis time to the first token, in milliseconds
 * @param millisPerOutputToken generation time per completion token, in milliseconds
 * @param contextWindow the most prompt tokens the model accepts
 */
public record SimModelProfile(
        String name,
        double baseLogit,
        double inputUsdPerMillion,
        double outputUsdPerMillion,
        long fixedLatencyMillis,
        double millisPerOutputToken,
        int contextWindow) {

    /** Weak, cheap and fast. */
    public static final SimModelProfile SMALL = new SimModelProfile("sim-small", -0.5, 0.10, 0.40, 40, 1.0, 16_384);
    /** The middle ground. */
    public static final SimModelProfile MEDIUM = new SimModelProfile("sim-medium", 0.5, 0.50, 2.00, 120, 3.0, 128_000);
    /** Strong, expensive and slow. */
    public static final SimModelProfile LARGE = new SimModelProfile("sim-large", 1.5, 3.00, 12.00, 400, 8.0, 200_000);

    /**
     * Validates the profile.
     *
     * @param name the model name
     * @param baseLogit the competence logit
     * @param inputUsdPerMillion prompt price
     * @param outputUsdPerMillion completion price
     * @param fixedLatencyMillis time to first token
     * @param millisPerOutputToken time per generated token
     * @param contextWindow the most prompt tokens accepted
     */
    public SimModelProfile {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a simulated model needs a non-blank name");
        }
        if (!Double.isFinite(baseLogit)) {
            throw new IllegalArgumentException("baseLogit of " + name + " must be finite, got " + baseLogit);
        }
        if (!(inputUsdPerMillion >= 0) || !(outputUsdPerMillion >= 0)) {
            throw new IllegalArgumentException("prices of " + name + " must not be negative, got input "
                    + inputUsdPerMillion + " and output " + outputUsdPerMillion);
        }
        if (fixedLatencyMillis < 0 || !(millisPerOutputToken >= 0)) {
            throw new IllegalArgumentException("latencies of " + name + " must not be negative, got "
                    + fixedLatencyMillis + " ms + " + millisPerOutputToken + " ms/token");
        }
        if (contextWindow < 1) {
            throw new IllegalArgumentException(
                    "contextWindow of " + name + " must be at least 1, got " + contextWindow);
        }
    }

    /**
     * The built-in profiles, weakest first: {@link #SMALL}, {@link #MEDIUM}, {@link #LARGE}.
     *
     * @return the profiles
     */
    public static List<SimModelProfile> builtIns() {
        return List.of(SMALL, MEDIUM, LARGE);
    }

    /**
     * Finds a built-in profile by name.
     *
     * @param name for example {@code sim-large}
     * @return the profile, if there is one of that name
     */
    public static Optional<SimModelProfile> builtIn(String name) {
        return builtIns().stream().filter(p -> p.name.equals(name)).findFirst();
    }

    /**
     * What a call costs.
     *
     * @param promptTokens tokens in the prompt
     * @param completionTokens tokens generated
     * @return the price in US dollars
     */
    public double costUsd(long promptTokens, long completionTokens) {
        return (promptTokens * inputUsdPerMillion + completionTokens * outputUsdPerMillion) / 1_000_000.0;
    }

    /**
     * What a call costs.
     *
     * @param usage the call's token usage
     * @return the price in US dollars
     */
    public double costUsd(Usage usage) {
        return costUsd(usage.promptTokens(), usage.completionTokens());
    }

    /**
     * How long generating an answer takes, before any time scale: the fixed latency plus the time
     * per output token.
     *
     * @param completionTokens tokens generated
     * @return the latency
     */
    public Duration latency(long completionTokens) {
        return Duration.ofNanos(
                Math.round((fixedLatencyMillis + millisPerOutputToken * completionTokens) * 1_000_000.0));
    }

    /**
     * Returns a copy with another name (to serve the same model under an alias).
     *
     * @param newName the name
     * @return the copy
     */
    public SimModelProfile withName(String newName) {
        return new SimModelProfile(
                newName,
                baseLogit,
                inputUsdPerMillion,
                outputUsdPerMillion,
                fixedLatencyMillis,
                millisPerOutputToken,
                contextWindow);
    }

    /**
     * Returns a copy with another competence.
     *
     * @param value the base logit
     * @return the copy
     */
    public SimModelProfile withBaseLogit(double value) {
        return new SimModelProfile(
                name,
                value,
                inputUsdPerMillion,
                outputUsdPerMillion,
                fixedLatencyMillis,
                millisPerOutputToken,
                contextWindow);
    }
}
