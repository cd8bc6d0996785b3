package dev.dspj.sim;

import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds which task example a user message asks about, by the input values it shows: first by the
 * fields the message names (Chat sections or XML blocks), then, for prompts in other shapes, by
 * every input value appearing in the message. Values are compared in canonical form
 * ({@link TextNormalizer}).
 */
final class TaskIndex {

    /**
     * A recognised example.
     *
     * @param task the task
     * @param example the example
     */
    record Match(SimTask task, SimExample example) {}

    private record Entry(SimTask task, Map<String, SimExample> byKey, List<NormalizedExample> normalized) {}

    private record NormalizedExample(SimExample example, List<String> values) {}

    private final List<Entry> entries = new ArrayList<>();

    TaskIndex(List<SimTask> tasks) {
        for (SimTask task : tasks) {
            Map<String, SimExample> byKey = new HashMap<>();
            List<NormalizedExample> normalized = new ArrayList<>(task.size());
            for (SimExample example : task.examples()) {
                List<String> values = new ArrayList<>();
                for (String field : task.inputFields()) {
                    values.add(TextNormalizer.normalize(
                            Objects.requireNonNull(example.inputs().get(field), "an example's input field")));
                }
                byKey.putIfAbsent(String.join("\u0001", values), example);
                normalized.add(new NormalizedExample(example, values));
            }
            entries.add(new Entry(task, byKey, normalized));
        }
    }

    /**
     * A demo shown before the last user message: a user turn about a known example, and the
     * assistant's answer after it.
     *
     * @param match the example the user turn shows
     * @param prompt the user turn
     * @param answer the assistant's answer
     */
    record Demo(Match match, String prompt, String answer) {}

    /**
     * The demos among the messages before {@code lastUser}, in order: each user message followed by
     * an assistant message, when the user message shows an example this index knows.
     */
    List<Demo> demos(List<ChatMessage> messages, int lastUser) {
        List<Demo> demos = new ArrayList<>();
        for (int i = 0; i + 1 < lastUser; i++) {
            if (messages.get(i).role() != Role.USER || messages.get(i + 1).role() != Role.ASSISTANT) {
                continue;
            }
            Optional<Match> demo = find(messages.get(i).content());
            if (demo.isPresent()) {
                demos.add(new Demo(
                        demo.get(),
                        messages.get(i).content(),
                        messages.get(i + 1).content()));
            }
        }
        return demos;
    }

    /** The example a user message shows, if it shows one. */
    Optional<Match> find(String userMessage) {
        String body = withoutOutputReminder(userMessage);
        Map<String, String> shown = FieldExtractor.inputs(body);
        for (Entry entry : entries) {
            List<String> values = new ArrayList<>();
            for (String field : entry.task().inputFields()) {
                String value = shown.get(field);
                if (value == null) {
                    break;
                }
                values.add(TextNormalizer.normalize(value));
            }
            if (values.size() == entry.task().inputFields().size()) {
                SimExample example = entry.byKey().get(String.join("\u0001", values));
                if (example != null) {
                    return Optional.of(new Match(entry.task(), example));
                }
            }
        }
        String whole = TextNormalizer.normalize(body);
        for (Entry entry : entries) {
            for (NormalizedExample candidate : entry.normalized()) {
                if (containsAll(whole, candidate.values())) {
                    return Optional.of(new Match(entry.task(), candidate.example()));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean containsAll(String text, List<String> values) {
        for (String value : values) {
            if (value.isEmpty() || !text.contains(value)) {
                return false;
            }
        }
        return true;
    }

    /** The message without the adapters' closing "Respond with ..." paragraph, which would join the last input's section. */
    static String withoutOutputReminder(String message) {
        int reminder = message.lastIndexOf("\n\nRespond with ");
        return reminder < 0 ? message : message.substring(0, reminder);
    }
}
