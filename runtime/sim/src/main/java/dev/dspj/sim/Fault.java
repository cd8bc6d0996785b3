package dev.dspj.sim;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A failure the simulated model injects, configured per model on the server or the in-process
 * model builder, or per call with a {@code #sim-fault:} directive in the last user message.
 * Immutable: the {@code withX} methods return changed copies.
 *
 * <p>A fault applies to the first {@link #times()} requests it sees ({@link #UNLIMITED} by
 * default for latency and content faults), counted per model, or per distinct prompt after
 * {@link #perPrompt()}. With {@link #withProbability(double)} each of those requests fails only
 * with that probability, decided by a hash of the prompt and the attempt number, so retries of
 * the same prompt can succeed.
 */
public final class Fault {

    /** Applies to every request. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    /** The {@code Retry-After} of a rate limit when none is given. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    /** The kinds of fault. */
    public enum Kind {
        /** HTTP 429 with {@code Retry-After}. */
        RATE_LIMIT,
        /** HTTP 5xx. */
        SERVER_ERROR,
        /** HTTP 401, a rejected API key. */
        UNAUTHORIZED,
        /** HTTP 400 {@code context_length_exceeded}. */
        CONTEXT_LENGTH,
        /** An extra delay before the answer. */
        LATENCY,
        /** No answer at all: the client's read timeout must fire. */
        HANG,
        /** An answer without any field markers. */
        MALFORMED,
        /** The answer cut mid-way, finish reason {@code length}. */
        TRUNCATE,
        /** The answer without one of its fields. */
        MISSING_FIELD
    }

    private final Kind kind;
    private final int status;
    private final int times;
    private final @Nullable Duration duration;
    private final @Nullable String field;
    private final boolean perPrompt;
    private final double probability;

    private Fault(
            Kind kind,
            int status,
            int times,
            @Nullable Duration duration,
            @Nullable String field,
            boolean perPrompt,
            double probability) {
        this.kind = kind;
        this.status = status;
        this.times = times;
        this.duration = duration;
        this.field = field;
        this.perPrompt = perPrompt;
        this.probability = probability;
    }

    private static Fault of(Kind kind, int status, int times, @Nullable Duration duration, @Nullable String field) {
        if (times < 1) {
            throw new IllegalArgumentException("a fault must apply at least once, got times=" + times);
        }
        return new Fault(kind, status, times, duration, field, false, 1.0);
    }

    /**
     * Rate limiting: HTTP 429 with a {@code Retry-After} header, for the first {@code times} requests.
     *
     * @param times how many requests fail, or {@link #UNLIMITED}
     * @param retryAfter the wait the response asks for (sent in whole seconds, at least 1 unless zero)
     * @return the fault
     */
    public static Fault rateLimit(int times, Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
        }
        return of(Kind.RATE_LIMIT, 429, times, retryAfter, null);
    }

    /**
     * A server error for the first {@code times} requests.
     *
     * @param status 500 to 599 (Anthropic's overload is 529)
     * @param times how many requests fail, or {@link #UNLIMITED}
     * @return the fault
     */
    public static Fault serverError(int status, int times) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("a server error status must be 500-599, got " + status);
        }
        return of(Kind.SERVER_ERROR, status, times, null, null);
    }

    /**
     * HTTP 401 (the API key was rejected), for every request.
     *
     * @return the fault
     */
    public static Fault unauthorized() {
        return of(Kind.UNAUTHORIZED, 401, UNLIMITED, null, null);
    }

    /**
     * HTTP 400 with code {@code context_length_exceeded}, for every request.
     *
     * @return the fault
     */
    public static Fault contextLengthExceeded() {
        return of(Kind.CONTEXT_LENGTH, 400, UNLIMITED, null, null);
    }

    /**
     * An extra delay before every answer (not scaled by the latency scale).
     *
     * @param delay the delay
     * @return the fault
     */
    public static Fault latency(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + delay);
        }
        return of(Kind.LATENCY, 200, UNLIMITED, delay, null);
    }

    /**
     * Never answer: the server holds the connection open until it closes, and the in-process
     * model waits for its hang timeout and then fails with a timeout.
     *
     * @return the fault, for every request
     */
    public static Fault hang() {
        return of(Kind.HANG, 0, UNLIMITED, null, null);
    }

    /**
     * Answer with text that holds no field markers, JSON or tags, for every request.
     *
     * @return the fault
     */
    public static Fault malformed() {
        return of(Kind.MALFORMED, 200, UNLIMITED, null, null);
    }

    /**
     * Cut every answer mid-way, with finish reason {@code length} ({@code max_tokens} for Anthropic).
     *
     * @return the fault
     */
    public static Fault truncate() {
        return of(Kind.TRUNCATE, 200, UNLIMITED, null, null);
    }

    /**
     * Leave a field out of every answer.
     *
     * @param name the field's name
     * @return the fault
     */
    public static Fault missingField(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("\\w+")) {
            throw new IllegalArgumentException("a field name is letters, digits and '_', got \"" + name + "\"");
        }
        return of(Kind.MISSING_FIELD, 200, UNLIMITED, null, name);
    }

    /**
     * Returns a copy that applies to the first {@code value} requests.
     *
     * @param value at least 1, or {@link #UNLIMITED}
     * @return the copy
     */
    public Fault withTimes(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("a fault must apply at least once, got times=" + value);
        }
        return new Fault(kind, status, value, duration, field, perPrompt, probability);
    }

    /**
     * Returns a copy that counts requests per distinct prompt instead of per model: with
     * {@code times=2}, every prompt fails twice and then succeeds.
     *
     * @return the copy
     */
    public Fault perPrompt() {
        return new Fault(kind, status, times, duration, field, true, probability);
    }

    /**
     * Returns a copy that strikes each request it applies to only with some probability
     * (deterministically, from the prompt and the attempt number).
     *
     * @param value in (0, 1]
     * @return the copy
     */
    public Fault withProbability(double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException("a fault probability must be in (0, 1], got " + value);
        }
        return new Fault(kind, status, times, duration, field, perPrompt, value);
    }

    /**
     * The kind.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The HTTP status an error fault answers with (429, 5xx, 401, 400); 200 for the others and 0 for a hang.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * How many requests the fault applies to.
     *
     * @return the count, or {@link #UNLIMITED}
     */
    public int times() {
        return times;
    }

    /**
     * The {@code Retry-After} of a rate limit, or the delay of a latency fault.
     *
     * @return the duration, if the kind has one
     */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /**
     * The field a missing-field fault leaves out.
     *
     * @return the field name, for {@link Kind#MISSING_FIELD}
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /**
     * Whether requests are counted per distinct prompt rather than per model.
     *
     * @return the flag
     */
    public boolean isPerPrompt() {
        return perPrompt;
    }

    /**
     * The probability that a request the fault applies to is struck.
     *
     * @return in (0, 1]
     */
    public double probability() {
        return probability;
    }

    /** Whether the fault answers with an HTTP error instead of a completion. */
    boolean isError() {
        return kind == Kind.RATE_LIMIT
                || kind == Kind.SERVER_ERROR
                || kind == Kind.UNAUTHORIZED
                || kind == Kind.CONTEXT_LENGTH;
    }

    /** Whether the fault changes the answer's text. */
    boolean isContent() {
        return kind == Kind.MALFORMED || kind == Kind.TRUNCATE || kind == Kind.MISSING_FIELD;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fault other
                && kind == other.kind
                && status == other.status
                && times == other.times
                && Objects.equals(duration, other.duration)
                && Objects.equals(field, other.field)
                && perPrompt == other.perPrompt
                && probability == other.probability;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, status, times, duration, field, perPrompt, probability);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Fault(").append(kind.name().toLowerCase(Locale.ROOT));
        if (isError()) {
            s.append(' ').append(status);
        }
        if (duration != null) {
            s.append(' ').append(duration);
        }
        if (field != null) {
            s.append(' ').append(field);
        }
        if (times != UNLIMITED) {
            s.append(" x").append(times);
        }
        if (perPrompt) {
            s.append(" per prompt");
        }
        if (probability < 1) {
            s.append(" p=").append(probability);
        }
        return s.append(')').toString();
    }
}
