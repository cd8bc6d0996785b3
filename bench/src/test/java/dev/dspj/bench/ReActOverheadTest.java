package dev.dspj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ReAct overhead harness runs every loop to the same answer over the same bytes. */
class ReActOverheadTest {

    @Test
    void bothLoopsSendTheSameThreeRequestsAndAnswerAlike() throws Exception {
        try (ReActOverhead.Variants variants = new ReActOverhead.Variants()) {
            assertEquals(3, variants.bodies.size());
            assertTrue(new String(variants.bodies.get(1), StandardCharsets.UTF_8).contains("observation_0"));
            assertTrue(new String(variants.bodies.get(2), StandardCharsets.UTF_8).contains("reasoning"));
            assertEquals("Lyon", variants.dspj());
            assertEquals("Lyon", variants.dspjToolThread());
            assertEquals("Lyon", variants.handLoop());
            Map<String, List<double[]>> rounds = ReActOverhead.rounds(variants, 5, 2);
            assertEquals(List.of("handLoop", "dspj", "dspjToolThread"), List.copyOf(rounds.keySet()));
            for (List<double[]> perRound : rounds.values()) {
                assertEquals(2, perRound.size());
                assertTrue(perRound.get(0)[0] > 0 && perRound.get(0)[1] >= 0);
            }
        }
    }
}
