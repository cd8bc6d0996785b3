package dev.dspj.sim;

import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Answers the prompts of the retrieval task ({@link SimRagTask}): query steps (an output named
 * {@code query}, {@code search_query} or ending in {@code _query}) and answer steps (anything
 * else), through {@link RagCompetence}. Stateless, so thread-safe.
 */
final class RagEngine {

    private static final String NOT_SUPPLIED = "Not supplied for this";
    /** Shares of the bad first-hop queries: the twin's name, then the family name alone, else generic words. */
    private static final double TWIN_SHARE = 0.4;

    private static final double FAMILY_SHARE = 0.3;

    private final long seed;
    private final TaskIndex index;

    RagEngine(long seed, TaskIndex index) {
        this.seed = seed;
        this.index = index;
    }

    /** Whether a field's name asks for a search query: {@code query}, {@code search_query}, {@code *_query}. */
    static boolean isQueryName(String fieldName) {
        String name = fieldName.toLowerCase(Locale.ROOT);
        return name.equals("query") || name.endsWith("_query");
    }

    /** Answers a request about an example of a retrieval task. */
    SimCompletion complete(
            SimRequest request,
            SimModelProfile profile,
            @Nullable Fault contentFault,
            PromptAnalysis analysis,
            TaskIndex.Match match) {
        SimTask task = match.task();
        SimExample example = match.example();
        RagSpec spec = Objects.requireNonNull(task.ragSpec(), "a retrieval task's spec");
        RagSpec.Question question = spec.question(example.id());
        List<ChatMessage> messages = new ArrayList<>(request.messages().size());
        int lastUser = -1;
        for (ChatMessage message : request.messages()) {
            if (message.role() == Role.USER) {
                lastUser = messages.size();
            }
            messages.add(new ChatMessage(message.role(), FaultDirectives.strip(message.content())));
        }
        String user = lastUser < 0 ? "" : RagSpec.flat(messages.get(lastUser).content());
        boolean[] present = RagSpec.present(question, user);
        List<FieldSpec> outputs = analysis.outputs();
        if (outputs.isEmpty()) {
            outputs = new ArrayList<>();
            for (String name : task.outputFields()) {
                outputs.add(new FieldSpec(name, "str", FieldKind.TEXT, List.of()));
            }
        }
        FieldSpec queryField = null;
        for (FieldSpec field : outputs) {
            if (isQueryName(field.name())) {
                queryField = field;
                break;
            }
        }
        SimConditions conditions = analysis.conditions();
        int hop = RagSpec.targetHop(question, present);
        double probability;
        if (queryField != null) {
            int[] demos = queryDemos(messages, lastUser);
            conditions = new SimConditions(
                    demos[0], demos[1], conditions.reasoning(), conditions.hintsFound(), conditions.temperature());
            probability = RagCompetence.query(profile, example.difficulty(), hop, conditions);
        } else {
            probability = RagSpec.allPresent(present)
                    ? RagCompetence.reading(profile, example.difficulty(), conditions)
                    : RagCompetence.unaided(profile, example.difficulty(), conditions);
        }
        List<SimChoice> choices = new ArrayList<>(request.n());
        List<Boolean> correct = new ArrayList<>(request.n());
        long completionTokens = 0;
        for (int i = 0; i < request.n(); i++) {
            List<Object> drawKey = SimEngine.drawKey(seed, profile, example.id(), analysis.promptDigest(), request, i);
            boolean drawn = Draws.uniform(key(drawKey, queryField != null ? "rag-query" : "rag-answer")) < probability;
            Map<String, String> values = new LinkedHashMap<>();
            if (queryField != null) {
                String query = drawn ? goodQuery(question, hop, drawKey) : badQuery(question, hop, drawKey);
                String target = question.hops().get(hop).entity();
                for (FieldSpec field : outputs) {
                    values.put(
                            field.name(),
                            field.equals(queryField)
                                    ? query
                                    : field.isReasoning()
                                            ? (drawn
                                                    ? "To answer, I need the passage about " + target
                                                            + ", so I search for its exact name."
                                                    : "I will search for what the question asks about.")
                                            : AnswerComposer.placeholder(field, true));
                }
                correct.add(drawn);
            } else {
                String answer = answer(spec, question, example, analysis, drawn, user, drawKey);
                for (FieldSpec field : outputs) {
                    String value;
                    if (field.isReasoning()) {
                        value = RagSpec.allPresent(present)
                                ? "The context holds the passages this question needs; reading them, the answer is "
                                        + answer + "."
                                : "The context does not hold every fact this question needs; my best guess is " + answer
                                        + ".";
                    } else if (example.gold().containsKey(field.name())) {
                        value = answer;
                    } else {
                        value = AnswerComposer.placeholder(field, true);
                    }
                    values.put(field.name(), value);
                }
                correct.add(SimEngine.holdsGold(example, values));
            }
            SimChoice choice = SimEngine.write(analysis.format(), outputs, values, true, contentFault, request);
            completionTokens += SimTokens.ofText(choice.text());
            choices.add(choice);
        }
        SimDecision decision = new SimDecision(
                task.name(),
                example.id(),
                analysis.format().label(),
                outputs.stream().map(FieldSpec::name).toList(),
                conditions,
                probability,
                correct);
        return new SimCompletion(choices, SimTokens.ofMessages(request.messages()), completionTokens, decision);
    }

    /** The answer's value: a demo's of the same example, the gold, or another entity of the answer's kind. */
    private static String answer(
            RagSpec spec,
            RagSpec.Question question,
            SimExample example,
            PromptAnalysis analysis,
            boolean drawn,
            String user,
            List<Object> drawKey) {
        String gold = example.gold().values().iterator().next();
        Map<String, String> shown = analysis.shownAnswer();
        if (shown != null && !shown.isEmpty()) {
            return shown.values().iterator().next();
        }
        if (drawn) {
            return gold;
        }
        RagSpec.Kind kind = question.kind().answerKind();
        List<String> candidates = new ArrayList<>(spec.mentioned(user, kind));
        candidates.removeIf(name -> name.equalsIgnoreCase(gold));
        if (candidates.isEmpty()) {
            List<String> all = spec.names(kind);
            String pick = all.get(Draws.index(all.size(), key(drawKey, "rag-any")));
            return pick.equalsIgnoreCase(gold) ? all.get((all.indexOf(pick) + 1) % all.size()) : pick;
        }
        return candidates.get(Draws.index(candidates.size(), key(drawKey, "rag-distractor")));
    }

    /** A query that names the hop's entity exactly. */
    static String goodQuery(RagSpec.Question question, int hop, List<Object> drawKey) {
        String entity = question.hops().get(hop).entity();
        int form = Draws.index(3, key(drawKey, "rag-form"));
        boolean born = question.kind() == RagSpec.QuestionKind.BIRTH_TOWN
                || question.kind() == RagSpec.QuestionKind.BIRTH_COUNTRY;
        if (hop == 0) {
            return switch (form) {
                case 0 -> entity;
                case 1 -> entity + (born ? " born" : " works for");
                default -> born ? "where was " + entity + " born" : "which company does " + entity + " work for";
            };
        }
        return switch (form) {
            case 0 -> entity;
            case 1 -> entity + (born ? " town country" : " headquartered");
            default -> born ? "which country is " + entity + " in" : "where is " + entity + " headquartered";
        };
    }

    /** A query that misses the hop's entity: its twin's name, part of it, or generic words. */
    static String badQuery(RagSpec.Question question, int hop, List<Object> drawKey) {
        RagSpec.Hop target = question.hops().get(hop);
        boolean born = question.kind() == RagSpec.QuestionKind.BIRTH_TOWN
                || question.kind() == RagSpec.QuestionKind.BIRTH_COUNTRY;
        double kind = Draws.uniform(key(drawKey, "rag-miss"));
        if (hop == 0) {
            if (kind < TWIN_SHARE) {
                return target.twin() + (born ? " born" : " works for");
            }
            if (kind < TWIN_SHARE + FAMILY_SHARE) {
                return question.family() + (born ? " born" : " works for");
            }
            return born ? "town where the person was born" : "company the person works for";
        }
        String person = question.hops().get(0).entity();
        if (kind < 0.5) {
            return target.twin() + (born ? " town country" : " headquartered");
        }
        return born
                ? "country of the town where " + person + " was born"
                : "headquarters of the company " + person + " works for";
    }

    /**
     * Good and bad query demos before the last user message: a demo of a question of a retrieval
     * task is good when its query names the entity its own prompt's hop needs, bad otherwise.
     */
    private int[] queryDemos(List<ChatMessage> messages, int lastUser) {
        int good = 0;
        int bad = 0;
        for (TaskIndex.Demo demo : index.demos(messages, lastUser)) {
            RagSpec spec = demo.match().task().ragSpec();
            if (spec == null) {
                continue;
            }
            String query = null;
            for (Map.Entry<String, String> shown :
                    FieldExtractor.any(demo.answer()).entrySet()) {
                if (isQueryName(shown.getKey())) {
                    query = shown.getValue();
                    break;
                }
            }
            if (query == null || query.startsWith(NOT_SUPPLIED)) {
                continue;
            }
            RagSpec.Question question = spec.question(demo.match().example().id());
            boolean[] present = RagSpec.present(question, RagSpec.flat(demo.prompt()));
            String entity =
                    question.hops().get(RagSpec.targetHop(question, present)).entity();
            if (RagSpec.containsName(RagSpec.flat(query), RagSpec.flat(entity))) {
                good++;
            } else {
                bad++;
            }
        }
        return new int[] {good, bad};
    }

    private static Object[] key(List<Object> drawKey, Object... more) {
        List<Object> parts = new ArrayList<>(drawKey);
        parts.addAll(List.of(more));
        return parts.toArray();
    }
}
