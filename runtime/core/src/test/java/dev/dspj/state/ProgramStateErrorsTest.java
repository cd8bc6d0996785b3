package dev.dspj.state;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What loading a malformed or mismatched saved state says: every error names the predictor and the
 * part of the file that is wrong, and the program is left as it was.
 */
class ProgramStateErrorsTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .instructions("Answer questions.")
            .field(in("question", Codecs.STRING))
            .field(out("answer", Codecs.STRING))
            .build();

    /** A saved QA predictor, changed by the edit. */
    private static ObjectNode saved(Consumer<ObjectNode> edit) {
        ObjectNode state = ProgramState.toJson(new Predict(QA));
        edit.accept(state);
        return state;
    }

    private static ObjectNode self(ObjectNode state) {
        return (ObjectNode) state.get("self");
    }

    private static ObjectNode dspjEntry(ObjectNode state) {
        return (ObjectNode) state.get("metadata").get("dspj").get("predictors").get("self");
    }

    private static ProgramStateException refused(JsonNode state) {
        Predict predict = new Predict(QA);
        ProgramStateException e =
                assertThrows(ProgramStateException.class, () -> ProgramState.fromJson(predict, state));
        assertEquals("Answer questions.", predict.instructions(), "a refused load leaves the predictor as it was");
        return e;
    }

    @Test
    void aStateThatIsNotAnObjectIsRefused() {
        assertEquals(
                "a saved program is a JSON object with one key per predictor, got nothing",
                refused(null).getMessage());
        assertEquals(
                "a saved program is a JSON object with one key per predictor, got [1,2]",
                refused(NODES.arrayNode().add(1).add(2)).getMessage());
    }

    @Test
    void aFormatVersionThatIsNotAnIntegerIsRefused() {
        ProgramStateException e =
                refused(saved(state -> ((ObjectNode) state.get("metadata").get("dspj")).put("format_version", "one")));
        assertEquals("metadata.dspj.format_version must be an integer, got \"one\"", e.getMessage());
        assertEquals(Optional.of("metadata.dspj.format_version"), e.field());
    }

    @Test
    void aNullDspjEntryIsReadAsADspyFile() {
        ObjectNode state = saved(s -> {
            ((ObjectNode) s.get("metadata")).putNull("dspj");
            self(s).withObjectProperty("signature").put("instructions", "Answer briefly.");
        });
        Predict predict = new Predict(QA);
        ProgramState.fromJson(predict, state);
        assertEquals("Answer briefly.", predict.instructions());
    }

    @Test
    void aProgramWithTwoPredictorsAtOnePathCannotLoad() {
        Module twoPaths =
                programOf(new NamedPredictor("self", new Predict(QA)), new NamedPredictor("self", new Predict(QA)));
        ProgramStateException e =
                assertThrows(ProgramStateException.class, () -> ProgramState.fromJson(twoPaths, saved(s -> {})));
        assertEquals("cannot load: two predictors of the program have the path 'self'", e.getMessage());
        assertEquals(Optional.of("self"), e.predictor());
    }

    @Test
    void aPredictorAtTheMetadataPathCannotBeSaved() {
        Module program = programOf(new NamedPredictor("metadata", new Predict(QA)));
        ProgramStateException e = assertThrows(ProgramStateException.class, () -> ProgramState.toJson(program));
        assertEquals(
                "cannot save predictor 'metadata': the path 'metadata' is the file's metadata key; rename the field "
                        + "that holds it",
                e.getMessage());
    }

    @Test
    void severalUnknownPredictorsAreNamedAndTheFirstIsReported() {
        ObjectNode state = saved(s -> {
            s.set("extra_one", s.get("self").deepCopy());
            s.set("extra_two", s.get("self").deepCopy());
        });
        Module anonymous = programOf(new NamedPredictor("self", new Predict(QA)));
        ProgramStateException e =
                assertThrows(ProgramStateException.class, () -> ProgramState.fromJson(anonymous, state));
        assertEquals(
                "the saved predictors [self, extra_one, extra_two] do not match the predictors [self] of "
                        + anonymous.getClass().getName()
                        + ": state for 'extra_one', 'extra_two', which are not predictors of the program; was the "
                        + "file saved for another program, or were fields renamed?",
                e.getMessage());
        assertEquals(Optional.of("extra_one"), e.predictor());
    }

    @Test
    void aPredictorStateThatIsNotAnObjectIsRefused() {
        ProgramStateException e = refused(saved(s -> s.put("self", 3)));
        assertEquals("predictor 'self': its state must be a JSON object, got 3", e.getMessage());
        assertEquals(Optional.of("self"), e.predictor());
    }

    @Test
    void dspyTwoFiveStateWithOnlyAnExtendedSignatureIsRefused() {
        ProgramStateException e = refused(saved(s -> {
            self(s).remove("signature");
            self(s).putObject("extended_signature");
        }));
        assertTrue(e.getMessage().startsWith("predictor 'self' was saved by DSPy 2.5 or older"), e.getMessage());
        assertEquals(Optional.of("signature"), e.field());
    }

    @Test
    void aMissingKeyIsNamedWithTheKeysThereAre() {
        ProgramStateException e = refused(saved(s -> self(s).remove("demos")));
        assertEquals(
                "predictor 'self': the state has no \"demos\" (it has 'traces', 'train', 'signature', 'lm')",
                e.getMessage());
        assertEquals(Optional.of("demos"), e.field());

        e = refused(saved(s -> ((ObjectNode) self(s).get("signature")).remove("instructions")));
        assertEquals("predictor 'self': the state has no \"instructions\" (it has 'fields')", e.getMessage());
    }

    @Test
    void aSignatureThatIsNotAnObjectIsRefused() {
        ProgramStateException e = refused(saved(s -> self(s).put("signature", "QA")));
        assertEquals(
                "predictor 'self': signature must be an object with instructions and fields, got \"QA\"",
                e.getMessage());
        assertEquals(Optional.of("signature"), e.field());
    }

    @Test
    void instructionsThatAreNotTextAreRefused() {
        ProgramStateException e =
                refused(saved(s -> self(s).withObjectProperty("signature").put("instructions", 5)));
        assertEquals("predictor 'self': signature.instructions must be text, got 5", e.getMessage());
        assertEquals(Optional.of("signature.instructions"), e.field());
    }

    @Test
    void fieldsThatAreNotAListAreRefused() {
        ProgramStateException e =
                refused(saved(s -> self(s).withObjectProperty("signature").putObject("fields")));
        assertEquals(
                "predictor 'self': the file's signature has no field list but QA has 2 [question, answer]; the file "
                        + "was saved for a different signature",
                e.getMessage());
        assertEquals(Optional.of("signature.fields"), e.field());
    }

    @Test
    void savedFieldNamesThatAreNotTextAreRefused() {
        ProgramStateException e = refused(saved(s -> {
            ArrayNode names = dspjEntry(s).putArray("fields");
            names.add(1).add("answer");
        }));
        assertEquals("predictor 'self': metadata.dspj field names must be text, got 1", e.getMessage());
        assertEquals(Optional.of("metadata.dspj.predictors"), e.field());
    }

    @Test
    void fewerSavedFieldNamesThanFieldsAreRefused() {
        ProgramStateException e =
                refused(saved(s -> dspjEntry(s).putArray("fields").add("question")));
        assertEquals(
                "predictor 'self': the file was saved for the fields [question] but QA has [question, answer]",
                e.getMessage());
    }

    @Test
    void aStateSavedForAnotherSignatureWithTheSameFieldsLoads() {
        ObjectNode state = saved(s -> {
            dspjEntry(s).put("signature", "OldQA");
            self(s).withObjectProperty("signature").put("instructions", "Answer in one word.");
        });
        Predict predict = new Predict(QA);
        ProgramState.fromJson(predict, state);
        assertEquals("Answer in one word.", predict.instructions());
        assertEquals("QA", predict.signature().name(), "the predictor keeps its own signature's name");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"Question:\"                                | \"Question:\"",
                "{\"prefix\": 1, \"description\": \"d\"}      | {\"prefix\":1,\"description\":\"d\"}",
                "{\"prefix\": \"Question:\", \"description\": null} | {\"prefix\":\"Question:\",\"description\":null}",
            })
    void aFieldWithoutTextPrefixAndDescriptionIsRefused(String field, String described) throws Exception {
        JsonNode bad = StateJson.read(field.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ProgramStateException e =
                refused(saved(s -> ((ArrayNode) self(s).get("signature").get("fields")).set(0, bad)));
        assertEquals(
                "predictor 'self', field 'question': field 1 of the file must be an object with a text prefix and "
                        + "description, got " + described,
                e.getMessage());
        assertEquals(Optional.of("question"), e.field());
    }

    @Test
    void demosThatAreNotAListOfObjectsAreRefused() {
        ProgramStateException e = refused(saved(s -> self(s).putObject("demos")));
        assertEquals("predictor 'self': demos must be a list, got {}", e.getMessage());
        assertEquals(Optional.of("demos"), e.field());

        e = refused(saved(s -> self(s).withArray("demos").add(3)));
        assertEquals("predictor 'self': demo 1 must be an object of field name to value, got 3", e.getMessage());
    }

    @Test
    void longValuesAreShortenedInMessages() {
        String instructions = "x".repeat(100);
        ProgramStateException e = refused(saved(s -> self(s).put("signature", instructions)));
        assertEquals(
                "predictor 'self': signature must be an object with instructions and fields, got \"" + "x".repeat(76)
                        + "...",
                e.getMessage());
    }

    @Test
    void metadataSettingsThatAreNotAnObjectAreRefused() {
        ProgramStateException e = refused(saved(s -> dspjEntry(s).put("settings", 3)));
        assertEquals("predictor 'self': metadata.dspj settings must be an object, got 3", e.getMessage());
        assertEquals(Optional.of("settings"), e.field());
    }

    @Test
    void unknownMetadataSettingsAreSkippedAndKnownOnesLoad() {
        ObjectNode state = saved(s -> dspjEntry(s)
                .putObject("settings")
                .put("temperature", 0.5)
                .put("reasoning_effort", "high")
                .putNull("top_p"));
        Predict predict = new Predict(QA);
        ProgramState.fromJson(predict, state);
        assertEquals(LmSettings.DEFAULTS.withTemperature(0.5), predict.settings());
    }

    /** A DSPy file: no DSPJ metadata, so the settings come from the LM entry. */
    private static ObjectNode dspyFile(Consumer<ObjectNode> lm) {
        return saved(s -> {
            s.remove("metadata");
            lm.accept(self(s).putObject("lm").put("model", "openai/gpt-4o-mini"));
        });
    }

    @Test
    void anLmEntryThatIsNotAnObjectIsRefused() {
        ProgramStateException e = refused(saved(s -> {
            s.remove("metadata");
            self(s).put("lm", "gpt-4o");
        }));
        assertEquals("predictor 'self': lm must be null or an object, got \"gpt-4o\"", e.getMessage());
        assertEquals(Optional.of("lm"), e.field());
    }

    @Test
    void anLmEntryWithoutAModelNameIsRefused() {
        ProgramStateException e = refused(dspyFile(lm -> lm.remove("model")));
        assertEquals("predictor 'self': lm.model must name the model, got nothing", e.getMessage());
        assertEquals(Optional.of("lm.model"), e.field());

        e = refused(dspyFile(lm -> lm.put("model", " ")));
        assertEquals("predictor 'self': lm.model must name the model, got \" \"", e.getMessage());

        e = refused(dspyFile(lm -> lm.put("model", 4)));
        assertEquals("predictor 'self': lm.model must name the model, got 4", e.getMessage());
    }

    @Test
    void endpointsAndKeysInADspyLmAreIgnored() {
        ObjectNode state = dspyFile(lm -> lm.put("api_base", "http://elsewhere")
                .put("api_key", "sk-not-read")
                .put("temperature", 0.3)
                .put("stop", "END"));
        Predict predict = new Predict(QA);
        ProgramState.fromJson(predict, state);
        assertEquals(LmSettings.DEFAULTS.withTemperature(0.3).withStop(List.of("END")), predict.settings());
        assertTrue(predict.model().isEmpty(), "without a model factory the predictor keeps its model");
    }

    @Test
    void aPredictorWhoseModelHasTheSavedNameKeepsIt() {
        ObjectNode state = dspyFile(lm -> {});
        ScriptedModel mine = ScriptedModel.replying().named("openai/gpt-4o-mini");
        Predict predict = new Predict(QA);
        predict.setModel(mine);
        ProgramState.fromJson(predict, state, LoadOptions.DEFAULTS.withModels(name -> {
            throw new AssertionError("not asked for a model the predictor already has");
        }));
        assertSame(mine, predict.model().orElseThrow());
    }

    @Test
    void aModelFactoryReturningNullIsReported() {
        ProgramStateException e = assertThrows(
                ProgramStateException.class,
                () -> ProgramState.fromJson(
                        new Predict(QA), dspyFile(lm -> {}), LoadOptions.DEFAULTS.withModels(name -> null)));
        assertEquals(
                "predictor 'self': could not create the saved model openai/gpt-4o-mini: the model factory returned "
                        + "null",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "temperature | \"hot\"     | expected a number",
                "max_tokens  | 1.5         | expected an integer",
                "n           | 10000000000 | expected an integer",
                "seed        | 1.5         | expected an integer",
                "rollout_id  | \"1\"       | expected an integer",
                "cache       | \"yes\"     | expected true or false",
                "stop        | 3           | expected a string or a list of strings",
                "stop        | [\"a\", 1]  | expected a string or a list of strings",
            })
    void aDspySettingOfTheWrongTypeNamesKeyAndExpectedType(String key, String value, String expected) throws Exception {
        JsonNode bad = StateJson.read(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ProgramStateException e = refused(dspyFile(lm -> lm.set(key, bad)));
        assertEquals(
                "predictor 'self': lm." + key + " is " + bad + ", which is not a valid setting: " + expected,
                e.getMessage());
        assertEquals(Optional.of("lm." + key), e.field());
    }

    @Test
    void dspySettingsOfEveryKindLoad() {
        ObjectNode state = dspyFile(lm -> {
            lm.put("max_completion_tokens", 300).put("seed", 11L).put("cache", true);
            lm.putArray("stop").add("\n\n").add("END");
        });
        Predict predict = new Predict(QA);
        ProgramState.fromJson(predict, state);
        assertEquals(
                LmSettings.DEFAULTS
                        .withMaxTokens(300)
                        .withSeed(11)
                        .withCache(true)
                        .withStop(List.of("\n\n", "END")),
                predict.settings());
    }

    // ---------------------------------------------------------------- demo values

    static final SignatureDescriptor FLAGGED = SignatureDescriptor.builder("Flagged")
            .field(in("question", Codecs.STRING))
            .field(out("augmented", Codecs.BOOLEAN))
            .build();

    @Test
    void aFieldNamedAugmentedIsAValueNotTheBootstrapFlag() {
        Predict predict = new Predict(FLAGGED);
        predict.setDemos(List.of(Example.of("question", "q", "augmented", false)
                .withInputs("question")
                .withAugmented(true)));
        ObjectNode state = ProgramState.toJson(predict);
        assertEquals(
                "{\"question\":\"q\",\"augmented\":false}",
                state.get("self").get("demos").get(0).toString());

        Predict loaded = new Predict(FLAGGED);
        ProgramState.fromJson(loaded, state);
        Example demo = loaded.demos().get(0);
        assertEquals(false, demo.values().get("augmented"));
        assertFalse(demo.augmented());
    }

    static final SignatureDescriptor COUNTED = SignatureDescriptor.builder("Counted")
            .field(in("question", Codecs.STRING))
            .field(out("count", Codecs.INT))
            .field(out("note", Codecs.optional(Codecs.STRING)))
            .build();

    @Test
    void keysTheSignatureDoesNotHaveRoundTripAsPlainJson() {
        Map<String, Object> source = new java.util.LinkedHashMap<>();
        source.put("page", 3);
        source.put("short", (short) 4);
        source.put("offset", 1L << 40);
        source.put("score", 0.5f);
        source.put("exact", new java.math.BigDecimal("1.25"));
        source.put("huge", new java.math.BigInteger("123456789012345678901234567890"));
        source.put("ok", true);
        source.put("color", dev.dspj.TestTypes.Color.GREEN);
        source.put("maybe", Optional.empty());
        source.put("tags", List.of("a", "b"));
        source.put("nested", Example.of("k", "v"));
        source.put("nothing", null);
        @SuppressWarnings("UnnecessaryStringBuilder") // a value of a type the saver only knows by toString()
        StringBuilder other = new StringBuilder("built");
        source.put("other", other);
        source.put("node", NODES.objectNode().put("raw", 1));
        source.put("thing", java.time.LocalDate.of(2024, 1, 2));
        Predict predict = new Predict(COUNTED);
        predict.setDemos(List.of(Example.of(Map.of("question", "q", "count", 2, "source", source))
                .withInputs("question")));

        ObjectNode state = ProgramState.toJson(predict);
        assertEquals(
                "{\"page\":3,\"short\":4,\"offset\":1099511627776,\"score\":0.5,\"exact\":1.25,"
                        + "\"huge\":123456789012345678901234567890,\"ok\":true,\"color\":\"GREEN\",\"maybe\":null,"
                        + "\"tags\":[\"a\",\"b\"],\"nested\":{\"k\":\"v\"},\"nothing\":null,\"other\":\"built\","
                        + "\"node\":{\"raw\":1},\"thing\":\"2024-01-02\"}",
                state.get("self").get("demos").get(0).get("source").toString());

        Predict loaded = new Predict(COUNTED);
        ProgramState.fromJson(loaded, state);
        @SuppressWarnings("unchecked")
        Map<String, Object> back =
                (Map<String, Object>) loaded.demos().get(0).values().get("source");
        assertEquals(3, back.get("page"));
        assertEquals(1L << 40, back.get("offset"));
        assertEquals(0.5, back.get("score"));
        assertEquals(new java.math.BigInteger("123456789012345678901234567890"), back.get("huge"));
        assertEquals(true, back.get("ok"));
        assertEquals("GREEN", back.get("color"));
        assertNull(back.get("maybe"));
        assertEquals(List.of("a", "b"), back.get("tags"));
        assertEquals(Map.of("k", "v"), back.get("nested"));
        assertEquals(Map.of("raw", 1), back.get("node"));
        assertEquals(2, loaded.demos().get(0).values().get("count"));
    }

    @Test
    void aValueNotOfItsFieldsTypeIsSavedAsItIsAndRefusedOnLoad() {
        Predict predict = new Predict(COUNTED);
        predict.setDemos(List.of(Example.of("question", "q", "count", "many").withInputs("question")));
        ObjectNode state = ProgramState.toJson(predict);
        assertEquals(
                "\"many\"", state.get("self").get("demos").get(0).get("count").toString());

        ProgramStateException e =
                assertThrows(ProgramStateException.class, () -> ProgramState.fromJson(new Predict(COUNTED), state));
        assertTrue(
                e.getMessage().startsWith("predictor 'self', field 'count': demo 1 has \"many\", which is not a int"),
                e.getMessage());
        assertEquals(Optional.of("count"), e.field());
    }

    @Test
    void aSavedNullIsAbsentForAnOptionalFieldAndNullOtherwise() {
        Predict predict = new Predict(COUNTED);
        ObjectNode counted = ProgramState.toJson(predict);
        ((ArrayNode) counted.get("self").get("demos"))
                .addObject()
                .put("question", "q")
                .putNull("count")
                .putNull("note");
        ProgramState.fromJson(predict, counted);
        Map<String, Object> values = predict.demos().get(0).values();
        assertNull(values.get("count"));
        assertEquals(Optional.empty(), values.get("note"));
    }

    private static Module programOf(NamedPredictor... predictors) {
        return new Module() {
            @Override
            public Prediction forward(Map<String, Object> inputs) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<NamedPredictor> namedPredictors() {
                return List.of(predictors);
            }

            @Override
            public Module deepCopy() {
                return this;
            }
        };
    }
}
