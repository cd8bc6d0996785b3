package dev.dspj.sim;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How long the simulated model takes: the profile's latency times a scale, or one fixed latency
 * for every response (throughput benchmarks). A scale of 0 and no fixed latency means no delay.
 *
 * @param scale the factor applied to the profiles' latencies, at least 0
 * @param fixed a latency that replaces the profiles' (not scaled), or null
 */
record LatencyModel(double scale, @Nullable Duration fixed) {

    LatencyModel {
        checkScale(scale);
        if (fixed != null) {
            checkFixed(fixed);
        }
    }

    static double checkScale(double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("latencyScale must be a finite number >= 0, got " + scale);
        }
        return scale;
    }

    static Duration checkFixed(Duration fixed) {
        if (fixed.isNegative()) {
            throw new IllegalArgumentException("fixedLatency must not be negative, got " + fixed);
        }
        return fixed;
    }

    /** The whole time to answer with {@code completionTokens} tokens. */
    Duration total(SimModelProfile profile, long completionTokens) {
        return fixed != null ? fixed : scaled(profile.latency(completionTokens));
    }

    /** The time before the first token. */
    Duration firstToken(SimModelProfile profile) {
        return fixed != null ? fixed : scaled(Duration.ofMillis(profile.fixedLatencyMillis()));
    }

    /** The time to generate {@code tokens} more tokens (zero under a fixed latency). */
    Duration perTokens(SimModelProfile profile, long tokens) {
        if (fixed != null || scale == 0) {
            return Duration.ZERO;
        }
        return scaled(Duration.ofNanos(Math.round(profile.millisPerOutputToken() * tokens * 1_000_000.0)));
    }

    private Duration scaled(Duration duration) {
        return scale == 0 ? Duration.ZERO : Duration.ofNanos(Math.round(duration.toNanos() * scale));
    }
}
