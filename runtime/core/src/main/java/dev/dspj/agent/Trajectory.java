package dev.dspj.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ReAct run's steps so far, as DSPy keeps them: {@code thought_i}, {@code tool_name_i},
 * {@code tool_args_i} and {@code observation_i} in order, shown to the model as {@code [[ ## key
 * ## ]]} blocks. When the prompt outgrows the model's context window the oldest step is dropped
 * ({@link #dropOldestStep}), as DSPy truncates.
 */
public final class Trajectory {

    private final Map<String, String> entries = new LinkedHashMap<>();
    private final List<ReActStep> steps = new ArrayList<>();

    Trajectory() {}

    synchronized void add(int index, ReActStep step, String formattedArgs) {
        entries.put("thought_" + index, step.thought());
        entries.put("tool_name_" + index, step.toolName());
        entries.put("tool_args_" + index, formattedArgs);
        entries.put("observation_" + index, step.observation());
        steps.add(step);
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
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            text.append("[[ ## ").append(entry.getKey()).append(" ## ]]\n").append(entry.getValue());
        }
        return text.toString();
    }
}
