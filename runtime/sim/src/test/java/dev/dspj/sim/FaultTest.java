package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fault values, the directive grammar, and content faults configured on the in-process model. */
class FaultTest {

    @Test
    void directivesParseToPerPromptFaults() {
        List<Fault> faults = FaultDirectives.parse("What? #sim-fault:429x2,retry-after=2 and #sim-fault:slow=250ms.");
        assertEquals(
                List.of(
                        Fault.rateLimit(2, Duration.ofSeconds(2)).perPrompt(),
                        Fault.latency(Duration.ofMillis(250)).perPrompt()),
                faults);
        assertEquals(List.of(Fault.serverError(503, 1).perPrompt()), FaultDirectives.parse("#sim-fault:503x1"));
        assertEquals(
                List.of(Fault.missingField("answer").perPrompt()),
                FaultDirectives.parse("#sim-fault:missing-field=answer"));
        assertEquals(
                List.of(Fault.hang().perPrompt(), Fault.truncate().withTimes(3).perPrompt()),
                FaultDirectives.parse("#sim-fault:hang,truncatex3"));
        assertEquals(
                Fault.UNLIMITED, FaultDirectives.parse("#sim-fault:429").get(0).times());
        assertEquals(
                Duration.ofMillis(1500),
                FaultDirectives.parse("#sim-fault:slow=1.5s").get(0).duration().orElseThrow());
        assertEquals(
                "What? and", FaultDirectives.strip("What? #sim-fault:429x2,retry-after=2 and #sim-fault:slow=250ms."));
        assertTrue(FaultDirectives.parse("no directive here").isEmpty());

        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> FaultDirectives.parse("#sim-fault:404"));
        assertTrue(
                unknown.getMessage().contains("\"404\"") && unknown.getMessage().contains("known items"));
        assertThrows(IllegalArgumentException.class, () -> FaultDirectives.parse("#sim-fault:retry-after=2"));
        assertThrows(IllegalArgumentException.class, () -> FaultDirectives.parse("#sim-fault:429x0"));
    }

    @Test
    void faultsValidateAndDescribeThemselves() {
        assertThrows(IllegalArgumentException.class, () -> Fault.serverError(404, 1));
        assertThrows(IllegalArgumentException.class, () -> Fault.rateLimit(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Fault.missingField("not a name"));
        assertThrows(IllegalArgumentException.class, () -> Fault.malformed().withProbability(0));
        Fault fault = Fault.rateLimit(2, Duration.ofSeconds(1)).perPrompt().withProbability(0.5);
        assertEquals(Fault.Kind.RATE_LIMIT, fault.kind());
        assertEquals(429, fault.status());
        assertTrue(fault.isPerPrompt());
        assertEquals("Fault(rate_limit 429 PT1S x2 per prompt p=0.5)", fault.toString());
        assertFalse(Fault.latency(Duration.ofMillis(5)).isError());
    }

    @Test
    void contentFaultsConfiguredOnTheModel() {
        SimExample example = SimPrompts.QA.examples().get(30);
        var signature = SimPrompts.withReasoning(SimPrompts.QA_SIGNATURE);
        List<ChatMessage> messages = SimPrompts.chat(signature, example, List.of());
        LmRequest request = new LmRequest(messages, LmSettings.DEFAULTS);
        LmResponse missing = SimulatedModel.builder()
                .fault(Fault.missingField("answer"))
                .build()
                .complete(request);
        assertTrue(missing.text().contains("[[ ## reasoning ## ]]")
                && !missing.text().contains("[[ ## answer ## ]]"));
        LmResponse truncated =
                SimulatedModel.builder().fault(Fault.truncate()).build().complete(request);
        assertEquals("length", truncated.finishReason());
        SimulatedModel twice =
                SimulatedModel.builder().fault(Fault.malformed().withTimes(2)).build();
        assertEquals(SimEngine.MALFORMED_TEXT, twice.complete(request).text());
        assertEquals(SimEngine.MALFORMED_TEXT, twice.complete(request).text());
        assertTrue(twice.complete(request).text().contains("[[ ## answer ## ]]"));
        twice.resetFaults();
        assertEquals(SimEngine.MALFORMED_TEXT, twice.complete(request).text());
    }
}
