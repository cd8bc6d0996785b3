package dev.dspj.study;

import dev.dspj.variable.Configuration;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A search worker run in its own JVM by the two-process tests: it claims the configurations of a
 * shared list in order, "evaluates" each one it gets (printing {@code evaluated <index>}) and
 * completes it. After its first evaluation it waits until the other worker has completed one, so
 * that both take part however fast either JVM starts.
 *
 * <p>Arguments: JDBC URL, study name, worker name, number of configurations.
 */
public final class StudyWorkerMain {

    /** The line prefix of each evaluation on standard output. */
    static final String EVALUATED = "evaluated ";

    static final String DESCRIPTION =
            "{\"space\":[{\"name\":\"index\",\"kind\":\"INTEGER\"}],\"objectives\":[\"score\"]}";

    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final long WAIT_FOR_OTHER_MILLIS = 120_000;

    private StudyWorkerMain() {}

    /**
     * Runs one worker.
     *
     * @param args JDBC URL, study name, worker name, number of configurations
     * @throws InterruptedException when interrupted while waiting for the other worker
     */
    public static void main(String[] args) throws InterruptedException {
        String url = args[0];
        String studyName = args[1];
        String worker = args[2];
        int count = Integer.parseInt(args[3]);
        try (StudyStore store = StudyStore.open(url)) {
            Study study = store.study(studyName, DESCRIPTION);
            boolean metOther = false;
            for (int index = 0; index < count; index++) {
                Optional<Trial> claimed = study.claim(configuration(index), worker, LEASE);
                if (claimed.isEmpty()) {
                    continue;
                }
                System.out.println(EVALUATED + index);
                study.complete(claimed.get(), Map.of("score", score(index)), "full", "{\"index\":" + index + "}");
                if (!metOther) {
                    waitForAnotherWorker(study, worker);
                    metOther = true;
                }
            }
        }
        System.out.flush();
    }

    /** The configuration at a position of the shared list. */
    static Configuration configuration(int index) {
        return Configuration.builder()
                .put("index", index)
                .put("prompt", "variant-" + index % 4)
                .build();
    }

    /** The objective value "measured" for a configuration. */
    static double score(int index) {
        return index / 64.0;
    }

    private static void waitForAnotherWorker(Study study, String worker) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_FOR_OTHER_MILLIS;
        while (study.completed().stream().allMatch(trial -> trial.worker().equals(worker))) {
            if (System.currentTimeMillis() > deadline) {
                System.err.println(
                        worker + ": no other worker completed a trial within " + WAIT_FOR_OTHER_MILLIS + " ms");
                System.exit(2);
            }
            Thread.sleep(10);
        }
    }

    /**
     * Starts a worker in a new JVM with this JVM's class path.
     *
     * @return the running process, its output going to the given files
     */
    static Process launch(String url, String study, String worker, int count, Path output, Path errors)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StudyWorkerMain.class.getName());
        command.add(url);
        command.add(study);
        command.add(worker);
        command.add(Integer.toString(count));
        return new ProcessBuilder(command)
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
    }
}
