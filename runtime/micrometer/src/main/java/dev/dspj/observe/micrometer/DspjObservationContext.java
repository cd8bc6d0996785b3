package dev.dspj.observe.micrometer;

import dev.dspj.observe.CallEnd;
import dev.dspj.observe.CallStart;
import io.micrometer.observation.Observation;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The context of one DSPJ call's observation: handlers and conventions can read the call's start
 * (its kind, name, path, inputs) and, once it ended, its end.
 */
public final class DspjObservationContext extends Observation.Context {

    private final CallStart start;
    private volatile @Nullable CallEnd end;

    /**
     * A context for a call.
     *
     * @param start the call's start
     */
    public DspjObservationContext(CallStart start) {
        this.start = Objects.requireNonNull(start, "start");
    }

    /**
     * The call's start.
     *
     * @return the start
     */
    public CallStart start() {
        return start;
    }

    /**
     * The call's end, once it ended.
     *
     * @return the end, or null while the call runs
     */
    public @Nullable CallEnd end() {
        return end;
    }

    void end(CallEnd value) {
        this.end = value;
    }
}
