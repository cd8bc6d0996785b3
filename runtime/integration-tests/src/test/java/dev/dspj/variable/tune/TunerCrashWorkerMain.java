package dev.dspj.variable.tune;

import dev.dspj.study.StudyStore;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.search.SearchStrategy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The process that {@link TunerCrashTest} kills with {@code kill -9}: a grid search over the 24
 * configurations of {@link TunerWorkerMain#SPACE} with four slow trials at once, a 2 s lease renewed
 * every 0.5 s, printing {@code started <configuration JSON>} as each trial starts.
 *
 * <p>Arguments: the JDBC URL, the study name, the worker name.
 */
public final class TunerCrashWorkerMain {

    /** The prefix of a line naming a configuration whose evaluation started. */
    static final String STARTED = "started ";

    static final String STUDY = "crash";
    static final int TRIALS = 24;
    static final int PARALLEL = 4;
    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration HEARTBEAT = Duration.ofMillis(500);
    static final long TRIAL_MILLIS = 300;

    private TunerCrashWorkerMain() {}

    /**
     * Runs the search until the budget is spent (or the process is killed).
     *
     * @param args the JDBC URL, the study name, the worker name
     */
    public static void main(String[] args) {
        try (StudyStore store = StudyStore.open(args[0])) {
            TuningResult result = tuner(store, args[1], args[2], configuration -> {
                        synchronized (System.out) {
                            System.out.println(STARTED + configuration.toJson());
                            System.out.flush();
                        }
                    })
                    .run();
            System.out.println("stopped: " + result.stopReason());
        }
    }

    /**
     * The search both the killed process and the restarted one run.
     *
     * @param store the study store
     * @param study the study's name
     * @param worker the worker's name
     * @param onStart told of each configuration as its evaluation starts
     * @return the tuner
     */
    static Tuner tuner(StudyStore store, String study, String worker, Consumer<Configuration> onStart) {
        return tuner(store, study, worker, onStart, null);
    }

    /**
     * The search both the killed process and the restarted one run, printing progress.
     *
     * @param store the study store
     * @param study the study's name
     * @param worker the worker's name
     * @param onStart told of each configuration as its evaluation starts
     * @param progress where progress lines go; may be null
     * @return the tuner
     */
    static Tuner tuner(
            StudyStore store,
            String study,
            String worker,
            Consumer<Configuration> onStart,
            java.io.PrintStream progress) {
        return Tuner.builder(TunerWorkerMain.SPACE, TrialEvaluator.of(configuration -> {
                    onStart.accept(configuration);
                    try {
                        Thread.sleep(TRIAL_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                    return Measurements.of(0.1 * configuration.getInt("size"), 0.001, 10, 1);
                }))
                .objectives(Objective.accuracy())
                .strategy(SearchStrategy.GRID)
                .budget(Budget.trials(TRIALS))
                .parallelTrials(PARALLEL)
                .lease(LEASE)
                .heartbeat(HEARTBEAT)
                .study(store, study)
                .worker(worker)
                .progress(progress)
                .build();
    }

    /**
     * Starts the search in a new JVM with this JVM's class path.
     *
     * @param url the study store's JDBC URL
     * @param worker the worker name
     * @param output where its output goes
     * @param errors where its errors go
     * @return the process
     * @throws IOException when it cannot start
     */
    static Process launch(String url, String worker, Path output, Path errors) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TunerCrashWorkerMain.class.getName());
        command.add(url);
        command.add(STUDY);
        command.add(worker);
        return new ProcessBuilder(command)
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
    }
}
