package dev.dspj.samples.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The agent sample: a calculator agent gets better with demos and instructions, up to its known ceilings. */
class ToolAgentTest {

    @Test
    void theAgentImprovesWithDemosTowardTheKnownCeiling() {
        ToolAgent.Scores scores = ToolAgent.run();
        assertEquals(0.54, scores.zeroShot(), 1e-9, "the figure docs/benchmarks.md gives");
        assertEquals(0.77, scores.optimized(), 1e-9, "the figure docs/benchmarks.md gives");
        assertEquals(0.93, scores.mipro(), 1e-9, "the figure docs/benchmarks.md gives");
        assertEquals(0.85, scores.gepa(), 1e-9, "the figure docs/benchmarks.md gives");
        assertEquals(0.972, scores.ceiling(), 5e-4);
        assertEquals(0.867, scores.instructionsCeiling(), 5e-4);
        assertTrue(scores.mipro() >= 0.9 * scores.ceiling(), "MIPROv2 reaches 90% of the known ceiling");
        assertTrue(scores.gepa() >= 0.9 * scores.instructionsCeiling(), "GEPA reaches 90% of what instructions can");
        assertTrue(scores.example().contains("evaluate{\"expression\":"), scores.example());
    }
}
