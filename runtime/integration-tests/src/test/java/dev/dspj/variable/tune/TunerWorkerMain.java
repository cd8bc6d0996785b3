package dev.dspj.variable.tune;

import dev.dspj.study.StudyStore;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.search.SearchStrategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One process of a search shared by several: runs a {@link Tuner} against the study at a JDBC URL
 * and prints {@code evaluated <configuration JSON>} for each configuration it evaluates itself.
 */
public final class TunerWorkerMain {

    /** The prefix of a line naming an evaluated configuration. */
    static final String EVALUATED = "evaluated ";

    /** 4 x 6 = 24 configurations. */
    static final VariableSpace SPACE = VariableSpace.of(
            Variable.choice("model", List.of("a", "b", "c", "d"), "a"), Variable.integer("size", 1, 6, 1, 1));

    private TunerWorkerMain() {}

    /**
     * Runs the worker.
     *
     * @param args the JDBC URL, the study name, the worker name
     */
    public static void main(String[] args) {
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (StudyStore store = StudyStore.open(args[0])) {
            TuningResult result = Tuner.builder(SPACE, TrialEvaluator.of(c -> {
                        synchronized (System.out) {
                            System.out.println(EVALUATED + c.toJson());
                            System.out.flush();
                        }
                        try {
                            Thread.sleep(40);
                            if (first.getAndSet(false)) {
                                awaitTheOther(store, args[1], args[2]);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return Measurements.of(0.1 * c.getInt("size"), 0.001, 10, 1);
                    }))
                    .objectives(Objective.accuracy())
                    .strategy(SearchStrategy.GRID)
                    .budget(Budget.trials(24))
                    .parallelTrials(1) // so the first trial's wait holds this worker until the other joins
                    .study(store, args[1])
                    .worker(args[2])
                    .build()
                    .run();
            System.out.println("stopped: " + result.stopReason());
        }
    }

    /**
     * Holds this worker's first trial until the other worker has claimed one, so that both take
     * part however their JVMs' start-up times differ.
     */
    private static void awaitTheOther(StudyStore store, String study, String me) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (store.study(study, "{}").trials().stream()
                    .anyMatch(t -> !t.worker().equals(me))) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /**
     * Starts a worker in a new JVM with this JVM's class path.
     *
     * @param url the study store's JDBC URL
     * @param study the study name
     * @param worker the worker name
     * @param output where its output goes
     * @param errors where its errors go
     * @return the process
     * @throws java.io.IOException when it cannot start
     */
    static Process launch(String url, String study, String worker, Path output, Path errors)
            throws java.io.IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TunerWorkerMain.class.getName());
        command.add(url);
        command.add(study);
        command.add(worker);
        return new ProcessBuilder(command)
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
    }

    static Configuration parse(String line) {
        return Configuration.fromJson(line.substring(EVALUATED.length()));
    }
}
