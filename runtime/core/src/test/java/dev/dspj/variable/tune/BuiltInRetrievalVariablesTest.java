package dev.dspj.variable.tune;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.module.Module;
import dev.dspj.module.ModulePaths;
import dev.dspj.module.NamedModule;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.PredictorPaths;
import dev.dspj.primitives.Prediction;
import dev.dspj.retrieve.Passage;
import dev.dspj.retrieve.Retrieve;
import dev.dspj.retrieve.Retriever;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code k} and {@code retriever}: the built-in variables of a program's Retrieve steps, found through its submodules. */
class BuiltInRetrievalVariablesTest {

    private static final SignatureDescriptor QA = SignatureDescriptor.builder("Qa")
            .field(in("question", Codecs.STRING))
            .field(out("answer", Codecs.STRING))
            .build();

    /** Answers every query with the retriever's name, so a test sees which one ran. */
    private record Named(String name) implements Retriever {
        @Override
        public List<Passage> retrieve(String query, int k) {
            return List.of(Passage.of(name, name + ":" + query, 1));
        }
    }

    /** A hand-written two-hop program: two Retrieve steps (one inside a nested module) and a predictor. */
    private static final class TwoHop implements Module {
        Retrieve first;
        Inner inner;
        Predict answer = new Predict(QA);

        TwoHop(Retriever retriever) {
            first = new Retrieve(retriever, 2);
            inner = new Inner(new Retrieve(retriever, 4));
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return PredictorPaths.builder().add("answer", answer).build();
        }

        @Override
        public List<NamedModule> namedSubmodules() {
            return ModulePaths.builder()
                    .add("first", first)
                    .add("inner", inner)
                    .add("answer", answer)
                    .add("again", first)
                    .build();
        }

        @Override
        public Module deepCopy() {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Inner implements Module {
        final Retrieve second;

        Inner(Retrieve second) {
            this.second = second;
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return List.of();
        }

        @Override
        public List<NamedModule> namedSubmodules() {
            return ModulePaths.builder().addList("hops", List.of(second)).build();
        }

        @Override
        public Module deepCopy() {
            throw new UnsupportedOperationException();
        }
    }

    private static Map<String, Retriever> retrievers() {
        Map<String, Retriever> named = new LinkedHashMap<>();
        named.put("bm25", new Named("bm25"));
        named.put("dense", new Named("dense"));
        return named;
    }

    @Test
    void submodulePathsNameNestedModulesOnceEach() {
        TwoHop program = new TwoHop(new Named("bm25"));
        List<String> paths =
                program.namedSubmodules().stream().map(NamedModule::name).toList();
        assertEquals(List.of("first", "inner", "inner.hops[0]", "answer"), paths);
    }

    @Test
    void sharedVariablesDefaultToTheFirstStepAndApplyToEveryStep() {
        Map<String, Retriever> named = retrievers();
        TwoHop program = new TwoHop(named.get("dense"));
        BuiltInVariables builtIns = BuiltInVariables.none().retrieveK(1, 5).retrievers(named);
        VariableSpace space = builtIns.space(program);
        assertEquals(List.of("retriever", "k"), space.names());
        Variable k = space.variable("k").orElseThrow();
        assertEquals(2L, k.defaultValue());
        assertEquals("dense", space.variable("retriever").orElseThrow().defaultValue());

        builtIns.apply(
                program,
                Configuration.builder().put("k", 3).put("retriever", "bm25").build());
        assertEquals(3, program.first.k());
        assertEquals(3, program.inner.second.k());
        assertSame(named.get("bm25"), program.first.retriever());
        assertSame(named.get("bm25"), program.inner.second.retriever());
        assertTrue(builtIns.any());
        assertTrue(builtIns.toString().contains("retrievers=[bm25, dense], k=1..5"), builtIns.toString());
    }

    @Test
    void perPredictorVariablesAreNamedAfterEachStepsPath() {
        Map<String, Retriever> named = retrievers();
        TwoHop program = new TwoHop(named.get("bm25"));
        BuiltInVariables builtIns = BuiltInVariables.none().retrieveK(1, 8).perPredictor();
        assertEquals(
                List.of("first.k", "inner.hops[0].k"), builtIns.space(program).names());
        builtIns.apply(
                program,
                Configuration.builder()
                        .put("first.k", 1)
                        .put("inner.hops[0].k", 8)
                        .build());
        assertEquals(1, program.first.k());
        assertEquals(8, program.inner.second.k());
    }

    @Test
    void aProgramWithoutRetrieveStepsOrAnUnknownRetrieverIsNamed() {
        Module plain = new Predict(QA);
        IllegalArgumentException none = assertThrows(
                IllegalArgumentException.class,
                () -> BuiltInVariables.none().retrieveK(1, 3).space(plain));
        assertEquals(
                "the built-in variables [k] are selected, but Predict holds no Retrieve step"
                        + " (a Retrieve field of an @Program class, or of a program inside it)",
                none.getMessage());
        assertEquals(
                "k range must satisfy 1 <= min <= max, got [0, 3]",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> BuiltInVariables.none().retrieveK(0, 3))
                        .getMessage());
        TwoHop program = new TwoHop(new Named("bm25"));
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> BuiltInVariables.none()
                        .retrievers(retrievers())
                        .apply(
                                program,
                                Configuration.builder()
                                        .put("retriever", "colbert")
                                        .build()));
        assertEquals(
                "'retriever' is 'colbert', which these built-in variables do not have; they have [bm25, dense]",
                unknown.getMessage());
    }

    @Test
    void aSavedConfigurationNamesItsRetrieversAndK() {
        Map<String, Retriever> named = retrievers();
        Configuration chosen =
                Configuration.builder().put("k", 4).put("retriever", "dense").build();
        TwoHop program = new TwoHop(named.get("bm25"));
        BuiltInVariables.fromConfiguration(chosen, Map.of(), named).apply(program, chosen);
        assertEquals(4, program.first.k());
        assertSame(named.get("dense"), program.inner.second.retriever());
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> BuiltInVariables.fromConfiguration(chosen, Map.of()));
        assertEquals(
                "the configuration names the retriever(s) [dense] but the retrievers given are []; pass each by that name",
                missing.getMessage());
    }
}
