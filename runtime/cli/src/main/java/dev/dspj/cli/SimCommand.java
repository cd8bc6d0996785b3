package dev.dspj.cli;

import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimulatedModelServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dspj sim}: serves DSPJ's simulated model (OpenAI- and Anthropic-compatible) on a loopback
 * port until the process is stopped, for trying programs and commands offline.
 */
@Command(
        name = "sim",
        mixinStandardHelpOptions = true,
        description = "Serve DSPJ's simulated model (OpenAI- and Anthropic-compatible, on 127.0.0.1) until stopped.")
final class SimCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli
    CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "" + SimulatedModelServer.DEFAULT_PORT,
            description = "the port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--latency-scale",
            paramLabel = "X",
            defaultValue = "1.0",
            description = "multiplies the models' simulated latency; 0 answers at once (default: ${DEFAULT-VALUE})")
    double latencyScale;

    @Option(
            names = "--latency-ms",
            paramLabel = "MS",
            description = "answer every call after exactly this many milliseconds instead")
    @Nullable
    Long latencyMillis;

    @Option(names = "--seed", paramLabel = "N", description = "the seed of every draw")
    @Nullable
    Long seed;

    @Option(
            names = "--api-key-env",
            paramLabel = "VARIABLE",
            description = "require the key this environment variable holds (as a real provider would)")
    @Nullable
    String apiKeyVariable;

    /** Counted down to stop the server; tests stop it this way. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new CliException("--port must be between 0 and 65535, got " + port);
        }
        if (latencyScale < 0) {
            throw new CliException("--latency-scale must be 0 or more, got " + latencyScale);
        }
        SimulatedModelServer.Builder builder =
                SimulatedModelServer.builder().port(port).latencyScale(latencyScale);
        if (latencyMillis != null) {
            if (latencyMillis < 0) {
                throw new CliException("--latency-ms must be 0 or more, got " + latencyMillis);
            }
            builder.fixedLatency(java.time.Duration.ofMillis(latencyMillis));
        }
        if (seed != null) {
            builder.seed(seed);
        }
        if (apiKeyVariable != null) {
            String key = System.getenv(apiKeyVariable);
            if (key == null || key.isBlank()) {
                throw new CliException("--api-key-env " + apiKeyVariable + ": the variable is not set");
            }
            builder.requireApiKey(key);
        }
        SimulatedModelServer server;
        try {
            server = builder.build().start();
        } catch (RuntimeException e) {
            throw new CliException("cannot serve on port " + port + ": " + DspjCli.describe(e), 1, e);
        }
        Thread hook = new Thread(stop::countDown, "dspj-sim-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        out.println("DSPJ simulated model serving " + server.models().keySet() + " at " + server.baseUrl());
        out.println("tasks: " + server.tasks().stream().map(SimTask::name).toList());
        out.println("try: dspj run --model sim/sim-medium --base-url " + server.baseUrl() + " ...");
        out.flush();
        try {
            stop.await();
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what stopped us
            }
        }
        return 0;
    }
}
