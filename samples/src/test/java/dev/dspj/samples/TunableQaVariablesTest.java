package dev.dspj.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.Dspj;
import dev.dspj.lm.LmRequest;
import dev.dspj.samples.variables.TunableQa;
import dev.dspj.samples.variables.TunableQaVariables;
import dev.dspj.testing.ScriptedModel;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.InvalidConfigurationException;
import dev.dspj.variable.Variable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code @Variable} sample through the code the real processor generated:
 * {@link TunableQaVariables}' space, reading and applying configurations, and a configured
 * program that behaves as configured (fewer model calls, fewer passages) and stays configured when
 * copied.
 */
class TunableQaVariablesTest {

    private static final String QUESTION = "Which river flows through the capital of France?";

    @AfterEach
    void clearDefaultModel() {
        Dspj.configure(null);
    }

    /** Writes queries for the query step and answers the answer step from what its prompt shows. */
    private static String reply(LmRequest request) {
        String system = request.messages().get(0).content();
        String user = request.messages().get(request.messages().size() - 1).content();
        if (system.contains("`query`")) {
            return ScriptedModel.chatAnswer("reasoning", "Find the river of Paris.", "query", "river Paris Seine");
        }
        return ScriptedModel.chatAnswer(
                "answer", user.contains("Seine") ? "the Seine" : "unknown", "confidence", "0.9");
    }

    @Test
    void theSpaceHasOneVariablePerFieldWithTheInitializersAsDefaults() {
        assertEquals(List.of("query", "passages"), TunableQaVariables.SPACE.names());
        assertEquals(List.of("GENERATED", "QUESTION"), TunableQaVariables.QUERY.choices());
        assertEquals(List.of(1L, 2L, 3L, 4L), TunableQaVariables.PASSAGES.values());
        assertEquals("How many passages the answer step sees", TunableQaVariables.PASSAGES.description());
        assertEquals(Variable.Kind.INTEGER, TunableQaVariables.PASSAGES.kind());
        assertEquals(
                Configuration.of(Map.of("query", "GENERATED", "passages", 2)), TunableQaVariables.SPACE.defaults());
        assertEquals(4 * 2, TunableQaVariables.SPACE.gridSize(4));
        assertSame(TunableQaVariables.INSTANCE, new TunableQa().descriptor().variables());
    }

    @Test
    void readGivesTheDefaultsOfAFreshProgramAndApplyChangesWhatItRuns() {
        ScriptedModel model = ScriptedModel.answering(TunableQaVariablesTest::reply);
        Dspj.configure(model);
        TunableQa program = new TunableQa();
        assertEquals(TunableQaVariables.SPACE.defaults(), TunableQaVariables.INSTANCE.read(program));

        assertEquals("the Seine", program.ask(QUESTION).answer());
        assertEquals(2, model.requests().size(), "a query, then an answer");
        assertEquals(2, passagesShown(model.lastRequest()));

        Configuration configuration = Configuration.of(Map.of("query", "QUESTION", "passages", 1));
        TunableQaVariables.INSTANCE.apply(program, configuration);
        assertEquals(configuration, TunableQaVariables.INSTANCE.read(program));
        program.ask(QUESTION);
        assertEquals(3, model.requests().size(), "the question is the query: one call");
        assertEquals(1, passagesShown(model.lastRequest()));
    }

    @Test
    void applyRejectsAValueOutsideTheVariableNamingItAndChangesNothing() {
        TunableQa program = new TunableQa();
        InvalidConfigurationException e = assertThrows(
                InvalidConfigurationException.class,
                () -> TunableQaVariables.INSTANCE.apply(
                        program, Configuration.of(Map.of("query", "QUESTION", "passages", 5))));
        assertTrue(e.getMessage().contains("'passages'") && e.getMessage().contains("[1, 4]"), e.getMessage());
        assertEquals(TunableQaVariables.SPACE.defaults(), TunableQaVariables.INSTANCE.read(program));
    }

    @Test
    void aDeepCopyOfAConfiguredProgramKeepsItsConfiguration() {
        TunableQa program = new TunableQa();
        for (Configuration configuration : TunableQaVariables.SPACE.grid(4)) {
            TunableQaVariables.INSTANCE.apply(program, configuration);
            assertEquals(configuration, TunableQaVariables.INSTANCE.read(program.deepCopy()));
        }
        assertEquals(program.namedPredictors(), TunableQaVariables.INSTANCE.predictors(program));
    }

    /** How many of the sample's passages the answer prompt shows. */
    private static long passagesShown(LmRequest request) {
        String user = request.messages().get(request.messages().size() - 1).content();
        return List.of(
                        "Paris is the capital",
                        "The Seine flows",
                        "Berlin is the capital",
                        "Vienna, the capital",
                        "Lisbon is the capital")
                .stream()
                .filter(user::contains)
                .count();
    }
}
