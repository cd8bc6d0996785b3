package dev.dspj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimCommandTest {

    @Test
    void servesTheSimulatedModelUntilStopped() throws Exception {
        SimCommand command = new SimCommand();
        StringWriter out = new StringWriter();
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(() -> line.execute("--port", "0", "--latency-scale", "0"));
        Matcher url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/v1)").matcher("");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!url.reset(out.toString()).find()) {
            assertTrue(System.nanoTime() < deadline, "no URL printed: " + out);
            Thread.sleep(20);
        }
        HttpResponse<String> models = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url.group(1) + "/models"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, models.statusCode());
        assertTrue(models.body().contains("sim-medium"), models.body());
        assertTrue(out.toString().contains("factoid-qa"), out::toString);

        command.stop.countDown();
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aBadPortOrAMissingKeyVariableIsNamed() {
        CliRun port = CliRun.of("sim", "--port", "70000");
        assertEquals(DspjCli.USAGE, port.exitCode());
        assertTrue(port.err().contains("--port must be between 0 and 65535, got 70000"), port::toString);

        CliRun key = CliRun.of("sim", "--port", "0", "--api-key-env", "DSPJ_TEST_NO_SUCH_VARIABLE");
        assertEquals(DspjCli.USAGE, key.exitCode());
        assertTrue(
                key.err().contains("--api-key-env DSPJ_TEST_NO_SUCH_VARIABLE: the variable is not set"), key::toString);

        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("run") && help.out().contains("optimize"), help::toString);
        CliRun unknown = CliRun.of("frobnicate");
        assertEquals(DspjCli.USAGE, unknown.exitCode());
    }
}
