package dev.dspj.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A ReAct run's steps so far, as DSPy keeps them: {@code thought_i}, {@code tool_name_i},
 * {@code tool_args_i} and {@code observation_i} in order, shown to the model as {@code [[ ## key
 * ## ]]} blocks. When the prompt outgrows the model's context window the oldest step is dropped
 * ({@link #dropOldestStep}), as DSPy truncates.
 */
public final class Trajectory {

    private final Map<String, String> entries = new LinkedHashMap<>();
    private final List<ReActStep> steps = new ArrayList<>();

    /**
     * {@link #toString()}'s text, kept as steps are added (a trajectory only grows until a step is
     * dropped), so that a step's prompt does not write the whole trajectory again; null when it must
     * be written from the entries.
     */
    private @Nullable String text = "";

    Trajectory() {}

    synchronized void add(int index, ReActStep step, String formattedArgs) {
        String thought = "thought_" + index;
        String toolName = "tool_name_" + index;
        String toolArgs = "tool_args_" + index;
        String observation = "observation_" + index;
        boolean replaced = entries.put(thought, step.thought()) != null;
        replaced |= entries.put(toolName, step.toolName()) != null;
        replaced |= entries.put(toolArgs, formattedArgs) != null;
        replaced |= entries.put(observation, step.observation()) != null;
        steps.add(step);
        String before = text;
        if (replaced || before == null) {
            text = null;
            return;
        }
        StringBuilder after = new StringBuilder(before.length()
                + 128
                + step.thought().length()
                + formattedArgs.length()
                + step.observation().length());
        after.append(before);
        append(after, thought, step.thought());
        append(after, toolName, step.toolName());
        append(after, toolArgs, formattedArgs);
        append(after, observation, step.observation());
        text = after.toString();
    }

    private static void append(StringBuilder text, String key, String value) {
        if (!text.isEmpty()) {
            text.append("\n\n");
        }
        text.append("[[ ## ").append(key).append(" ## ]]\n").append(value);
    }

    /**
     * Removes the oldest step's four entries.
     *
     * @return false when there is no step left to remove
     */
    synchronized boolean dropOldestStep() {
        if (entries.size() < 4) {
            return false;
        }
        var keys = new ArrayList<>(entries.keySet()).subList(0, 4);
        keys.forEach(entries::remove);
        text = null;
        return true;
    }

    /**
     * Every step taken, in order (including those dropped from the prompt).
     *
     * @return an unmodifiable copy
     */
    public synchronized List<ReActStep> steps() {
        return List.copyOf(steps);
    }

    /**
     * The entries the model sees, by key, in order.
     *
     * @return an unmodifiable copy
     */
    public synchronized Map<String, String> asMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /**
     * The trajectory as the {@code trajectory} input shows it: {@code [[ ## key ## ]]} and the value,
     * blocks separated by a blank line; empty before the first step.
     *
     * @return the text
     */
    @Override
    public synchronized String toString() {
        String written = text;
        if (written != null) {
            return written;
        }
        StringBuilder rendered = new StringBuilder();
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            append(rendered, entry.getKey(), entry.getValue());
        }
        written = rendered.toString();
        text = written;
        return written;
    }
}
