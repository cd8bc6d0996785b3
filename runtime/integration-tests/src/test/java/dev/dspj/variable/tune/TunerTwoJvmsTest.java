package dev.dspj.variable.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dspj.study.StudyStore;
import dev.dspj.study.Trial;
import dev.dspj.study.TrialState;
import dev.dspj.testing.pg.PostgresServer;
import dev.dspj.variable.Configuration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs optimizing against one study split the trials and run none twice. */
class TunerTwoJvmsTest {

    @Test
    void twoJvmsSearchingOnePostgresStudySplitTheTrials(@TempDir Path directory) throws Exception {
        PostgresServer server = PostgresServer.shared();
        String url = server.createDatabase("tuner");
        shareOneStudy(url, directory);
    }

    @Test
    void twoJvmsSearchingOneSqliteStudySplitTheTrials(@TempDir Path directory) throws Exception {
        shareOneStudy("jdbc:sqlite:" + directory.resolve("studies.db"), directory);
    }

    private static void shareOneStudy(String url, Path directory) throws Exception {
        List<String> workers = List.of("jvm-a", "jvm-b");
        List<Process> processes = new ArrayList<>();
        for (String worker : workers) {
            processes.add(TunerWorkerMain.launch(
                    url, "shared", worker, directory.resolve(worker + ".out"), directory.resolve(worker + ".err")));
        }
        List<List<Configuration>> evaluated = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            String worker = workers.get(i);
            Process process = processes.get(i);
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(worker + " did not finish: " + read(directory.resolve(worker + ".err")));
            }
            assertEquals(0, process.exitValue(), () -> worker + " failed: " + read(directory.resolve(worker + ".err")));
            evaluated.add(read(directory.resolve(worker + ".out"))
                    .lines()
                    .filter(line -> line.startsWith(TunerWorkerMain.EVALUATED))
                    .map(TunerWorkerMain::parse)
                    .toList());
        }
        List<Configuration> all = new ArrayList<>(evaluated.get(0));
        all.addAll(evaluated.get(1));
        assertEquals(24, all.size(), "24 evaluations in all: " + evaluated);
        assertEquals(24, new HashSet<>(all).size(), "no configuration evaluated twice");
        assertFalse(evaluated.get(0).isEmpty(), "jvm-a ran some trials");
        assertFalse(evaluated.get(1).isEmpty(), "jvm-b ran some trials");
        assertEquals(new HashSet<>(TunerWorkerMain.SPACE.grid(6)), new HashSet<>(all), "the whole grid");
        try (StudyStore store = StudyStore.open(url)) {
            List<Trial> trials = store.study("shared", "{}").trials();
            assertEquals(24, trials.size());
            Set<String> recordedBy = new HashSet<>();
            for (Trial trial : trials) {
                assertEquals(TrialState.COMPLETE, trial.state());
                assertEquals(1, trial.attempt());
                recordedBy.add(trial.worker());
            }
            assertEquals(Set.copyOf(workers), recordedBy);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
