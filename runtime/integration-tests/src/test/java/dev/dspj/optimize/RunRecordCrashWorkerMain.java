package dev.dspj.optimize;

import dev.dspj.execution.RunRecord;
import dev.dspj.study.StudyStore;
import dev.dspj.variable.Configuration;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The optimizer-like run that {@link RunRecordCrashTest} kills with {@code kill -9}: twelve slow
 * durable score steps, three at a time, in a {@link RunRecord} with a 2 s lease renewed every
 * 0.5 s, printing {@code computing <index>} as each computation starts.
 *
 * <p>Arguments: the JDBC URL.
 */
public final class RunRecordCrashWorkerMain {

    static final String COMPUTING = "computing ";
    static final String RECORD = "crash-run";
    static final int STEPS = 12;
    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration HEARTBEAT = Duration.ofMillis(500);
    static final long STEP_MILLIS = 300;
    /**
     * Steps from the fifth on take this long, so a step the test sees running is still running when
     * the kill lands, however loaded the machine is (the test polls, then kills).
     */
    static final long SLOW_STEP_MILLIS = 1500;

    private RunRecordCrashWorkerMain() {}

    /**
     * Runs every step (or is killed first).
     *
     * @param args the JDBC URL
     * @throws Exception when a step fails
     */
    public static void main(String[] args) throws Exception {
        try (StudyStore store = StudyStore.open(args[0])) {
            run(RunRecord.in(store, RECORD).leases(LEASE, HEARTBEAT), index -> {
                synchronized (System.out) {
                    System.out.println(COMPUTING + index);
                    System.out.flush();
                }
            });
        }
    }

    /** The step named by its index. */
    static Configuration step(int index) {
        return Configuration.builder()
                .put("kind", "score")
                .put("candidate", index)
                .build();
    }

    /**
     * Asks the record for every step's score, three steps at a time.
     *
     * @param record the run record
     * @param onCompute told of each step computed (not replayed)
     * @return the scores by index
     * @throws Exception when a step fails
     */
    static double[] run(RunRecord record, IntConsumer onCompute) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Double>> scores = new ArrayList<>();
            for (int i = 0; i < STEPS; i++) {
                int index = i;
                scores.add(pool.submit(() -> record.score(step(index), () -> {
                    onCompute.accept(index);
                    try {
                        Thread.sleep(index < 4 ? STEP_MILLIS : SLOW_STEP_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return index / (double) STEPS;
                })));
            }
            double[] values = new double[STEPS];
            for (int i = 0; i < STEPS; i++) {
                values[i] = scores.get(i).get();
            }
            return values;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Starts the run in a new JVM with this JVM's class path.
     *
     * @param url the store's JDBC URL
     * @param output where its output goes
     * @param errors where its errors go
     * @return the process
     * @throws IOException when it cannot start
     */
    static Process launch(String url, Path output, Path errors) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RunRecordCrashWorkerMain.class.getName());
        command.add(url);
        return new ProcessBuilder(command)
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
    }
}
