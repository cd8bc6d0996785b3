package dev.dspj.lm.history;

import dev.dspj.lm.ChatMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The last calls made, newest last, bounded. {@link #global()} sees every call in the JVM;
 * {@link #inspect(int)} prints them the way DSPy's {@code inspect_history} does.
 */
public final class CallHistory {

    /** Calls kept by default. */
    public static final int DEFAULT_CAPACITY = 200;

    private static final CallHistory GLOBAL = new CallHistory(DEFAULT_CAPACITY);

    private final int capacity;
    private final Deque<CallRecord> records = new ArrayDeque<>();

    /**
     * Creates a history.
     *
     * @param capacity the most calls kept, at least 1
     */
    public CallHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * The history of every call in this JVM.
     *
     * @return the global history
     */
    public static CallHistory global() {
        return GLOBAL;
    }

    /**
     * Adds a call, dropping the oldest beyond the capacity.
     *
     * @param record the call
     */
    public synchronized void add(CallRecord record) {
        records.addLast(record);
        while (records.size() > capacity) {
            records.removeFirst();
        }
    }

    /**
     * The last {@code n} calls, oldest first.
     *
     * @param n how many
     * @return the calls
     */
    public synchronized List<CallRecord> last(int n) {
        List<CallRecord> all = new ArrayList<>(records);
        return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /** Forgets every call. */
    public synchronized void clear() {
        records.clear();
    }

    /**
     * The last {@code n} calls, readably: time, model, each message by role, the response, usage,
     * cost, latency and whether the cache answered.
     *
     * @param n how many
     * @return the text
     */
    public String inspect(int n) {
        StringBuilder out = new StringBuilder();
        for (CallRecord call : last(n)) {
            out.append("\n\n[").append(call.time()).append("] ").append(call.model());
            if (call.cacheHit()) {
                out.append(" (cache hit)");
            }
            out.append("\n\n");
            for (ChatMessage message : call.messages()) {
                String role = message.role().wireName();
                out.append(Character.toUpperCase(role.charAt(0)))
                        .append(role.substring(1))
                        .append(" message:\n\n")
                        .append(message.content())
                        .append("\n\n");
            }
            if (call.error() != null) {
                out.append("Error:\n\n").append(call.error()).append("\n");
            }
            for (int i = 0; i < call.outputs().size(); i++) {
                out.append(call.outputs().size() > 1 ? "Response " + (i + 1) + ":\n\n" : "Response:\n\n")
                        .append(call.outputs().get(i))
                        .append("\n\n");
            }
            out.append(String.format(
                    Locale.ROOT,
                    "Usage: %d prompt + %d completion tokens, $%s, %d ms, %d attempt(s)%n",
                    call.usage().promptTokens(),
                    call.usage().completionTokens(),
                    call.costUsd().toPlainString(),
                    call.latency().toMillis(),
                    call.attempts()));
        }
        return out.toString();
    }
}
