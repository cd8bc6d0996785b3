package dev.dspj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.samples.optimizers.InstructionOptimizers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The instruction-optimizer benchmark's table: medians and ranges per optimizer over seeds. */
class InstructionOptimizersBenchTest {

    @Test
    void theTableGivesEachOptimizersMedianAndRangeOverSeeds() {
        assertEquals("2.000 (1.000–9.000)", InstructionOptimizersBench.spread(new double[] {9, 1, 2}, "%.3f"));
        assertEquals("2.5 (1.0–9.0)", InstructionOptimizersBench.spread(new double[] {9, 1, 2, 3}, "%.1f"));
        List<InstructionOptimizers.Result> results = List.of(
                new InstructionOptimizers.Result(
                        0.2,
                        0.7,
                        0.4,
                        List.of(new InstructionOptimizers.Row("GEPA", 0.38, 400, 0.03, 2000, 1000, "a"))),
                new InstructionOptimizers.Result(
                        0.1,
                        0.7,
                        0.4,
                        List.of(new InstructionOptimizers.Row("GEPA", 0.42, 380, 0.02, 3000, 1000, "b"))));
        String table = InstructionOptimizersBench.table(results, 0.25);
        assertTrue(
                table.contains(
                        "| GEPA | 0.400 (0.380–0.420) | 390 (380–400) | $0.0250 ($0.0200–$0.0300) | 2.5 s (2.0 s–3.0 s) | 1.0 s (1.0 s–1.0 s) | 2.50 (2.00–3.00) |"),
                table);
        assertTrue(table.contains("2 seeds, latency scale 0.25"), table);
    }
}
