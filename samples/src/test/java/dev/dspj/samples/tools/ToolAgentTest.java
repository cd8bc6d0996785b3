package dev.dspj.samples.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The agent sample: a calculator agent gets better with bootstrapped demos, below the known ceiling. */
class ToolAgentTest {

    @Test
    void theAgentImprovesWithDemosTowardTheKnownCeiling() {
        ToolAgent.Scores scores = ToolAgent.run();
        assertEquals(0.54, scores.zeroShot(), 1e-9, "the figure docs/benchmarks.md gives");
        assertEquals(0.77, scores.optimized(), 1e-9, "the figure docs/benchmarks.md gives");
        assertEquals(0.85, scores.mipro(), 1e-9, "the figure docs/benchmarks.md gives");
        assertEquals(0.959, scores.ceiling(), 5e-4);
        assertTrue(scores.example().contains("evaluate{\"expression\":"), scores.example());
    }
}
