package dev.dspj.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ScriptedModelTest {

    private static LmRequest request(String text) {
        return new LmRequest(List.of(ChatMessage.user(text)), null);
    }

    @Test
    void repliesInOrderThenFails() {
        ScriptedModel model = ScriptedModel.replying("one", "two");

        assertEquals("one", model.complete(request("a")).text());
        assertEquals("two", model.complete(request("b")).text());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.complete(request("c")));
        assertTrue(e.getMessage().contains("2 were scripted and call 3 was made"), e.getMessage());
        assertEquals(3, model.requests().size());
        assertEquals(request("c"), model.lastRequest());
    }

    @Test
    void answersWithAFunctionOfTheRequest() {
        ScriptedModel model = ScriptedModel.answering(
                        r -> r.messages().get(0).content().toUpperCase(Locale.ROOT))
                .named("echo");

        assertEquals("HELLO", model.complete(request("hello")).text());
        assertEquals("echo", model.modelName());
        assertEquals("echo", model.complete(request("x")).model());
    }

    @Test
    void chatAnswerWritesTheChatFormat() {
        assertEquals(
                "[[ ## answer ## ]]\nParis\n\n[[ ## n ## ]]\n3\n\n[[ ## completed ## ]]",
                ScriptedModel.chatAnswer("answer", "Paris", "n", 3));
        assertThrows(IllegalArgumentException.class, () -> ScriptedModel.chatAnswer("answer"));
    }

    @Test
    void usageIsEstimatedFromCharacters() {
        ScriptedModel model = ScriptedModel.replying("12345678");

        assertEquals(2, model.complete(request("1234")).usage().completionTokens());
        assertEquals(1, model.requests().get(0).messages().size());
        assertEquals(1, model.lastRequest().messages().size());
    }

    @Test
    void lastRequestWithoutCallsFails() {
        assertThrows(IllegalStateException.class, () -> ScriptedModel.replying().lastRequest());
    }

    @Test
    void completeAsyncRunsTheModel() throws Exception {
        ScriptedModel model = ScriptedModel.replying("async");

        assertEquals("async", model.completeAsync(request("q")).get().text());
    }
}
