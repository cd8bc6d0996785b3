package dev.dspj.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The checks every study store applies to its arguments, and the messages that name what is wrong. */
class StudyArgumentsTest {

    private static String refused(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void namesAndWorkersMustNotBeBlank() {
        assertEquals("study name must not be blank, got: null", refused(() -> StudyArguments.studyName(null)));
        assertEquals("study name must not be blank, got: ' '", refused(() -> StudyArguments.studyName(" ")));
        assertEquals("qa", StudyArguments.studyName("qa"));
        assertEquals("worker must name who runs the trial, got: null", refused(() -> StudyArguments.worker(null)));
        assertEquals("worker must name who runs the trial, got: ''", refused(() -> StudyArguments.worker("")));
    }

    @Test
    void leasesArePositive() {
        assertEquals("lease must be positive, got: PT0S", refused(() -> StudyArguments.leaseMillis(Duration.ZERO)));
        assertEquals(1500, StudyArguments.leaseMillis(Duration.ofMillis(1500)));
    }

    @Test
    void descriptionsAndDetailsMustBeJson() {
        String longText = "x".repeat(100);
        String message = refused(() -> StudyArguments.description("qa", longText));
        assertTrue(
                message.startsWith("description of study 'qa' must be JSON text, got: " + "x".repeat(77) + "... ("),
                message);
        assertEquals(
                "trial details in study 'qa' must be JSON text, got: '   '",
                refused(() -> StudyArguments.details("qa", "   ")));
        assertEquals(null, StudyArguments.details("qa", null), "no details is fine");
        assertEquals("{\"a\": 1}", StudyArguments.details("qa", "{\"a\": 1}"));
    }

    @Test
    void objectiveValuesAreNamedAndFinite() {
        Map<String, Double> blankName = new HashMap<>();
        blankName.put(" ", 1.0);
        assertEquals(
                "objective names in study 'qa' must not be blank",
                refused(() -> StudyArguments.values("qa", blankName)));
        Map<String, Double> nullValue = new HashMap<>();
        nullValue.put("accuracy", null);
        assertEquals(
                "value of objective 'accuracy' in study 'qa' must be a finite number, got: null; record a failed "
                        + "evaluation with fail()",
                refused(() -> StudyArguments.values("qa", nullValue)));
        assertTrue(refused(() -> StudyArguments.values("qa", Map.of("cost", Double.NaN)))
                .contains("must be a finite number, got: NaN"));
    }

    @Test
    void objectiveValuesRoundTripThroughJson() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("accuracy", 0.75);
        values.put("cost", 2.0);
        String json = StudyArguments.valuesJson(values);
        assertEquals("{\"accuracy\":0.75,\"cost\":2.0}", json);
        assertEquals(values, StudyArguments.valuesFromJson(json));
        assertEquals(
                Map.of("calls", 3.0), StudyArguments.valuesFromJson("{\"calls\": 3}"), "integers are read as doubles");
        assertEquals(Map.of(), StudyArguments.valuesFromJson(null));
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> StudyArguments.valuesFromJson("{\"accuracy\": \"high\"}"));
        assertEquals(
                "stored objective values are not a JSON object of numbers: {\"accuracy\": \"high\"}", e.getMessage());
    }

    @Test
    void aFailureWithoutAMessageSaysSo() {
        assertEquals("failed without a message", StudyArguments.error(null));
        assertEquals("failed without a message", StudyArguments.error("  "));
        assertEquals("timeout", StudyArguments.error("timeout"));
    }
}
