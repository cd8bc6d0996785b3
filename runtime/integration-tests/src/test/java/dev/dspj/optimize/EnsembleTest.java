package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.LmSettings;
import dev.dspj.lm.RetriableModelException;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.sim.SimulatedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ensemble and DSPy's majority vote. */
class EnsembleTest {

    private static Prediction answer(String answer) {
        return new Prediction(Map.of("answer", answer), Completion.none());
    }

    /** The zero-shot QA predictor sampled with another rollout id: an independent draw of the same prompt. */
    private static Predict rollout(int id) {
        Predict predict = QaFixture.student("sim-small");
        predict.setSettings(LmSettings.DEFAULTS.withRolloutId(id));
        return predict;
    }

    @Test
    void majorityVotesOnTheLastFieldAfterDspysNormalization() {
        List<Prediction> votes =
                List.of(answer("London"), answer("Paris"), answer("the paris."), answer("London!"), answer("PARIS"));
        assertSame(votes.get(1), Majority.vote(votes), "paris x3 beats london x2; the first paris is returned");
        List<Prediction> tie = List.of(answer("London"), answer("Paris"));
        assertSame(tie.get(0), Majority.vote(tie), "ties go to the first seen");
        List<Prediction> blanks = List.of(answer("..."), answer("Rome"), answer("---"), answer("!"));
        assertSame(blanks.get(1), Majority.vote(blanks), "values that normalize to nothing do not vote");
        List<Prediction> onlyBlanks = List.of(answer("..."), answer("--"));
        assertSame(onlyBlanks.get(0), Majority.vote(onlyBlanks), "unless no value is left");
        Prediction two = new Prediction(Map.of("reasoning", "because", "answer", "x"), Completion.none());
        assertEquals("x", Majority.vote(List.of(two)).values().get("answer"));
        List<Prediction> byField = List.of(
                new Prediction(Map.of("answer", "a", "label", "NO"), Completion.none()),
                new Prediction(Map.of("answer", "b", "label", "YES"), Completion.none()),
                new Prediction(Map.of("answer", "c", "label", "YES"), Completion.none()));
        assertSame(byField.get(1), Majority.vote(byField, "label"));
        assertEquals("paris london", Majority.normalize("  The Paris,  an  London. "));
        assertThrows(IllegalArgumentException.class, () -> Majority.vote(List.of()));
    }

    @Test
    void aMajorityOfIndependentSamplesBeatsOneSample() {
        List<Example> dev = QaFixture.dev(100);
        List<Module> members = new ArrayList<>();
        double memberMean = 0;
        for (int id = 1; id <= 7; id++) {
            Predict member = rollout(id);
            members.add(member);
            memberMean += QaFixture.score(member, dev) / 7;
        }
        double zeroShot = QaFixture.score(QaFixture.student("sim-small"), dev);
        Ensemble ensemble = Ensemble.builder().build();
        var ensembleRun = ensemble.compileWithResult(members);
        Ensemble.Program voted = ensembleRun.program();
        double ensembled = QaFixture.score(voted, dev);
        System.out.printf(
                "Ensemble of 7 zero-shot samples, sim-small: zero-shot %.2f, members' mean %.3f -> %.2f%n",
                zeroShot, memberMean, ensembled);
        assertTrue(ensembled - zeroShot >= 0.10, "zero-shot " + zeroShot + ", ensemble " + ensembled);
        assertTrue(ensembled - memberMean >= 0.10, "members " + memberMean + ", ensemble " + ensembled);
        assertEquals(0, ensembleRun.report().calls(), "combining makes no calls");
        assertEquals(7, voted.namedPredictors().size());
        assertEquals("programs[0]", voted.namedPredictors().get(0).name());
    }

    @Test
    void samplesProgramsDeterministicallyPerInput() {
        List<Module> members = new ArrayList<>();
        for (int id = 1; id <= 6; id++) {
            members.add(rollout(id));
        }
        Ensemble.Program voted = Ensemble.builder().size(3).seed(11).build().compile(members);
        Map<String, Object> first = QaFixture.dev(2).get(0).inputs();
        Map<String, Object> second = QaFixture.dev(2).get(1).inputs();
        assertEquals(3, voted.programsFor(first).size());
        assertEquals(voted.programsFor(first), voted.programsFor(first), "the same input meets the same programs");
        assertTrue(
                !voted.programsFor(first).equals(voted.programsFor(second))
                        || !voted.programsFor(QaFixture.dev(3).get(2).inputs()).equals(voted.programsFor(first)),
                "other inputs meet other programs");
        assertThrows(
                IllegalArgumentException.class,
                () -> Ensemble.builder().size(7).build().compile(members));
    }

    @Test
    void skipsFailingProgramsAndFailsOnlyWhenAllDo() {
        Predict broken = QaFixture.student(new RecordingModel(SimulatedModel.of("sim-small"))
                .failWith(
                        new RetriableModelException.ServerError("sim-small: HTTP 503", 503, null, "sim-small", null)));
        Predict working = QaFixture.student("sim-small");
        Map<String, Object> inputs = QaFixture.dev(1).get(0).inputs();
        Prediction answer =
                Ensemble.builder().build().compile(List.of(broken, working)).forward(inputs);
        assertEquals(working.forward(inputs).values(), answer.values());
        Ensemble.Program allBroken = Ensemble.builder().build().compile(List.of(broken, broken.deepCopy()));
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> allBroken.forward(inputs));
        assertTrue(error.getMessage().contains("all 2 programs failed"), error.getMessage());
        assertEquals(2, error.getSuppressed().length);
    }

    @Test
    void usesACustomReducer() {
        List<Module> members = List.of(rollout(1), rollout(2), rollout(3));
        Ensemble.Program last = Ensemble.builder()
                .reducer(predictions -> predictions.get(predictions.size() - 1))
                .build()
                .compile(members);
        Map<String, Object> inputs = QaFixture.dev(1).get(0).inputs();
        assertEquals(
                members.get(2).forward(inputs).values(), last.forward(inputs).values());
        assertEquals(3, last.forwardAll(inputs).size());
        for (NamedPredictor named : last.deepCopy().namedPredictors()) {
            assertTrue(named.name().startsWith("programs["));
        }
    }
}
