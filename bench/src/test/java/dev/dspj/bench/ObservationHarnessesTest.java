package dev.dspj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The observation and command harnesses run end to end at a small size and report what they measured. */
class ObservationHarnessesTest {

    @TempDir
    Path dir;

    private static String printedBy(ThrowingRunnable harness) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            harness.run();
        } finally {
            System.setOut(console);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** A harness's main. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void otelEventRoundsMeasuresEveryConfiguration() throws Exception {
        String out = printedBy(() -> OtelEventRounds.main(new String[] {"300", "2", "1"}));
        for (String config : new String[] {"none", "noop", "otelApi", "otel", "otelLean"}) {
            assertTrue(out.contains(config), () -> config + " in\n" + out);
        }
    }

    @Test
    void cliRunBenchRunsTheCommandOverEveryRowAndResumesWithNoCall() throws Exception {
        Path launcher = dir.resolve("dspj");
        Files.writeString(
                launcher,
                "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                        + System.getProperty("java.class.path") + "' dev.dspj.cli.DspjCli \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

        String out = printedBy(() -> CliRunBench.main(new String[] {"60", "5", "8", launcher.toString()}));

        Matcher run = Pattern.compile(
                        "dspj run: 60 rows, 5 ms latency, 8 in flight: .* \\((\\d+) rows/s; (\\d+) calls, (\\d+) lines\\)")
                .matcher(out);
        assertTrue(run.find(), out);
        assertEquals("60", run.group(2));
        assertEquals("60", run.group(3));
        assertTrue(out.contains("the server's own round trip"), out);
        assertTrue(out.contains("resumed over the finished file") && out.contains(", 0 calls"), out);
    }
}
