package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SIMBA's rules join the instructions without repeating what they already say. */
class SimbaTextTest {

    @Test
    void onlyTheSentencesTheInstructionsLackAreAppended() {
        String instructions =
                "Answer the question.\n\nCompare the answer with what the input asks for before replying.";
        assertEquals(
                "Keep the answer to 1-5 words.",
                SimbaText.newSentences(
                        instructions,
                        "Compare the answer with what the input asks for before replying. Keep the answer to 1-5 words."));
        assertEquals(
                "",
                SimbaText.newSentences(
                        instructions, "Compare the answer with what the input asks for before replying."));
        assertEquals("Be brief! Cite nothing?", SimbaText.newSentences(instructions, "  Be brief!   Cite nothing?  "));
    }
}
