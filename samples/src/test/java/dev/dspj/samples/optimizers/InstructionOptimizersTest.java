package dev.dspj.samples.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The instruction optimizers' sample: each of the four (MIPROv2 twice: one trial at a time and four
 * at once) improves the bare program; the table is printed.
 */
class InstructionOptimizersTest {

    @Test
    void everyOptimizerImprovesTheBareProgramAndTheTableComparesThem() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        InstructionOptimizers.Result result =
                InstructionOptimizers.run(new PrintStream(captured, true, StandardCharsets.UTF_8), 0, 0.0);
        String printed = captured.toString(StandardCharsets.UTF_8);

        assertEquals(5, result.rows().size());
        for (InstructionOptimizers.Row row : result.rows()) {
            assertTrue(row.devScore() > result.baseline() + 0.05, row + " vs baseline " + result.baseline());
            assertTrue(row.calls() > 0 && row.costUsd() > 0, row.toString());
            assertTrue(printed.contains(row.optimizer()), printed);
        }
        InstructionOptimizers.Row mipro = result.rows().get(1);
        InstructionOptimizers.Row gepa = result.rows().get(4);
        assertTrue(mipro.devScore() >= 0.9 * result.ceiling(), mipro + " vs ceiling " + result.ceiling());
        assertTrue(
                gepa.devScore() >= 0.9 * result.instructionsOnlyCeiling(),
                gepa + " vs instructions-only ceiling " + result.instructionsOnlyCeiling());
        assertTrue(printed.contains("dev score") && printed.contains("wall time"), printed);
    }
}
