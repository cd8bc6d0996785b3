package dev.dspj.sim;

import static dev.dspj.sim.RagHarness.ANSWER;
import static dev.dspj.sim.RagHarness.QUERY;
import static dev.dspj.sim.RagHarness.RAG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.adapter.ChatAdapter;
import dev.dspj.lm.LmRequest;
import dev.dspj.primitives.Example;
import dev.dspj.retrieve.Passage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulated model on the retrieval task: answers only from gold passages, queries per hop, hints, optimum. */
class RagAnsweringTest {

    private static final SimulatedModel MEDIUM = SimulatedModel.builder()
            .model(SimModelProfile.MEDIUM)
            .task(RAG.task())
            .build();

    /** The gold passages, each after a distractor: the twin of its entity (what a careless query finds). */
    private static List<String> goldWithDistractors(SimExample example) {
        List<String> context = new ArrayList<>();
        List<String> entities = RAG.hopEntities(example.id());
        List<String> gold = RAG.goldPassageIds(example.id());
        for (int hop = 0; hop < gold.size(); hop++) {
            String twinTitle = hop == 0 ? entities.get(0) + "e" : null;
            if (twinTitle != null) {
                RAG.corpus().titled(twinTitle).ifPresent(p -> context.add(p.text()));
            }
            context.add(RAG.corpus().passage(gold.get(hop)).orElseThrow().text());
        }
        return context;
    }

    private static String answerOf(SimulatedModel model, LmRequest request) {
        return (String) ChatAdapter.INSTANCE
                .parse(ANSWER, model.complete(request).text())
                .get("answer");
    }

    @Test
    void answersFromGoldPassagesAtTheRateTheFormulaGives() {
        int correct = 0;
        double expected = 0;
        for (SimExample example : RAG.examples()) {
            LmRequest request = RagHarness.request(ANSWER, example, goldWithDistractors(example));
            SimDecision decision = MEDIUM.explain(request);
            assertEquals(RAG.name(), decision.taskName());
            assertEquals(example.id(), decision.exampleId());
            double p = RagCompetence.reading(SimModelProfile.MEDIUM, example.difficulty(), SimConditions.BASELINE);
            assertEquals(p, decision.probability(), 1e-12);
            expected += p;
            if (example.gold().get("answer").equals(answerOf(MEDIUM, request))) {
                correct++;
            }
        }
        expected /= RAG.task().size();
        double measured = correct / (double) RAG.task().size();
        assertEquals(
                expected, RAG.expectedAccuracyFromContext(SimModelProfile.MEDIUM, SimConditions.BASELINE, 1.0), 1e-9);
        assertEquals(expected, measured, 0.08, "measured " + measured + ", expected " + expected);
    }

    @Test
    void withoutEveryGoldPassageTheAnswerIsWrongAndPlausible() {
        int correct = 0;
        int fromContext = 0;
        int twoHop = 0;
        for (SimExample example : RAG.examples()) {
            List<String> gold = RAG.goldPassageIds(example.id());
            // the two-hop questions get their first passage only; the single-hop ones the twin's passage only
            List<String> context = new ArrayList<>();
            if (gold.size() == 2) {
                twoHop++;
                context.add(RAG.corpus().passage(gold.get(0)).orElseThrow().text());
                String bridgeTwin = bridgeTwinText(example);
                context.add(bridgeTwin);
            } else {
                context.add(RAG.corpus()
                        .titled(RAG.hopEntities(example.id()).get(0) + "e")
                        .orElseThrow()
                        .text());
            }
            LmRequest request = RagHarness.request(ANSWER, example, context);
            String answer = answerOf(MEDIUM, request);
            if (example.gold().get("answer").equals(answer)) {
                correct++;
            }
            if (String.join(" ", context).contains(answer)) {
                fromContext++;
            }
        }
        assertTrue(twoHop > 0);
        assertTrue(correct <= 2, "no model knows invented entities: " + correct + " correct");
        assertTrue(fromContext > RAG.task().size() * 0.9, "wrong answers name entities in the context: " + fromContext);
    }

    /** The passage of the bridge entity's twin (another town or company of the same stem). */
    private static String bridgeTwinText(SimExample example) {
        RagSpec.Hop hop = java.util.Objects.requireNonNull(RAG.task().ragSpec())
                .question(example.id())
                .hops()
                .get(1);
        return RAG.corpus().titled(hop.twin()).orElseThrow().text();
    }

    @Test
    void queryStepNamesThePersonFirstThenTheBridgeOnceItsPassageIsIn() {
        int firstGood = 0;
        int bridgeGood = 0;
        int twoHop = 0;
        double firstExpected = 0;
        double bridgeExpected = 0;
        for (SimExample example : RAG.examples()) {
            List<String> entities = RAG.hopEntities(example.id());
            String first = query(RagHarness.request(QUERY, example, List.of()));
            SimDecision decision = MEDIUM.explain(RagHarness.request(QUERY, example, List.of()));
            assertEquals(decision.correct().get(0), names(first, entities.get(0)), first);
            firstExpected +=
                    RagCompetence.query(SimModelProfile.MEDIUM, example.difficulty(), 0, SimConditions.BASELINE);
            if (names(first, entities.get(0))) {
                firstGood++;
            } else {
                assertFalse(names(first, entities.get(0)));
            }
            if (entities.size() == 2) {
                twoHop++;
                List<String> context =
                        RagHarness.texts(RAG.goldPassageIds(example.id()).subList(0, 1));
                String second = query(RagHarness.request(QUERY, example, context));
                bridgeExpected +=
                        RagCompetence.query(SimModelProfile.MEDIUM, example.difficulty(), 1, SimConditions.BASELINE);
                if (names(second, entities.get(1))) {
                    bridgeGood++;
                }
            }
        }
        double firstRate = firstGood / (double) RAG.task().size();
        double bridgeRate = bridgeGood / (double) twoHop;
        assertEquals(firstExpected / RAG.task().size(), firstRate, 0.08, "first hop");
        assertEquals(bridgeExpected / twoHop, bridgeRate, 0.1, "bridge hop");
        assertTrue(firstRate > bridgeRate + 0.1, "the bridge is harder: " + firstRate + " vs " + bridgeRate);
    }

    private static String query(LmRequest request) {
        return (String) ChatAdapter.INSTANCE
                .parse(QUERY, MEDIUM.complete(request).text())
                .get("query");
    }

    /** Whether a query names an entity as whole words. */
    private static boolean names(String query, String entity) {
        return (" " + query.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", " ") + " ")
                .contains(" " + entity.toLowerCase(Locale.ROOT) + " ");
    }

    @Test
    void hintsAndGoodDemosRaiseTheQueryRate() {
        int plain = 0;
        int hinted = 0;
        int demoed = 0;
        List<Example> demos = new ArrayList<>();
        for (SimExample demo : RAG.examples().subList(0, 3)) {
            demos.add(Example.of(Map.of(
                    "context", List.of(),
                    "question", demo.inputs().get("question"),
                    "query", RAG.hopEntities(demo.id()).get(0))));
        }
        List<SimExample> asked = RAG.examples().subList(3, RAG.task().size());
        var withHints = QUERY.withInstructions(QUERY.instructions() + RagHarness.HINTED);
        for (SimExample example : asked) {
            String person = RAG.hopEntities(example.id()).get(0);
            plain += names(query(RagHarness.request(QUERY, example, List.of())), person) ? 1 : 0;
            LmRequest hintRequest = RagHarness.request(withHints, example, List.of());
            assertEquals(2, MEDIUM.explain(hintRequest).conditions().hintsFound());
            hinted += names(
                            (String) ChatAdapter.INSTANCE
                                    .parse(
                                            withHints,
                                            MEDIUM.complete(hintRequest).text())
                                    .get("query"),
                            person)
                    ? 1
                    : 0;
            LmRequest demoRequest = RagHarness.request(QUERY, example, List.of(), demos);
            assertEquals(3, MEDIUM.explain(demoRequest).conditions().goodDemos());
            demoed += names(query(demoRequest), person) ? 1 : 0;
        }
        assertTrue(hinted > plain + asked.size() * 0.05, "hints: " + hinted + " vs " + plain);
        assertTrue(demoed > plain + asked.size() * 0.05, "demos: " + demoed + " vs " + plain);
    }

    @Test
    void twoHopProgramWithAPerfectRetrieverReachesTheKnownOptimum() {
        RagHarness.TitleRetriever retriever = new RagHarness.TitleRetriever(RAG.corpus());
        for (String extra : List.of("", RagHarness.HINTED)) {
            int correct = 0;
            for (SimExample example : RAG.examples()) {
                RagHarness.Run run = RagHarness.twoHop(MEDIUM, retriever, example, extra);
                if (example.gold().get("answer").equals(run.answer())) {
                    correct++;
                    assertTrue(run.contextIds().containsAll(RAG.goldPassageIds(example.id())), example.id());
                }
            }
            SimConditions conditions = SimConditions.BASELINE.withHintsFound(extra.isEmpty() ? 0 : 2);
            double expected = RAG.expectedAccuracy(SimModelProfile.MEDIUM, conditions, conditions, 2);
            double measured = correct / (double) RAG.task().size();
            assertEquals(expected, measured, 0.08, "hints " + !extra.isEmpty() + ": measured " + measured);
        }
    }

    @Test
    void optimumFormulas() {
        SimConditions base = SimConditions.BASELINE;
        double perfect = RAG.expectedAccuracy(SimModelProfile.SMALL, base, base, 2);
        double halfRecall = RAG.expectedAccuracy(SimModelProfile.SMALL, base, base, 2, 0.5, 0.5, RAG.examples());
        assertTrue(halfRecall < perfect, halfRecall + " < " + perfect);
        assertEquals(
                RAG.expectedAccuracyFromContext(SimModelProfile.SMALL, base, 0.0),
                RAG.expectedAccuracy(SimModelProfile.SMALL, base, base, 2, 0.0, 0.0, RAG.examples()),
                1e-12);
        assertTrue(RAG.expectedAccuracy(SimModelProfile.SMALL, base, base, 3) > perfect, "a third query can recover");
        assertEquals(0.25 * 0.5, SimRagTask.twoSuccesses(0.25, 0.5, 2), 1e-12);
        assertEquals(1 - Math.pow(0.5, 3) - 3 * 0.5 * Math.pow(0.5, 2), SimRagTask.twoSuccesses(0.5, 0.5, 3), 1e-12);
        SimRagOptimum best = RAG.bestAchievable(SimModelProfile.builtIns(), 2);
        assertEquals(SimModelProfile.LARGE, best.profile());
        assertTrue(best.expectedAccuracy() > 0.9 && best.expectedAccuracy() < 1, String.valueOf(best));
        Passage first = RAG.corpus().passages().get(0);
        assertEquals(first, RAG.corpus().passage(first.id()).orElseThrow());
    }

    @Test
    void badQueryDemosCountAsBad() {
        List<Example> demos = new ArrayList<>();
        for (SimExample demo : RAG.examples().subList(0, 2)) {
            demos.add(Example.of(Map.of(
                    "context", List.of(),
                    "question", demo.inputs().get("question"),
                    "query", RAG.hopEntities(demo.id()).get(0) + "e born")));
        }
        SimExample twoHop = RAG.examples().stream()
                .filter(e -> RAG.hops(e.id()) == 2)
                .findFirst()
                .orElseThrow();
        List<String> firstPassage =
                RagHarness.texts(RAG.goldPassageIds(twoHop.id()).subList(0, 1));
        demos.add(Example.of(Map.of(
                "context", firstPassage,
                "question", twoHop.inputs().get("question"),
                "query", RAG.hopEntities(twoHop.id()).get(1))));
        SimExample asked = RAG.examples().get(10);
        SimDecision decision = MEDIUM.explain(RagHarness.request(QUERY, asked, List.of(), demos));
        assertEquals(1, decision.conditions().goodDemos(), "the bridge demo names its bridge");
        assertEquals(2, decision.conditions().badDemos(), "the twins' names are bad queries");
        assertEquals(
                RagCompetence.query(SimModelProfile.MEDIUM, asked.difficulty(), 0, decision.conditions()),
                decision.probability(),
                1e-12);
    }

    @Test
    void jsonAndXmlPromptsAreReadAndAShownAnswerOfTheSameQuestionIsCopied() {
        SimExample example = RAG.examples().get(5);
        Map<String, Object> inputs = Map.of(
                "context", RagHarness.texts(RAG.goldPassageIds(example.id())),
                "question", example.inputs().get("question"));
        double reading = RagCompetence.reading(SimModelProfile.MEDIUM, example.difficulty(), SimConditions.BASELINE);
        for (dev.dspj.adapter.Adapter adapter :
                List.of(dev.dspj.adapter.JsonAdapter.INSTANCE, dev.dspj.adapter.XmlAdapter.INSTANCE)) {
            LmRequest request = new LmRequest(
                    adapter.format(ANSWER, List.of(), inputs), adapter.requestSettings(ANSWER, MEDIUM.capabilities()));
            SimDecision decision = MEDIUM.explain(request);
            assertEquals(example.id(), decision.exampleId(), adapter.name());
            assertEquals(reading, decision.probability(), 1e-12, adapter.name());
            Object answer =
                    adapter.parse(ANSWER, MEDIUM.complete(request).text()).get("answer");
            assertEquals(decision.correct().get(0), example.gold().get("answer").equals(answer), adapter.name());
        }
        Example sameQuestion = Example.of(Map.of(
                "context", List.of(),
                "question", example.inputs().get("question"),
                "answer", "Nowhere"));
        LmRequest copied = RagHarness.request(
                ANSWER, example, RagHarness.texts(RAG.goldPassageIds(example.id())), List.of(sameQuestion));
        assertEquals("Nowhere", answerOf(MEDIUM, copied));
        assertEquals(1, MEDIUM.explain(copied).conditions().badDemos());
    }
}
