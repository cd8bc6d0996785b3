package dev.dspj.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading a field as text, as metrics do. */
class TextAccessorsTest {

    @Test
    void examplesAndPredictionsGiveTheirFieldsAsText() {
        Example gold = Example.of("question", "Capital of France?", "answer", "Paris", "year", 1889);
        assertEquals("Paris", gold.getString("answer"));
        assertEquals("1889", gold.getString("year"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> gold.getString("city"));
        assertTrue(
                missing.getMessage().contains("\"city\"")
                        && missing.getMessage().contains("answer"),
                missing.getMessage());

        Prediction prediction = new Prediction(Map.of("answer", "Paris"), Completion.none());
        assertEquals("Paris", prediction.getString("answer"));
        assertEquals("", prediction.getString("reasoning"), "a missing output reads as empty text");
    }
}
