package dev.dspj.variable.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import dev.dspj.variable.objective.Measurement;
import dev.dspj.variable.report.SummaryTable;
import dev.dspj.variable.search.SearchStrategy;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A search whose evaluator calls no model reports no model calls. */
class TunerWithoutModelTest {

    @Test
    void plainScoresSpendNoModelCalls() {
        VariableSpace space = VariableSpace.of(Variable.integer("k", 1, 8, 1, 1));
        TuningResult result = Tuner.builder(
                        space, TrialEvaluator.of(c -> Measurement.ofScores(1, 0, c.getInt("k") % 2)))
                .budget(Budget.trials(8))
                .strategy(SearchStrategy.RANDOM)
                .parallelTrials(1)
                .build()
                .run();

        assertEquals(8, result.trials().size());
        assertEquals(0, result.spentCalls());
        String table = SummaryTable.render(result);
        assertTrue(table.contains("no model calls"), table);
        assertFalse(Pattern.compile("\\d model calls").matcher(table).find(), table);
    }

    @Test
    void plainScoresCountNoCallsButKeepTheirCost() {
        Measurement m = Measurement.ofScores(new double[] {1, 0}, 0.5, new double[] {1, 2});
        assertEquals(0, m.calls());
        assertEquals(0, m.spentCalls());
        assertEquals(0.5, m.costPerCall(), 1e-12);
        assertEquals(1.0, m.spentUsd(), 1e-12);
    }
}
