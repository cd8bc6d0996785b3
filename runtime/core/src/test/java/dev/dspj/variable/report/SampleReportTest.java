package dev.dspj.variable.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dspj.variable.tune.TuningResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Writes the sample search's report and summary to {@code target/variable-report/} so a person
 * can open them (the HTML is also what the documentation's screenshot shows).
 */
class SampleReportTest {

    static final Path DIRECTORY = Path.of("target", "variable-report");

    @Test
    void writesTheSampleReportAndSummary() throws IOException {
        TuningResult result = SampleResults.search();
        Path html = DIRECTORY.resolve("sample-report.html");
        HtmlReport.write(result, html);
        Path text = DIRECTORY.resolve("sample-summary.txt");
        Files.writeString(text, SummaryTable.render(result), StandardCharsets.UTF_8);
        assertEquals(HtmlReport.render(result), Files.readString(html, StandardCharsets.UTF_8));
        assertEquals(SummaryTable.render(result), Files.readString(text, StandardCharsets.UTF_8));
    }
}
