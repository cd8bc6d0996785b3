package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.execution.CallBudgetExceededException;
import dev.dspj.execution.Meter;
import dev.dspj.execution.RunRecord;
import dev.dspj.study.StudyStore;
import dev.dspj.variable.Configuration;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordTest {

    private static Configuration step(String kind, int index) {
        return Configuration.builder().put("kind", kind).put("index", index).build();
    }

    @Test
    void aRestartedRunGetsEveryFinishedStepBackWithoutComputingIt(@TempDir Path dir) {
        Path file = dir.resolve("runs.db");
        AtomicInteger work = new AtomicInteger();
        try (StudyStore store = StudyStore.sqlite(file)) {
            RunRecord record = RunRecord.in(store, "copro-1");
            assertEquals("be brief", record.text(step("propose", 0), () -> {
                work.incrementAndGet();
                return "be brief";
            }));
            assertEquals(0.75, record.score(step("score", 0), () -> {
                work.incrementAndGet();
                return 0.75;
            }));
            assertEquals(
                    3,
                    record.json(step("per-example", 0), () -> {
                                work.incrementAndGet();
                                return "[1, 0, 1]";
                            })
                            .size());
            record.note(step("accepted", 0), "{\"candidate\": 0}");
            assertThrows(
                    IllegalStateException.class,
                    () -> record.score(step("score", 1), () -> {
                        throw new IllegalStateException("the model is down");
                    }));
            assertEquals(4, record.computed());
            assertEquals(3, work.get());
        }
        try (StudyStore store = StudyStore.sqlite(file)) {
            RunRecord resumed = RunRecord.in(store, "copro-1");
            assertEquals("be brief", resumed.text(step("propose", 0), () -> "something else"));
            assertEquals(0.75, resumed.score(step("score", 0), () -> 0.0));
            assertEquals(
                    1, resumed.json(step("per-example", 0), () -> "[]").get(1).asInt() + 1);
            assertEquals(0.5, resumed.score(step("score", 1), () -> 0.5), "a failed step is computed again");
            assertEquals(3, resumed.replayed());
            assertEquals(1, resumed.computed());
            assertEquals(5, resumed.steps().size());
            RunRecord other = RunRecord.in(store, "copro-2");
            assertEquals(0.1, other.score(step("score", 0), () -> 0.1), "runs do not share steps");
        }
    }

    @Test
    void aRecordOnASqliteFileOpensAndClosesItsOwnStore(@TempDir Path dir) {
        Path file = dir.resolve("own-runs.db");
        try (RunRecord record = RunRecord.sqlite(file, "gepa-1")) {
            assertEquals(0.25, record.score(step("score", 0), () -> 0.25));
        }
        try (RunRecord resumed = RunRecord.sqlite(file, "gepa-1")) {
            assertEquals(0.25, resumed.score(step("score", 0), () -> 0.9), "replayed from the file");
            assertEquals(1, resumed.replayed());
        }
    }

    @Test
    void aDollarBudgetIsNeverPassed() {
        Meter meter = new Meter(0, 0.01, dev.dspj.lm.usage.PriceTable.defaults());
        dev.dspj.lm.LanguageModel model = meter.wrap(dev.dspj.sim.SimulatedModel.of("sim-large"));
        dev.dspj.module.Predict predict = QaFixture.student(model);
        // the meter reserves a call's worst case: its prompt plus maxTokens of completion
        predict.setSettings(predict.settings().withMaxTokens(100));
        int answered = 0;
        CallBudgetExceededException refused = null;
        for (dev.dspj.primitives.Example example : QaFixture.dev(100)) {
            try {
                predict.forward(example.inputs());
                answered++;
            } catch (CallBudgetExceededException e) {
                refused = e;
                break;
            }
        }
        assertTrue(
                refused != null && refused.getMessage().contains("cost budget of $0.0100"),
                refused + " after " + answered);
        assertTrue(answered > 0);
        double spent = meter.total().costUsd().doubleValue();
        assertTrue(spent <= 0.01 && spent > 0.008, "spent $" + spent + " of $0.01 in " + answered + " calls");
    }
}
