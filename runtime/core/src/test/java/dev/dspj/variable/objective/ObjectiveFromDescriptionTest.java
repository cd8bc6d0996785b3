package dev.dspj.variable.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Objective#fromDescription(String)} reads back what {@link Objective#toString()} writes. */
class ObjectiveFromDescriptionTest {

    private static final Measurement MEASURED =
            Measurement.ofScores(new double[] {1, 0, 1, 1}, 0.002, new double[] {100, 200, 300, 400});

    @Test
    void theStandardObjectivesComeBackWholeWithTheirWeight() {
        for (Objective objective : List.of(
                Objective.accuracy(),
                Objective.cost().withWeight(0.5),
                Objective.latency(),
                Objective.latencyP95(),
                Objective.reliability().withWeight(0))) {
            Objective read = Objective.fromDescription(objective.toString());
            assertEquals(objective.name(), read.name());
            assertEquals(objective.direction(), read.direction());
            assertEquals(objective.weight(), read.weight());
            assertEquals(objective.unit(), read.unit());
            assertEquals(objective.value(MEASURED), read.value(MEASURED), objective.name());
            assertEquals(objective.toString(), read.toString());
        }
    }

    @Test
    void aCustomObjectiveComesBackWithoutItsReader() {
        Objective custom = Objective.of("tokens (total)", Direction.MINIMIZE, 0.25, m -> m.promptTokens());
        Objective read = Objective.fromDescription(custom.toString());
        assertEquals("tokens (total)", read.name());
        assertEquals(Direction.MINIMIZE, read.direction());
        assertEquals(0.25, read.weight());
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> read.value(MEASURED));
        assertTrue(error.getMessage().contains("tokens (total)"), error.getMessage());
    }

    @Test
    void otherTextIsRefused() {
        for (String text : List.of(
                "accuracy",
                "accuracy (upward, weight 0.4)",
                "accuracy (maximize, weight heavy)",
                "accuracy (minimize, weight 0.4)")) {
            assertThrows(IllegalArgumentException.class, () -> Objective.fromDescription(text), text);
        }
    }
}
