package dev.dspj.samples.variables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.variable.tune.TrialOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The variable-search sample, small: searches, prints the front, writes the report, resumes. */
class ConfigurationSearchTest {

    @Test
    void searchesPrintsTheFrontWritesTheReportAndResumesFromItsStudy(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ConfigurationSearch.Result first =
                ConfigurationSearch.run(new PrintStream(captured, true, StandardCharsets.UTF_8), dir, 16);
        String printed = captured.toString(StandardCharsets.UTF_8);

        assertEquals(16, first.tuning().trials().size(), first.tuning().stopReason());
        assertTrue(
                first.tuning().failedTrials().isEmpty(),
                first.tuning().failedTrials().toString());
        assertFalse(first.tuning().front().isEmpty());
        assertTrue(first.tuning().front().contains(first.chosen()), "the balanced choice is on the front");
        assertTrue(
                printed.contains("Pareto front")
                        && printed.contains("Chosen (balanced)")
                        && printed.contains("Held-out accuracy"),
                printed);
        // every model of the space was tried and they differ in price as the simulated profiles say
        assertEquals(
                3,
                first.tuning().trials().stream()
                        .map(t -> t.configuration().getString("model"))
                        .distinct()
                        .count());
        String html = Files.readString(first.report());
        assertTrue(html.contains("<svg") && !html.contains("<script src"), "a self-contained report");
        assertTrue(Files.size(first.study()) > 0);

        ConfigurationSearch.Result resumed = ConfigurationSearch.run(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dir, 16);
        assertEquals(16, resumed.tuning().trials().size());
        assertTrue(
                resumed.tuning().trials().stream().allMatch(TrialOutcome::fromEarlierRun),
                "the second run found the study complete and evaluated nothing again");
        assertEquals(first.chosen().configuration(), resumed.chosen().configuration());
    }
}
