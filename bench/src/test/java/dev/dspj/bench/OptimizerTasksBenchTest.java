package dev.dspj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optimizer-by-task table on one seed, two tasks and GEPA with and without tool descriptions. */
class OptimizerTasksBenchTest {

    @Test
    void printsOneRowPerTaskAndOptimizerWithScoresAboveTheBaseline() {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            OptimizerTasksBench.main(new String[] {"1", "sentiment,tool-lookup", "GEPA,GEPA+tools"});
        } finally {
            System.setOut(console);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        List<String[]> rows = output.lines()
                .filter(line -> line.startsWith("| sentiment") || line.startsWith("| tool-lookup"))
                .map(line -> line.split("\\|"))
                .toList();
        assertEquals(
                List.of("sentiment GEPA", "tool-lookup GEPA", "tool-lookup GEPA+tools"),
                rows.stream()
                        .map(cells -> cells[1].strip() + " " + cells[4].strip())
                        .toList(),
                "GEPA+tools runs on tool tasks only\n" + output);
        for (String[] cells : rows) {
            double baseline = Double.parseDouble(cells[2].strip());
            double score = Double.parseDouble(cells[5].strip().split(" ")[0]);
            assertTrue(score > baseline + 0.1, "the optimizer improves on the baseline: " + String.join("|", cells));
        }
    }

    @Test
    void anUnknownTaskIsNamedWithTheKnownOnes() {
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class, () -> OptimizerTasksBench.main(new String[] {"1", "poetry"}));
        assertTrue(error.getMessage().startsWith("no task poetry; tasks: [factoid-qa, sentiment"), error.getMessage());
    }
}
