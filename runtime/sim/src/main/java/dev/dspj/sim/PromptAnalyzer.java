package dev.dspj.sim;

import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a whole prompt: the fields and format asked for, the example asked about, and the demos
 * shown before it (good when they show the gold answer, bad when they show another).
 */
final class PromptAnalyzer {

    private static final String NOT_SUPPLIED = "Not supplied for this";

    private final TaskIndex index;

    PromptAnalyzer(TaskIndex index) {
        this.index = index;
    }

    PromptAnalysis analyze(SimRequest request) {
        List<ChatMessage> messages = new ArrayList<>(request.messages().size());
        for (ChatMessage message : request.messages()) {
            messages.add(new ChatMessage(message.role(), FaultDirectives.strip(message.content())));
        }
        StringBuilder systemText = new StringBuilder();
        int lastUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message.role() == Role.SYSTEM) {
                systemText.append(message.content()).append('\n');
            } else if (message.role() == Role.USER) {
                lastUser = i;
            }
        }
        String system = systemText.toString();
        String user = lastUser < 0 ? "" : messages.get(lastUser).content();
        List<FieldSpec> outputs = PromptReader.outputFields(system, user, request.schema());
        AnswerFormat format = PromptReader.format(system, user, request.format(), outputs);
        Optional<TaskIndex.Match> match = lastUser < 0 ? Optional.empty() : index.find(user);

        int good = 0;
        int bad = 0;
        Map<String, String> shownAnswer = null;
        for (TaskIndex.Demo demo : index.demos(messages, lastUser)) {
            Map<String, String> shown = shownGold(demo.match().example(), demo.answer());
            if (shown.isEmpty()) {
                continue;
            }
            if (agrees(demo.match().example(), shown)) {
                good++;
            } else {
                bad++;
            }
            if (match.isPresent() && demo.match().example().equals(match.get().example()) && shownAnswer == null) {
                shownAnswer = shown;
            }
        }
        boolean reasoning = outputs.stream().anyMatch(FieldSpec::isReasoning);
        int hints = match.map(m -> PromptReader.hintsFound(system, m.task().hints()))
                .orElse(0);
        SimConditions conditions = new SimConditions(good, bad, reasoning, hints, request.effectiveTemperature());
        return new PromptAnalysis(match, outputs, format, conditions, shownAnswer, Draws.promptDigest(messages));
    }

    /** The gold fields a demo's answer shows, skipping the adapters' "Not supplied" placeholders. */
    private static Map<String, String> shownGold(SimExample example, String answer) {
        Map<String, String> all = FieldExtractor.any(answer);
        Map<String, String> shown = new LinkedHashMap<>();
        for (String field : example.gold().keySet()) {
            String value = all.get(field);
            if (value != null && !value.startsWith(NOT_SUPPLIED)) {
                shown.put(field, value);
            }
        }
        return shown;
    }

    static boolean agrees(SimExample example, Map<String, String> shown) {
        for (Map.Entry<String, String> value : shown.entrySet()) {
            String gold = example.gold().get(value.getKey());
            if (gold == null
                    || !TextNormalizer.normalizeAnswer(gold).equals(TextNormalizer.normalizeAnswer(value.getValue()))) {
                return false;
            }
        }
        return true;
    }
}
