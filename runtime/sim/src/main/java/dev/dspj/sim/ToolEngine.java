package dev.dspj.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.PythonJson;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Answers the prompts of tool-use tasks ({@link ToolSpec}): ReAct steps (in the Chat or JSON
 * format), native function-calling turns, and answers (ReAct's extract step, or a direct
 * question), through {@link ToolCompetence}. Stateless, so thread-safe.
 */
final class ToolEngine {

    /** What one step does. */
    enum Action {
        /** The expected tool with the exact argument. */
        CORRECT_CALL,
        /** The expected tool with a near-miss argument. */
        WRONG_VALUE,
        /** The expected tool with an argument it rejects or finds nothing for. */
        MALFORMED,
        /** The expected tool with the argument under a key it does not have. */
        WRONG_KEY,
        /** Another listed tool. */
        DISTRACTOR_TOOL,
        /** {@code finish} before the right observation. */
        EARLY_FINISH,
        /** A tool name that is not listed. */
        UNKNOWN_TOOL,
        /** {@code finish} once the right observation is in. */
        FINISH,
        /** The right call again, although its observation is in. */
        REPEAT_CALL
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final long seed;
    private final TaskIndex index;

    ToolEngine(long seed, TaskIndex index) {
        this.seed = seed;
        this.index = index;
    }

    /** Answers a request about an example of a tool-use task. */
    SimCompletion complete(
            SimRequest request,
            SimModelProfile profile,
            @Nullable Fault contentFault,
            PromptAnalysis analysis,
            TaskIndex.Match match) {
        SimTask task = match.task();
        SimExample example = match.example();
        ToolSpec spec = Objects.requireNonNull(task.toolSpec(), "a tool-use task's spec");
        List<ChatMessage> messages = new ArrayList<>(request.messages().size());
        StringBuilder systemText = new StringBuilder();
        int lastUser = -1;
        for (ChatMessage message : request.messages()) {
            ChatMessage stripped = new ChatMessage(message.role(), FaultDirectives.strip(message.content()));
            if (stripped.role() == Role.SYSTEM) {
                systemText.append(stripped.content()).append('\n');
            } else if (stripped.role() == Role.USER) {
                lastUser = messages.size();
            }
            messages.add(stripped);
        }
        String system = systemText.toString();
        Map<String, String> sections = lastUser < 0
                ? Map.of()
                : FieldExtractor.chatSections(
                        TaskIndex.withoutOutputReminder(messages.get(lastUser).content()));
        boolean nativeCalls = !request.tools().isEmpty();
        List<ListedTool> listed = nativeCalls ? request.tools() : ToolReading.listedTools(system);
        List<TrajectoryStep> trajectory = nativeCalls ? request.toolTurns() : ToolReading.trajectory(sections);
        String gold = example.gold().values().iterator().next();
        boolean observed = ToolReading.observed(trajectory, gold);
        String digest = nativeCalls ? nativeDigest(analysis.promptDigest(), request) : analysis.promptDigest();
        if (!nativeCalls && !ToolReading.isReactStep(analysis.outputs())) {
            return answer(request, profile, contentFault, analysis, match, observed, digest, false);
        }
        // the whole system message counts: the signature's instructions, ReAct's, an optimizer's additions
        // after the tool list, and the tools' own descriptions
        int hints = PromptReader.hintsFound(system, task.hints());
        ToolConditions conditions = new ToolConditions(0, 0, hints, request.effectiveTemperature());
        if (!nativeCalls) {
            int[] demos = demos(messages, lastUser, listed);
            conditions = new ToolConditions(demos[0], demos[1], hints, request.effectiveTemperature());
        }
        double probability = observed
                ? ToolCompetence.finishProbability(profile, conditions)
                : ToolCompetence.toolProbability(profile, conditions)
                        * ToolCompetence.argumentProbability(profile, example.difficulty(), conditions);
        ListedTool expected = ToolReading.expected(spec.kind(), listed);
        List<SimChoice> choices = new ArrayList<>(request.n());
        List<Boolean> correct = new ArrayList<>(request.n());
        long completionTokens = 0;
        for (int i = 0; i < request.n(); i++) {
            List<Object> drawKey = drawKey(profile, example, digest, request, i);
            Action action = decide(profile, example, conditions, observed, expected, listed, drawKey);
            correct.add(action == Action.CORRECT_CALL || action == Action.FINISH);
            Step step = step(action, spec, example, expected, listed);
            SimChoice choice;
            if (nativeCalls && (action == Action.FINISH || action == Action.EARLY_FINISH)) {
                SimCompletion answer = answer(request, profile, contentFault, analysis, match, observed, digest, true);
                choice = answer.choices().get(i);
            } else if (nativeCalls) {
                String id = "call_"
                        + Draws.hex(Draws.sha256(drawKey.toString().getBytes(StandardCharsets.UTF_8)))
                                .substring(0, 24);
                choice = new SimChoice("", false, null, List.of(new SimToolCall(id, step.name(), step.arguments())));
            } else {
                Map<String, String> values = new LinkedHashMap<>();
                for (FieldSpec field : analysis.outputs()) {
                    values.put(
                            field.name(),
                            switch (field.name()) {
                                case "next_thought", "reasoning" -> step.thought();
                                case "next_tool_name" -> step.name();
                                case "next_tool_args" -> step.arguments();
                                default -> AnswerComposer.placeholder(field, true);
                            });
                }
                choice = SimEngine.write(analysis.format(), analysis.outputs(), values, true, contentFault, request);
            }
            completionTokens += SimTokens.ofText(choice.text());
            for (SimToolCall call : choice.toolCalls()) {
                completionTokens += SimTokens.ofText(call.name() + call.arguments());
            }
            choices.add(choice);
        }
        SimDecision decision = new SimDecision(
                task.name(),
                example.id(),
                nativeCalls ? "tool_calls" : analysis.format().label(),
                analysis.outputs().stream().map(FieldSpec::name).toList(),
                new SimConditions(
                        conditions.goodDemos(),
                        conditions.badDemos(),
                        false,
                        conditions.hintsFound(),
                        conditions.temperature()),
                probability,
                correct);
        return new SimCompletion(choices, SimTokens.ofMessages(request.messages()), completionTokens, decision);
    }

    /**
     * An answer (extract step, direct question, or a native turn that answers instead of calling):
     * correct when the trajectory holds the right observation, else with the unaided probability.
     */
    private SimCompletion answer(
            SimRequest request,
            SimModelProfile profile,
            @Nullable Fault contentFault,
            PromptAnalysis analysis,
            TaskIndex.Match match,
            boolean observed,
            String digest,
            boolean afterTools) {
        SimExample example = match.example();
        List<FieldSpec> outputs = analysis.outputs();
        if (outputs.isEmpty()) {
            outputs = new ArrayList<>();
            for (String name : match.task().outputFields()) {
                outputs.add(new FieldSpec(name, "str", FieldKind.TEXT, List.of()));
            }
        }
        double probability =
                observed ? 1.0 : match.task().answerProbability(profile, example.difficulty(), analysis.conditions());
        List<SimChoice> choices = new ArrayList<>(request.n());
        List<Boolean> correct = new ArrayList<>(request.n());
        long completionTokens = 0;
        for (int i = 0; i < request.n(); i++) {
            List<Object> drawKey = new ArrayList<>(drawKey(profile, example, digest, request, i));
            if (afterTools) {
                drawKey.add("answer");
            }
            boolean drawnCorrect = observed || Draws.uniform(drawKey.toArray()) < probability;
            Map<String, String> values = AnswerComposer.values(analysis, outputs, drawnCorrect, drawKey);
            correct.add(SimEngine.holdsGold(example, values));
            SimChoice choice = SimEngine.write(analysis.format(), outputs, values, true, contentFault, request);
            completionTokens += SimTokens.ofText(choice.text());
            choices.add(choice);
        }
        SimDecision decision = new SimDecision(
                match.task().name(),
                example.id(),
                analysis.format().label(),
                outputs.stream().map(FieldSpec::name).toList(),
                analysis.conditions(),
                probability,
                correct);
        return new SimCompletion(choices, SimTokens.ofMessages(request.messages()), completionTokens, decision);
    }

    private List<Object> drawKey(
            SimModelProfile profile, SimExample example, String digest, SimRequest request, int choice) {
        return SimEngine.drawKey(seed, profile, example.id(), digest, request, choice);
    }

    /** Draws what a step does, as {@link ToolCompetence} describes. */
    static Action decide(
            SimModelProfile profile,
            SimExample example,
            ToolConditions conditions,
            boolean observed,
            @Nullable ListedTool expected,
            List<ListedTool> listed,
            List<Object> drawKey) {
        if (observed) {
            return Draws.uniform(key(drawKey, "tool-finish")) < ToolCompetence.finishProbability(profile, conditions)
                    ? Action.FINISH
                    : Action.REPEAT_CALL;
        }
        boolean rightTool = expected != null
                && Draws.uniform(key(drawKey, "tool-choice")) < ToolCompetence.toolProbability(profile, conditions);
        double kind = Draws.uniform(key(drawKey, "tool-mistake"));
        if (rightTool) {
            if (Draws.uniform(key(drawKey, "tool-argument"))
                    < ToolCompetence.argumentProbability(profile, example.difficulty(), conditions)) {
                return Action.CORRECT_CALL;
            }
            if (kind < ToolCompetence.WRONG_VALUE_SHARE) {
                return Action.WRONG_VALUE;
            }
            return kind < ToolCompetence.WRONG_VALUE_SHARE + ToolCompetence.MALFORMED_SHARE
                    ? Action.MALFORMED
                    : Action.WRONG_KEY;
        }
        if (kind < ToolCompetence.DISTRACTOR_SHARE) {
            return distractor(expected, listed) != null ? Action.DISTRACTOR_TOOL : Action.EARLY_FINISH;
        }
        return kind < ToolCompetence.DISTRACTOR_SHARE + ToolCompetence.EARLY_FINISH_SHARE
                ? Action.EARLY_FINISH
                : Action.UNKNOWN_TOOL;
    }

    /** The tool a wrong choice calls: the first listed one that is neither the expected one nor {@code finish}. */
    private static @Nullable ListedTool distractor(@Nullable ListedTool expected, List<ListedTool> listed) {
        for (ListedTool tool : listed) {
            if (!tool.equals(expected) && !tool.name().equals(ToolReading.FINISH)) {
                return tool;
            }
        }
        return null;
    }

    /**
     * What a step writes.
     *
     * @param thought the next thought
     * @param name the tool's name
     * @param arguments the arguments as a JSON object's text
     */
    record Step(String thought, String name, String arguments) {}

    static Step step(
            Action action, ToolSpec spec, SimExample example, @Nullable ListedTool expected, List<ListedTool> listed) {
        ToolSpec.Arguments arguments = spec.arguments(example.id());
        ToolSpec.Kind kind = spec.kind();
        String toolName = expected == null ? kind.toolName() : expected.name();
        String key = ToolReading.argumentKey(expected, kind);
        String using = kind == ToolSpec.Kind.CALCULATOR
                ? "I should not do this arithmetic in my head; I will evaluate the exact expression with " + toolName
                        + "."
                : "I do not know this person, so I will look up their exact name with " + toolName + ".";
        return switch (action) {
            case CORRECT_CALL -> new Step(using, toolName, args(key, arguments.exact()));
            case WRONG_VALUE -> new Step(using, toolName, args(key, arguments.wrongValue()));
            case MALFORMED -> new Step(using, toolName, args(key, arguments.malformed()));
            case WRONG_KEY ->
                new Step(using, toolName, args(key.equals("input") ? "query" : "input", arguments.exact()));
            case DISTRACTOR_TOOL -> {
                ListedTool other = Objects.requireNonNull(distractor(expected, listed), "a distractor tool");
                yield new Step(
                        "I will try " + other.name() + " first.",
                        other.name(),
                        other.argumentNames().isEmpty()
                                ? "{}"
                                : args(other.argumentNames().get(0), arguments.exact()));
            }
            case EARLY_FINISH ->
                new Step("I think I already know the answer, so I can finish.", ToolReading.FINISH, "{}");
            case UNKNOWN_TOOL -> {
                String unknown = unknownName(kind, listed);
                yield new Step("I will use " + unknown + " to find out.", unknown, args(key, arguments.exact()));
            }
            case FINISH ->
                new Step("The observation gives what I need to answer, so I can finish.", ToolReading.FINISH, "{}");
            case REPEAT_CALL ->
                new Step(
                        "Let me check that result once more with the same call.",
                        toolName,
                        args(key, arguments.exact()));
        };
    }

    private static String unknownName(ToolSpec.Kind kind, List<ListedTool> listed) {
        String name = kind == ToolSpec.Kind.CALCULATOR ? "calculate" : "search";
        for (ListedTool tool : listed) {
            if (tool.name().toLowerCase(Locale.ROOT).equals(name)) {
                return name + "_tool";
            }
        }
        return name;
    }

    private static String args(String key, String value) {
        ObjectNode object = NODES.objectNode();
        object.put(key, value);
        return PythonJson.dumps(object);
    }

    /**
     * Good and bad ReAct demos before the last user message: a demo of a tool-use example is good
     * when its answer takes the right step for its own trajectory (the expected tool with the
     * exact argument, or {@code finish} once the right observation is in), bad otherwise.
     */
    private int[] demos(List<ChatMessage> messages, int lastUser, List<ListedTool> listed) {
        int good = 0;
        int bad = 0;
        for (TaskIndex.Demo demo : index.demos(messages, lastUser)) {
            ToolSpec spec = demo.match().task().toolSpec();
            if (spec == null) {
                continue;
            }
            Map<String, String> shown = FieldExtractor.any(demo.answer());
            String name = shown.get("next_tool_name");
            if (name == null || name.startsWith("Not supplied")) {
                continue;
            }
            List<TrajectoryStep> trajectory =
                    ToolReading.trajectory(FieldExtractor.chatSections(TaskIndex.withoutOutputReminder(demo.prompt())));
            boolean observed = ToolReading.observed(
                    trajectory,
                    demo.match().example().gold().values().iterator().next());
            ListedTool expected = ToolReading.expected(spec.kind(), listed);
            boolean right = observed
                    ? name.strip().equals(ToolReading.FINISH)
                    : expected != null
                            && name.strip().equals(expected.name())
                            && ToolReading.argumentIs(
                                    shown.getOrDefault("next_tool_args", "{}"),
                                    ToolReading.argumentKey(expected, spec.kind()),
                                    spec.arguments(demo.match().example().id()).exact());
            if (right) {
                good++;
            } else {
                bad++;
            }
        }
        return new int[] {good, bad};
    }

    /** The prompt's digest with the native turns and offered tools, which the messages do not show. */
    private static String nativeDigest(String promptDigest, SimRequest request) {
        StringBuilder text = new StringBuilder(promptDigest);
        for (ListedTool tool : request.tools()) {
            text.append("|tool:").append(tool);
        }
        for (TrajectoryStep turn : request.toolTurns()) {
            text.append("|turn:").append(turn);
        }
        return Draws.hex(Draws.sha256(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static Object[] key(List<Object> drawKey, Object... more) {
        List<Object> parts = new ArrayList<>(drawKey);
        parts.addAll(List.of(more));
        return parts.toArray();
    }
}
