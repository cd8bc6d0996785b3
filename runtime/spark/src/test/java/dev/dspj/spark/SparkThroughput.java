package dev.dspj.spark;

import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Transport;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.module.CallOptions;
import dev.dspj.module.Parallel;
import dev.dspj.module.ParallelResult;
import dev.dspj.sim.SimulatedModelServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rows per second of {@link DspjSpark#apply} on {@code local[N]} against the simulated model at a
 * fixed latency, beside a single-JVM run of the same rows in the same process (the same program and
 * model client settings through {@link Parallel}, with the same number of calls in flight in total:
 * {@code inFlight} per partition times the partitions that run at once), and the ideal bound
 * {@code rows * latency / calls in flight}. "latency/call" is the wall time per row times the calls in
 * flight: the latency a call slot saw, against the simulated latency. Not a test (Surefire runs {@code *Test} classes only).
 *
 * <p>Usage (the class path from {@code dependency:build-classpath}; Spark's JVM options on Java 17,
 * as the module's Surefire configuration has them): {@code java <options> -cp ...
 * dev.dspj.spark.SparkThroughput [rows=100000] [latency ms=50] [inFlight per partition=32]
 * [cores=2] [warm-up rows=5000, run twice each] [single-first|spark-first]}. docs/benchmarks.md ("The dspj command and Spark") has the exact command.
 */
public final class SparkThroughput {

    private static final String KEY = "sk-bench";

    private SparkThroughput() {}

    /** One run's numbers. */
    private record Run(String name, long rows, double seconds, double cpuSeconds, long errors) {}

    /**
     * Runs the benchmark and prints a table.
     *
     * @param args {@code [rows] [latency ms] [inFlight per partition] [cores] [warm-up rows] [order]}
     */
    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int latencyMillis = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int cores = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5_000;
        boolean sparkFirst = args.length > 5 && args[5].equals("spark-first");
        int total = inFlight * cores;
        System.out.printf(
                Locale.ROOT,
                "%d rows, %d ms simulated latency, local[%d] with %d partitions x %d in flight = %d calls in flight; "
                        + "single JVM: Parallel(%d); %s first; load average %.2f, %d processors%n",
                rows,
                latencyMillis,
                cores,
                cores,
                inFlight,
                total,
                total,
                sparkFirst ? "spark" : "single JVM",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        try (SimulatedModelServer server = SimulatedModelServer.builder()
                .fixedLatency(Duration.ofMillis(latencyMillis))
                .requireApiKey(KEY)
                .requestLogCapacity(100)
                .build()
                .start()) {
            SparkSession spark = SparkSession.builder()
                    .master("local[" + cores + "]")
                    .appName("dspj-spark-throughput")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            try {
                DspjSpark program = DspjSpark.program(QaProgram.class)
                        .signature(QaProgram.QA)
                        .model("openai/sim-small")
                        .baseUrl(server.baseUrl())
                        .apiKey(KEY)
                        .cache(false)
                        .transport(Transport.MICRONAUT) // as the single-JVM run's client (Netty 4.2 is here)
                        .inFlight(inFlight);
                HttpLanguageModel model = HttpLanguageModel.builder("openai/sim-small")
                        .baseUrl(server.baseUrl())
                        .apiKey(KEY)
                        .privateLimits(ModelLimits.UNLIMITED)
                        .cache(ResponseCache.none())
                        .build();
                // warm-up: JIT, connection pools, Spark's first job
                single(model, warmup, total, "warm-up");
                spark(spark, program, warmup, cores, "warm-up");
                single(model, warmup, total, "warm-up");
                spark(spark, program, warmup, cores, "warm-up");
                List<Run> runs = new ArrayList<>();
                if (sparkFirst) {
                    Run sparkRun = spark(spark, program, rows, cores, "spark");
                    runs.add(single(model, rows, total, "single"));
                    runs.add(sparkRun);
                } else {
                    runs.add(single(model, rows, total, "single"));
                    runs.add(spark(spark, program, rows, cores, "spark"));
                }
                double ideal = rows * (latencyMillis / 1000.0) / total;
                System.out.printf(
                        Locale.ROOT,
                        "ideal bound: %d rows x %d ms / %d in flight = %.2f s (%.0f rows/s)%n",
                        rows,
                        latencyMillis,
                        total,
                        ideal,
                        rows / ideal);
                System.out.println("run                 rows   errors   wall s    rows/s   wall over ideal/row   "
                        + "latency/call   CPU s   CPU ms/row");
                for (Run run : runs) {
                    System.out.printf(
                            Locale.ROOT,
                            "%-14s %9d %8d %8.2f %9.0f %16.1f µs %11.1f ms %7.2f %10.3f%n",
                            run.name(),
                            run.rows(),
                            run.errors(),
                            run.seconds(),
                            run.rows() / run.seconds(),
                            (run.seconds() - ideal) / run.rows() * 1e6,
                            run.seconds() * total / run.rows() * 1e3,
                            run.cpuSeconds(),
                            run.cpuSeconds() * 1000 / run.rows());
                }
                Run single = runs.get(0);
                Run sparkRun = runs.get(1);
                System.out.printf(
                        Locale.ROOT,
                        "spark / single JVM: wall %.3f, %+.1f µs of wall per row, %+.3f ms of CPU per row%n",
                        sparkRun.seconds() / single.seconds(),
                        (sparkRun.seconds() - single.seconds()) / rows * 1e6,
                        (sparkRun.cpuSeconds() - single.cpuSeconds()) * 1000 / rows);
                System.out.printf(
                        Locale.ROOT,
                        "load average at the end: %.2f%n",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                model.close();
            } finally {
                spark.stop();
            }
        }
    }

    private static Run spark(SparkSession spark, DspjSpark program, int rows, int partitions, String name) {
        Dataset<Row> questions = spark.range(0, rows, 1, partitions)
                .selectExpr("id", "concat('Who wrote the book number ', id, '?') AS question");
        double cpu = cpuSeconds();
        long started = System.nanoTime();
        Dataset<Row> answered = program.apply(questions);
        // one action that reads every output: counts the rows and the failed ones
        Row counts = answered.selectExpr("count(*)", "count(_error)", "count(answer)")
                .first();
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuUsed = cpuSeconds() - cpu;
        if (counts.getLong(0) != rows || counts.getLong(2) + counts.getLong(1) != rows) {
            throw new IllegalStateException(name + ": " + counts + " for " + rows + " rows");
        }
        return new Run(name, rows, seconds, cpuUsed, counts.getLong(1));
    }

    private static Run single(HttpLanguageModel model, int rows, int inFlight, String name) {
        List<Map<String, Object>> inputs = new ArrayList<>(rows);
        for (long id = 0; id < rows; id++) {
            inputs.add(Map.of("question", "Who wrote the book number " + id + "?"));
        }
        double cpu = cpuSeconds();
        long started = System.nanoTime();
        ParallelResult result = new Parallel(inFlight).run(new QaProgram(), inputs, CallOptions.model(model));
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuUsed = cpuSeconds() - cpu;
        long errors = result.outcomes().stream()
                .filter(outcome -> outcome.prediction().isEmpty())
                .count();
        return new Run(name, rows, seconds, cpuUsed, errors);
    }

    private static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }
}
