package dev.dspj.sim;

import dev.dspj.lm.ChatMessage;
import java.util.List;

/**
 * The simulated model's token counts: a deterministic estimate close to real tokenizers on
 * English text, so costs and context limits behave realistically.
 */
public final class SimTokens {

    /** Characters (Unicode code points) per token. */
    public static final int CHARS_PER_TOKEN = 4;
    /** Tokens each message adds for its role and framing. */
    public static final int PER_MESSAGE_OVERHEAD = 4;

    private SimTokens() {}

    /**
     * Tokens of a text: ceil(code points / {@value #CHARS_PER_TOKEN}).
     *
     * @param text the text
     * @return the estimate
     */
    public static long ofText(String text) {
        long chars = text.codePointCount(0, text.length());
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /**
     * Tokens of a prompt: each message's content plus {@value #PER_MESSAGE_OVERHEAD}.
     *
     * @param messages the prompt
     * @return the estimate
     */
    public static long ofMessages(List<ChatMessage> messages) {
        long total = 0;
        for (ChatMessage message : messages) {
            total += ofText(message.content()) + PER_MESSAGE_OVERHEAD;
        }
        return total;
    }
}
