package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.optimize.GepaResult.Candidate;
import dev.dspj.optimize.GepaResult.Iteration;
import dev.dspj.optimize.GepaResult.Origin;
import dev.dspj.optimize.GepaResult.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A GEPA run's result read without running GEPA: its scores, fronts, lineage and report. */
class GepaResultTest {

    private static final Candidate SEED = new Candidate(
            0,
            Origin.SEED,
            List.of(),
            null,
            Map.of("qa", "Answer."),
            List.of(),
            Map.of(),
            0,
            List.of(),
            List.of(),
            List.of(),
            List.of(0.5, 0.5),
            4);
    private static final Candidate MUTATION = new Candidate(
            1,
            Origin.MUTATION,
            List.of(0),
            null,
            Map.of("qa", "Answer in one word.\nCheck the spelling."),
            List.of("qa"),
            Map.of(),
            1,
            List.of(0, 1),
            List.of(List.of(0.0, 1.0)),
            List.of(1.0, 1.0),
            List.of(1.0, 0.5),
            10);
    private static final Candidate MERGE = new Candidate(
            2,
            Origin.MERGE,
            List.of(0, 1),
            0,
            Map.of("qa", "Answer in one word.\nCheck the spelling."),
            List.of(),
            Map.of("qa", 1),
            3,
            List.of(1),
            List.of(List.of(1.0), List.of(0.5)),
            List.of(1.0),
            List.of(0.5, 1.0),
            19);

    private static final List<Iteration> ITERATIONS = List.of(
            new Iteration(1, Origin.MUTATION, List.of(0), List.of("qa"), Outcome.ACCEPTED, 1, 2, 1, 6),
            new Iteration(2, Origin.MUTATION, List.of(1), List.of("qa"), Outcome.REJECTED, 2, 1.5, null, 4),
            new Iteration(3, Origin.MERGE, List.of(0, 1), List.of(), Outcome.ACCEPTED, 1.5, 1, 2, 5),
            new Iteration(4, Origin.MUTATION, List.of(1), List.of(), Outcome.SKIPPED_PERFECT, 2, Double.NaN, null, 2));

    private static GepaResult result() {
        return new GepaResult(List.of(SEED, MUTATION, MERGE), ITERATIONS, List.of(), 23, 40, 3, 7, "budget spent");
    }

    @Test
    void scoresFrontsAndLineage() {
        GepaResult result = result();
        assertEquals(1, result.bestIndex(), "the first of the candidates with the best mean");
        assertEquals(List.of(Set.of(1), Set.of(2)), result.perValInstanceBestCandidates());
        assertEquals(List.of(1.0, 1.0), result.highestScorePerValInstance());
        assertEquals(List.of(List.of(0.5, 0.5), List.of(1.0, 0.5), List.of(0.5, 1.0)), result.valSubscores());
        assertEquals(List.of(4L, 10L, 19L), result.discoveryEvalCounts());
        assertEquals(List.of(SEED, MUTATION, MERGE), result.lineage(2));
        assertEquals(Optional.empty(), result.program(1), "no programs were kept");
        assertEquals(1.0, MUTATION.minibatchScoreBefore());
        assertEquals(0.0, SEED.minibatchScoreBefore(), "a seed has no parent minibatch");
        assertEquals(40, result.maxMetricCalls());
        assertEquals(3, result.numFullValEvals());
        assertEquals(7, result.seed());
        assertEquals("GepaResult[3 candidates, best #1 (0.7500), 23 metric calls]", result.toString());
        assertEquals(
                "GEPA: no candidate 3; the pool has candidates 0 to 2",
                assertThrows(IllegalArgumentException.class, () -> result.lineage(3))
                        .getMessage());
    }

    @Test
    void theReportListsCandidatesIterationsAndTheBestLineage() {
        String report = result().report();
        assertEquals(
                "GEPA: 3 candidates, 4 iterations, 23 of 40 metric calls, 3 full validation evaluations, seed 7; "
                        + "budget spent",
                report.lines().findFirst().orElseThrow());
        assertTrue(report.contains("best: #1 with validation score 0.7500 (seed #0: 0.5000)"), report);
        assertTrue(
                report.contains("  #1   mutation of #0 at iteration 1, rewrote qa; minibatch 1 -> 2 of 2; validation "
                        + "0.7500 (+0.2500 over its best parent), found after 10 metric calls\n"
                        + "      qa: \"Answer in one word.\\nCheck the spelling.\"\n"),
                report);
        assertTrue(
                report.contains(
                        "  #2   merge of #0+#1 via ancestor #0 at iteration 3 (qa from #1); subsample 1/0.50 -> "
                                + "1 of 1; validation 0.7500 (+0.0000 over its best parent)"),
                report);
        assertTrue(
                report.contains("Iterations: accepted=2 rejected=1 skipped_perfect=1 no_proposal=0 budget_spent=0\n"),
                report);
        assertTrue(
                report.contains("    2 mutation from #1        qa               rejected        2 -> 1.50, 4 calls"),
                report);
        assertTrue(
                report.contains("    3 merge    from #0+#1                      accepted        1.50 -> 1 as #2"),
                report);
        assertTrue(
                report.contains("    4 mutation from #1                         skipped_perfect minibatch 2, 2 calls"),
                report);
        assertTrue(
                report.endsWith("Lineage of candidate #1 (2 generations):\n"
                        + "  #0   seed (the student); validation 0.5000, found after 4 metric calls\n"
                        + "  #1   mutation of #0 at iteration 1, rewrote qa; minibatch 1 -> 2 of 2; validation 0.7500 "
                        + "(+0.2500 over its best parent), found after 10 metric calls\n"),
                report);
        assertEquals(
                "Lineage of candidate #0 (1 generation):\n"
                        + "  #0   seed (the student); validation 0.5000, found after 4 metric calls\n",
                result().lineageReport(0));
    }

    @Test
    void aRunThatScoredNothingSaysSo() {
        GepaResult empty = new GepaResult(List.of(), List.of(), List.of(), 0, 10, 0, 1, "the seed failed");
        assertEquals(
                "GEPA: no candidate was scored (the seed failed)",
                assertThrows(IllegalStateException.class, empty::best).getMessage());
        assertTrue(empty.report().endsWith("; the seed failed\nno candidate was scored\n"), empty.report());
        assertEquals("GepaResult[0 candidates, best #-1, 0 metric calls]", empty.toString());
    }
}
