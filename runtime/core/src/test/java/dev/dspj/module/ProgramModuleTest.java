package dev.dspj.module;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static dev.dspj.testing.ScriptedModel.chatAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.lm.LmSettings;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import dev.dspj.variable.Configuration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Programs built on {@link ProgramModule}, with descriptors written by hand exactly as the
 * processor generates them: DSPy's predictor paths, deep copies, and the checks.
 */
class ProgramModuleTest {

    static final SignatureDescriptor QUERY = SignatureDescriptor.builder("GenerateQuery")
            .field(in("question", Codecs.STRING))
            .field(out("query", Codecs.STRING))
            .build();

    static final SignatureDescriptor ANSWER = SignatureDescriptor.builder("Answer")
            .field(in("question", Codecs.STRING))
            .field(in("context", Codecs.STRING))
            .field(out("answer", Codecs.STRING))
            .build();

    /** A two-step program, as a user writes it. */
    static final class TwoHop extends ProgramModule<TwoHop> {
        ChainOfThought generateQuery = new ChainOfThought(QUERY);
        Predict answer = new Predict(ANSWER);
        int hops = 2;

        TwoHop() {
            super(TwoHopProgram.INSTANCE);
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            Prediction query = generateQuery.forward(inputs);
            return answer.forward(Map.of(
                    "question",
                    inputs.get("question"),
                    "context",
                    "found by " + query.values().get("query")));
        }
    }

    /** What the processor generates for {@link TwoHop}. */
    static final class TwoHopProgram extends ProgramDescriptor<TwoHop> {
        static final TwoHopProgram INSTANCE = new TwoHopProgram();

        private TwoHopProgram() {
            super(TwoHop.class, "Answer in two hops", List.of("generateQuery", "answer"));
        }

        @Override
        public List<NamedPredictor> namedPredictors(TwoHop program) {
            return PredictorPaths.builder()
                    .add("generateQuery", program.generateQuery)
                    .add("answer", program.answer)
                    .build();
        }

        @Override
        public TwoHop deepCopy(TwoHop program, ModuleCopier copier) {
            TwoHop copy = new TwoHop();
            copy.generateQuery = copier.copy(program.generateQuery);
            copy.answer = copier.copy(program.answer);
            return copy;
        }
    }

    /** A program with a nested program, a list and a map of modules, and a shared predictor. */
    static final class Outer extends ProgramModule<Outer> {
        TwoHop inner = new TwoHop();
        List<Module> hops = new ArrayList<>(List.of(new Predict(ANSWER), new ChainOfThought(QUERY)));
        Map<String, Predict> byTopic = new LinkedHashMap<>(Map.of("sports", new Predict(ANSWER)));
        Predict alias;
        Predict unset;

        Outer() {
            super(OuterProgram.INSTANCE);
            alias = inner.answer;
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            return inner.forward(inputs);
        }
    }

    static final class OuterProgram extends ProgramDescriptor<Outer> {
        static final OuterProgram INSTANCE = new OuterProgram();

        private OuterProgram() {
            super(Outer.class, "", List.of("inner", "hops", "byTopic", "alias", "unset"));
        }

        @Override
        public List<NamedPredictor> namedPredictors(Outer program) {
            return PredictorPaths.builder()
                    .add("inner", program.inner)
                    .addList("hops", program.hops)
                    .addMap("byTopic", program.byTopic)
                    .add("alias", program.alias)
                    .add("unset", program.unset)
                    .build();
        }

        @Override
        public Outer deepCopy(Outer program, ModuleCopier copier) {
            Outer copy = new Outer();
            copy.inner = copier.copy(program.inner);
            copy.hops = copier.copyList(program.hops);
            copy.byTopic = copier.copyMap(program.byTopic);
            copy.alias = copier.copy(program.alias);
            copy.unset = copier.copy(program.unset);
            return copy;
        }
    }

    /** Passes another class's descriptor. */
    static final class Impostor extends ProgramModule<TwoHop> {
        Impostor() {
            super(TwoHopProgram.INSTANCE);
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            throw new UnsupportedOperationException();
        }
    }

    private static List<String> paths(Module module) {
        return module.namedPredictors().stream().map(NamedPredictor::name).toList();
    }

    @Test
    void pathsFollowDspy() {
        TwoHop program = new TwoHop();
        assertEquals(List.of("generateQuery.predict", "answer"), paths(program));
        assertSame(
                program.generateQuery.predict(),
                program.namedPredictors().get(0).predictor());
        assertSame(program.answer, program.namedPredictors().get(1).predictor());
        assertEquals("TwoHop[generateQuery.predict, answer]", program.toString());
        assertEquals("TwoHop", program.descriptor().name());
        assertEquals("Answer in two hops", program.descriptor().description());
        assertEquals(List.of("generateQuery", "answer"), program.descriptor().moduleFields());
    }

    @Test
    void aHandWrittenDescriptorDeclaresNoVariables() {
        TwoHop program = new TwoHop();
        ProgramVariables<TwoHop> variables = program.descriptor().variables();
        assertSame(variables, program.descriptor().variables());
        assertSame(TwoHop.class, variables.programType());
        assertEquals(List.of(), variables.space().names());
        assertEquals(Configuration.empty(), variables.read(program));
        assertEquals(program.namedPredictors(), variables.predictors(program));
        variables.apply(program, Configuration.of(Map.of("answer.temperature", 0.5))); // not declared: ignored
        assertEquals(Configuration.empty(), variables.read(program));
    }

    @Test
    void nestedProgramsListsAndMapsAndSharedPredictors() {
        Outer program = new Outer();
        // alias is the same Predict as inner.answer: listed once, at its first path; unset is null: skipped
        assertEquals(
                List.of(
                        "inner.generateQuery.predict",
                        "inner.answer",
                        "hops[0]",
                        "hops[1].predict",
                        "byTopic['sports']"),
                paths(program));
    }

    @Test
    void deepCopyIsIndependentAndKeepsSharing() {
        Outer program = new Outer();
        program.inner.answer.setDemos(List.of(Example.of("question", "q", "context", "c", "answer", "a")));
        program.inner.hops = 5;

        Outer copy = program.deepCopy();
        assertNotSame(program.inner, copy.inner);
        assertNotSame(program.inner.answer, copy.inner.answer);
        assertEquals(program.inner.answer.demos(), copy.inner.answer.demos());
        assertSame(copy.inner.answer, copy.alias, "a predictor shared across nested programs stays shared in the copy");
        assertNull(copy.unset);
        assertEquals(2, copy.inner.hops, "other fields are what the constructor sets");
        assertEquals(paths(program), paths(copy));

        copy.inner.answer.setInstructions("Be brief.");
        copy.hops.get(0).namedPredictors().get(0).predictor().setDemos(List.of());
        assertEquals(
                "Given the fields `question`, `context`, produce the fields `answer`.",
                program.inner.answer.instructions());
        assertEquals(1, program.inner.answer.demos().size());
        assertTrue(copy.hops instanceof ArrayList, "copied lists are modifiable");
    }

    @Test
    void forwardWithOptionsRunsOnACopyWithTheOverrides() {
        ScriptedModel model = ScriptedModel.replying(
                chatAnswer("reasoning", "look it up", "query", "capital France"), chatAnswer("answer", "Paris"));
        TwoHop program = new TwoHop();
        Prediction prediction = program.forward(
                Map.of("question", "Capital of France?"),
                CallOptions.model(model).withSettings(LmSettings.DEFAULTS.withTemperature(0.5)));
        assertEquals("Paris", prediction.values().get("answer"));
        assertEquals(2, model.requests().size());
        assertTrue(model.requests().get(1).messages().get(1).content().contains("found by capital France"));
        assertEquals(0.5, model.requests().get(0).settings().temperature().orElseThrow());
        assertTrue(program.answer.model().isEmpty(), "the program itself is unchanged");
    }

    @Test
    void aDescriptorOfAnotherClassIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Impostor::new);
        assertTrue(e.getMessage().contains("passes the descriptor of " + TwoHop.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("annotate Impostor with @Program"), e.getMessage());
    }

    @Test
    void aCopierRefusesADeepCopyOfAnotherClass() {
        Module odd = new Module() {
            @Override
            public Prediction forward(Map<String, Object> inputs) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<NamedPredictor> namedPredictors() {
                return List.of();
            }

            @Override
            public Module deepCopy() {
                return new Predict(ANSWER);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ModuleCopier().copy(odd));
        assertTrue(e.getMessage().contains(".deepCopy() returned a dev.dspj.module.Predict"), e.getMessage());
    }
}
