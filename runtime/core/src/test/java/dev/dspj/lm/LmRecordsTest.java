package dev.dspj.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.primitives.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small value types of the model API: messages, requests, responses and usage. */
class LmRecordsTest {

    @Test
    void chatMessageFactoriesAndRoles() {
        assertEquals(new ChatMessage(Role.SYSTEM, "s"), ChatMessage.system("s"));
        assertEquals(new ChatMessage(Role.USER, "u"), ChatMessage.user("u"));
        assertEquals(new ChatMessage(Role.ASSISTANT, "a"), ChatMessage.assistant("a"));
        assertEquals("system", Role.SYSTEM.wireName());
        assertEquals("user", Role.USER.wireName());
        assertEquals("assistant", Role.ASSISTANT.wireName());
        assertThrows(NullPointerException.class, () -> ChatMessage.user(null));
        assertThrows(NullPointerException.class, () -> new ChatMessage(null, "x"));
    }

    @Test
    void requestCopiesMessagesAndDefaultsSettings() {
        List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.user("hi")));
        LmRequest request = new LmRequest(messages, null);
        messages.add(ChatMessage.user("later"));

        assertEquals(1, request.messages().size());
        assertEquals(LmSettings.DEFAULTS, request.settings());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LmRequest(List.of(), null));
        assertTrue(e.getMessage().contains("at least one message"), e.getMessage());
    }

    @Test
    void responseTextIsTheFirstChoice() {
        LmResponse response = new LmResponse(List.of("first", "second"), null, null);

        assertEquals("first", response.text());
        assertEquals(Usage.NONE, response.usage());
        assertEquals("", response.model());
        assertThrows(IllegalArgumentException.class, () -> new LmResponse(List.of(), Usage.NONE, "m"));
    }

    @Test
    void usageAddsUpAndRejectsNegativeCounts() {
        Usage usage = new Usage(10, 5).plus(new Usage(1, 2));

        assertEquals(new Usage(11, 7), usage);
        assertEquals(18, usage.totalTokens());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Usage(-1, 0));
        assertTrue(e.getMessage().contains("prompt=-1"), e.getMessage());
    }
}
