package dev.dspj.sim;

import dev.dspj.lm.ChatMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The simulated model's core, shared by the HTTP server and the in-process model: reads the
 * prompt, draws whether each choice is correct from the competence model, and writes the answers.
 * Stateless after construction, so thread-safe; it never sleeps.
 */
final class SimEngine {

    /** What a malformed answer says: no field markers, braces or tags. */
    static final String MALFORMED_TEXT = "I'm sorry, I got a little lost there. Something along those lines, I think, "
            + "but I am not certain of the details";

    private static final String UNRECOGNISED_TEXT = "I'm not sure how to answer that.";

    private final long seed;
    private final PromptAnalyzer analyzer;
    private final SimProposer proposer;
    private final ToolEngine tools;
    private final RagEngine retrieval;

    SimEngine(List<SimTask> tasks, long seed) {
        this.seed = seed;
        TaskIndex index = new TaskIndex(tasks);
        this.analyzer = new PromptAnalyzer(index);
        this.proposer = new SimProposer(tasks);
        this.tools = new ToolEngine(seed, index);
        this.retrieval = new RagEngine(seed, index);
    }

    /**
     * Answers a request.
     *
     * @param request the request
     * @param profile the model answering
     * @param contentFault a fault that changes the text ({@link Fault#isContent()}), or null
     */
    SimCompletion complete(SimRequest request, SimModelProfile profile, @Nullable Fault contentFault) {
        PromptAnalysis analysis = analyzer.analyze(request);
        if (SimProposer.isProposal(analysis.outputs())) {
            return propose(request, profile, contentFault, analysis);
        }
        if (analysis.match().isPresent() && analysis.match().get().task().ragSpec() != null) {
            return retrieval.complete(
                    request, profile, contentFault, analysis, analysis.match().get());
        }
        if (analysis.match().isPresent() && analysis.match().get().task().toolSpec() != null) {
            return tools.complete(
                    request, profile, contentFault, analysis, analysis.match().get());
        }
        SimExample example = analysis.match().map(TaskIndex.Match::example).orElse(null);
        List<FieldSpec> outputs = analysis.outputs();
        if (outputs.isEmpty() && example != null) {
            outputs = new ArrayList<>();
            for (String name : analysis.match().get().task().outputFields()) {
                outputs.add(new FieldSpec(name, "str", FieldKind.TEXT, List.of()));
            }
        }
        double probability =
                example == null ? 0.0 : Competence.probability(profile, example.difficulty(), analysis.conditions());
        List<SimChoice> choices = new ArrayList<>(request.n());
        List<Boolean> correct = new ArrayList<>(request.n());
        long completionTokens = 0;
        for (int i = 0; i < request.n(); i++) {
            List<Object> drawKey =
                    drawKey(seed, profile, example == null ? "" : example.id(), analysis.promptDigest(), request, i);
            boolean drawnCorrect = example != null && Draws.uniform(drawKey.toArray()) < probability;
            Map<String, String> values = AnswerComposer.values(analysis, outputs, drawnCorrect, drawKey);
            correct.add(example != null && holdsGold(example, values));
            SimChoice choice = write(
                    analysis.format(), outputs, values, example != null || !outputs.isEmpty(), contentFault, request);
            completionTokens += SimTokens.ofText(choice.text());
            choices.add(choice);
        }
        SimDecision decision = new SimDecision(
                analysis.match().map(m -> m.task().name()).orElse(""),
                example == null ? "" : example.id(),
                analysis.format().label(),
                outputs.stream().map(FieldSpec::name).toList(),
                analysis.conditions(),
                probability,
                correct);
        return new SimCompletion(choices, SimTokens.ofMessages(request.messages()), completionTokens, decision);
    }

    /**
     * What a choice's draws are keyed by: the same model, example, prompt, rollout, request seed and
     * choice always draw the same, so answers are deterministic and cacheable.
     */
    static List<Object> drawKey(
            long seed, SimModelProfile profile, String exampleId, String promptDigest, SimRequest request, int choice) {
        return Arrays.asList(
                seed,
                profile.name(),
                exampleId,
                promptDigest,
                request.rolloutId() == null ? "-" : request.rolloutId(),
                request.seed() == null ? "-" : request.seed(),
                choice);
    }

    /** Answers an optimizer's proposal request as {@link SimProposer} describes. */
    private SimCompletion propose(
            SimRequest request, SimModelProfile profile, @Nullable Fault contentFault, PromptAnalysis analysis) {
        List<ChatMessage> messages = new ArrayList<>(request.messages().size());
        for (ChatMessage message : request.messages()) {
            messages.add(new ChatMessage(message.role(), FaultDirectives.strip(message.content())));
        }
        SimProposer.Reading reading = proposer.read(messages);
        List<SimChoice> choices = new ArrayList<>(request.n());
        List<Boolean> correct = new ArrayList<>(request.n());
        long completionTokens = 0;
        for (int i = 0; i < request.n(); i++) {
            List<Object> drawKey = Arrays.asList(
                    seed,
                    profile.name(),
                    "proposal",
                    analysis.promptDigest(),
                    request.rolloutId() == null ? "-" : request.rolloutId(),
                    request.seed() == null ? "-" : request.seed(),
                    request.effectiveTemperature(),
                    i);
            Map<String, String> values = proposer.answer(reading, analysis.outputs(), profile, drawKey);
            SimChoice choice = write(analysis.format(), analysis.outputs(), values, true, contentFault, request);
            completionTokens += SimTokens.ofText(choice.text());
            choices.add(choice);
            correct.add(false);
        }
        SimConditions conditions = new SimConditions(
                0, 0, analysis.conditions().reasoning(), reading.hintsInPrompt(), request.effectiveTemperature());
        SimDecision decision = new SimDecision(
                reading.candidates().isEmpty()
                        ? ""
                        : reading.candidates().get(0).name(),
                "",
                analysis.format().label(),
                analysis.outputs().stream().map(FieldSpec::name).toList(),
                conditions,
                0.0,
                correct);
        return new SimCompletion(choices, SimTokens.ofMessages(request.messages()), completionTokens, decision);
    }

    /** Whether the answer's gold fields (at least one) all hold the gold value. */
    static boolean holdsGold(SimExample example, Map<String, String> values) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (String field : example.gold().keySet()) {
            if (values.containsKey(field)) {
                shown.put(field, values.get(field));
            }
        }
        return !shown.isEmpty() && PromptAnalyzer.agrees(example, shown);
    }

    static SimChoice write(
            AnswerFormat format,
            List<FieldSpec> outputs,
            Map<String, String> values,
            boolean answerable,
            @Nullable Fault contentFault,
            SimRequest request) {
        String text;
        boolean truncated = false;
        if (contentFault != null && contentFault.kind() == Fault.Kind.MALFORMED) {
            text = MALFORMED_TEXT;
        } else if (!answerable) {
            text = UNRECOGNISED_TEXT;
        } else {
            Map<String, String> shown = values;
            if (contentFault != null && contentFault.kind() == Fault.Kind.MISSING_FIELD) {
                shown = new LinkedHashMap<>(values);
                shown.remove(contentFault.field().orElse(""));
            }
            text = AnswerRenderer.render(format, outputs, shown);
        }
        if (contentFault != null && contentFault.kind() == Fault.Kind.TRUNCATE) {
            text = prefix(text, Math.max(1, text.codePointCount(0, text.length()) / 2));
            truncated = true;
        }
        int stopAt = -1;
        String stopSequence = null;
        for (String stop : request.stop()) {
            int at = stop.isEmpty() ? -1 : text.indexOf(stop);
            if (at >= 0 && (stopAt < 0 || at < stopAt)) {
                stopAt = at;
                stopSequence = stop;
            }
        }
        if (stopAt >= 0) {
            text = text.substring(0, stopAt);
        }
        if (request.maxTokens() != null && SimTokens.ofText(text) > request.maxTokens()) {
            text = prefix(text, request.maxTokens() * SimTokens.CHARS_PER_TOKEN);
            truncated = true;
            stopSequence = null;
        }
        return new SimChoice(text, truncated, stopSequence);
    }

    /** The first {@code codePoints} code points of a text. */
    private static String prefix(String text, long codePoints) {
        int end = text.offsetByCodePoints(0, (int) Math.min(codePoints, text.codePointCount(0, text.length())));
        return text.substring(0, end);
    }
}
