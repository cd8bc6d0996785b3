package dev.dspj.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the value of every output field of one answer: the gold value when the answer is
 * correct, a plausible wrong value (another example's gold, or a near miss for numbers) when it
 * is not, a demo's answer when the prompt shows the very same example, and type-appropriate
 * values for fields the task has no gold for.
 */
final class AnswerComposer {

    private static final long[] NUMBER_SLIPS = {1, -1, 2, -2, 10, -10, 100};

    private AnswerComposer() {}

    /**
     * The values of one answer, in output-field order.
     *
     * @param analysis what the prompt asks for
     * @param correct whether this answer holds the gold values
     * @param drawKey the key of this answer's draw, extended to pick wrong values
     */
    static Map<String, String> values(
            PromptAnalysis analysis, List<FieldSpec> outputs, boolean correct, List<Object> drawKey) {
        SimExample example = analysis.match().map(TaskIndex.Match::example).orElse(null);
        SimTask task = analysis.match().map(TaskIndex.Match::task).orElse(null);
        Map<String, String> chosen = new LinkedHashMap<>();
        String primaryField = null;
        for (FieldSpec field : outputs) {
            if (field.isReasoning()) {
                continue;
            }
            String value;
            String gold = example == null ? null : example.gold().get(field.name());
            Map<String, String> shown = analysis.shownAnswer();
            if (shown != null && shown.containsKey(field.name())) {
                value = shown.get(field.name());
            } else if (gold != null) {
                value = correct
                        ? gold
                        : wrongValue(Objects.requireNonNull(task, "a recognised example's task"), field, gold, drawKey);
            } else {
                value = placeholder(field, example != null);
            }
            if (gold != null && primaryField == null) {
                primaryField = field.name();
            }
            chosen.put(field.name(), value);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (FieldSpec field : outputs) {
            values.put(
                    field.name(),
                    field.isReasoning()
                            ? reasoning(example, primaryField, primaryField == null ? null : chosen.get(primaryField))
                            : chosen.get(field.name()));
        }
        return values;
    }

    private static String wrongValue(SimTask task, FieldSpec field, String gold, List<Object> drawKey) {
        String target = TextNormalizer.normalizeAnswer(gold);
        String stripped = gold.strip();
        if (stripped.matches("-?\\d{1,15}")) {
            long slip = NUMBER_SLIPS[Draws.index(NUMBER_SLIPS.length, key(drawKey, "slip", field.name()))];
            return Long.toString(Long.parseLong(stripped) + slip);
        }
        // the task's other gold values, in order, without building the list: every distinct value
        // of a large task was normalized again for each wrong answer
        List<String> values = task.goldValues(field.name());
        List<String> normalized = task.normalizedGoldValues(field.name());
        int others = 0;
        for (String value : normalized) {
            if (!value.equals(target)) {
                others++;
            }
        }
        if (others > 0) {
            int pick = Draws.index(others, key(drawKey, "distractor", field.name()));
            for (int i = 0; i < values.size(); i++) {
                if (!normalized.get(i).equals(target) && pick-- == 0) {
                    return values.get(i);
                }
            }
        }
        List<String> candidates = new ArrayList<>();
        for (String choice : field.choices()) {
            if (!TextNormalizer.normalizeAnswer(choice).equals(target)) {
                candidates.add(choice);
            }
        }
        if (candidates.isEmpty()) {
            return "unknown";
        }
        return candidates.get(Draws.index(candidates.size(), key(drawKey, "distractor", field.name())));
    }

    private static Object[] key(List<Object> drawKey, Object... more) {
        List<Object> parts = new ArrayList<>(drawKey);
        parts.addAll(List.of(more));
        return parts.toArray();
    }

    /** A plausible value for a field the task has no gold value for. */
    static String placeholder(FieldSpec field, boolean recognised) {
        return switch (field.kind()) {
            case FLOAT -> "0.8";
            case INT -> "1";
            case BOOL -> "True";
            case LIST -> "[]";
            case DICT, OBJECT -> "{}";
            case CHOICE ->
                field.choices().isEmpty() ? "unknown" : field.choices().get(0);
            case TEXT -> recognised ? "Based on the input, this is my best assessment." : "unknown";
        };
    }

    private static String reasoning(@Nullable SimExample example, @Nullable String field, @Nullable String value) {
        if (example == null) {
            return "I do not recognise this input, so I answer with my best guess.";
        }
        String subject = example.inputs().values().iterator().next().strip().replaceAll("\\s+", " ");
        if (subject.length() > 80) {
            subject = subject.substring(0, 77) + "...";
        }
        if (field == null) {
            return "The input reads \"" + subject + "\". I consider it carefully before giving the requested fields.";
        }
        return "The input reads \"" + subject + "\". Recalling the relevant facts and checking them against it, the "
                + field + " should be " + value + ".";
    }
}
