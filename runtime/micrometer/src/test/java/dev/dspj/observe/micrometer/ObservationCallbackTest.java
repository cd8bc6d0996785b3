package dev.dspj.observe.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.LmResponse;
import dev.dspj.observe.ActiveCall;
import dev.dspj.observe.Callbacks;
import dev.dspj.observe.EventKind;
import dev.dspj.observe.Scope;
import dev.dspj.primitives.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ObservationCallbackTest {

    private final Object program = new Object();
    private final Object model = new Object();
    private final Object tool = new Object();

    /** A program calling a model, then a tool that fails: three nested observations. */
    private void runProgram() {
        ActiveCall outer = Callbacks.start(EventKind.MODULE, "QaProgram", program, Map.of("question", "q"));
        try (Scope ignored = outer.enter()) {
            ActiveCall lm = Callbacks.start(EventKind.LM, "sim/sim-large", model, Map.of());
            lm.end(new LmResponse(List.of("answer"), new Usage(12, 5), "sim-large"));
            ActiveCall lookup = Callbacks.start(EventKind.TOOL, "lookup", tool, Map.of());
            lookup.fail(new IllegalStateException("no such page"));
            ActiveCall cached = Callbacks.start(EventKind.LM, "sim/sim-large", model, Map.of());
            cached.end(new LmResponse(List.of("answer"), new Usage(12, 5), "sim-large").asCached());
        }
        outer.end("done");
    }

    @Test
    void everyCallIsAnObservationNestedUnderItsParent() {
        ObservationRegistry registry = ObservationRegistry.create();
        Recording recording = new Recording();
        registry.observationConfig().observationHandler(recording);
        ObservationCallback callback = new ObservationCallback(registry);
        try (Scope ignored = Callbacks.with(callback)) {
            runProgram();
        }
        assertEquals(0, callback.openObservations());
        List<Observation.Context> contexts = recording.started;
        assertEquals(4, contexts.size());
        assertEquals(4, recording.stopped.size());
        Observation.Context module = contexts.get(0);
        Observation.Context lm = contexts.get(1);
        Observation.Context failed = contexts.get(2);
        assertEquals(ObservationCallback.MODULE, module.getName());
        assertEquals(
                "module",
                module.getLowCardinalityKeyValue(ObservationCallback.KIND).getValue());
        assertEquals(
                "QaProgram",
                module.getLowCardinalityKeyValue(ObservationCallback.NAME).getValue());
        assertNull(module.getParentObservation());

        assertEquals(ObservationCallback.MODEL_CALL, lm.getName());
        assertEquals("chat sim/sim-large", lm.getContextualName());
        assertEquals(
                "sim/sim-large",
                lm.getLowCardinalityKeyValue(ObservationCallback.MODEL).getValue());
        assertEquals(
                "12",
                lm.getHighCardinalityKeyValue(ObservationCallback.INPUT_TOKENS).getValue());
        assertEquals(
                "5",
                lm.getHighCardinalityKeyValue(ObservationCallback.OUTPUT_TOKENS).getValue());
        assertSame(module, lm.getParentObservation().getContextView());

        assertEquals(ObservationCallback.TOOL, failed.getName());
        assertEquals("no such page", failed.getError().getMessage());
        assertSame(module, failed.getParentObservation().getContextView());
        DspjObservationContext dspj = (DspjObservationContext) failed;
        assertTrue(dspj.end().failed());
        assertEquals(EventKind.TOOL, dspj.start().kind());
    }

    @Test
    void tokensAreCountedByTypeAndCachedAnswersAreNot() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Scope ignored = Callbacks.with(new TokenUsageCallback(meters))) {
            runProgram();
        }
        assertEquals(
                12.0,
                meters.get(TokenUsageCallback.METER)
                        .tag(TokenUsageCallback.TOKEN_TYPE, "input")
                        .tag(ObservationCallback.MODEL, "sim/sim-large")
                        .counter()
                        .count());
        assertEquals(
                5.0,
                meters.get(TokenUsageCallback.METER)
                        .tag(TokenUsageCallback.TOKEN_TYPE, "output")
                        .counter()
                        .count());
    }

    @Test
    void aNoopRegistryOpensNothing() {
        ObservationCallback callback = new ObservationCallback(ObservationRegistry.NOOP);
        try (Scope ignored = Callbacks.with(callback)) {
            runProgram();
        }
        assertEquals(0, callback.openObservations());
        assertEquals(
                List.of("gen_ai.client.operation", "dspj.adapter.format", "dspj.adapter.parse", "dspj.evaluate"),
                List.of(
                        ObservationCallback.observationName(EventKind.LM),
                        ObservationCallback.observationName(EventKind.ADAPTER_FORMAT),
                        ObservationCallback.observationName(EventKind.ADAPTER_PARSE),
                        ObservationCallback.observationName(EventKind.EVALUATE)));
    }

    /** A handler recording the observations started and stopped, in order. */
    static final class Recording implements ObservationHandler<Observation.Context> {
        final List<Observation.Context> started = new CopyOnWriteArrayList<>();
        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Observation.Context context) {
            started.add(context);
        }

        @Override
        public void onStop(Observation.Context context) {
            stopped.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }
}
