package dev.dspj.state;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.TestTypes;
import dev.dspj.TestTypes.Address;
import dev.dspj.TestTypes.Sentiment;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.lm.retry.RetryPolicy;
import dev.dspj.module.ChainOfThought;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading programs in DSPy's layout. */
class ProgramStateTest {

    static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .instructions("Answer questions.")
            .field(in("question", Codecs.STRING))
            .field(out("answer", Codecs.STRING))
            .build();

    /** Every kind of field type, for typed demos. */
    static final SignatureDescriptor PROFILE = SignatureDescriptor.builder("Profile")
            .field(in("customer", TestTypes.CUSTOMER, "who is asking"))
            .field(in("tags", Codecs.set(Codecs.STRING)))
            .field(out("sentiment", TestTypes.SENTIMENT, "the overall sentiment"))
            .field(out("scores", Codecs.map(Codecs.DOUBLE)))
            .field(out("ranks", Codecs.list(Codecs.INT)))
            .field(out("price", Codecs.DECIMAL))
            .field(out("urgent", Codecs.BOOLEAN))
            .field(out("note", Codecs.optional(Codecs.STRING)))
            .field(out("home", Codecs.optional(TestTypes.ADDRESS)))
            .build();

    @TempDir
    Path dir;

    private static JsonNode fixture() throws IOException {
        try (InputStream in = ProgramStateTest.class.getResourceAsStream("/state/dspy-two-hop.json")) {
            return StateJson.read(in.readAllBytes());
        }
    }

    private Path write(JsonNode tree) throws IOException {
        Path file = dir.resolve("state-" + System.nanoTime() + ".json");
        Files.write(file, StateJson.write(tree));
        return file;
    }

    // ---------------------------------------------------------------- the layout

    @Test
    void savesAPredictorInDspysLayout() throws IOException {
        Predict predict = new Predict(QA);
        predict.setDemos(List.of(
                Example.of("question", "2+2?", "answer", "4")
                        .withInputs("question")
                        .withAugmented(true),
                Example.of("question", "Capital of France?", "answer", "Paris").withInputs("question")));
        Path file = dir.resolve("qa.json");
        ProgramState.save(predict, file);

        assertEquals("""
                {
                  "self": {
                    "traces": [],
                    "train": [],
                    "demos": [
                      {
                        "augmented": true,
                        "question": "2+2?",
                        "answer": "4"
                      },
                      {
                        "question": "Capital of France?",
                        "answer": "Paris"
                      }
                    ],
                    "signature": {
                      "instructions": "Answer questions.",
                      "fields": [
                        {
                          "prefix": "Question:",
                          "description": "${question}"
                        },
                        {
                          "prefix": "Answer:",
                          "description": "${answer}"
                        }
                      ]
                    },
                    "lm": null
                  },
                  "metadata": {
                    "dependency_versions": {
                      "python": "3.11",
                      "dspy": "3.3.1",
                      "cloudpickle": "3.1"
                    },
                    "dspj": {
                      "format_version": 1,
                      "predictors": {
                        "self": {
                          "signature": "QA",
                          "fields": [
                            "question",
                            "answer"
                          ]
                        }
                      }
                    }
                  }
                }
                """, Files.readString(file));

        Predict fresh = new Predict(QA);
        ProgramState.load(fresh, file);
        assertEquals(predict.demos(), fresh.demos());
    }

    @Test
    void aChainOfThoughtIsSavedAtPredictWithDspysReasoningField() {
        ObjectNode state = ProgramState.toJson(new ChainOfThought(QA));
        assertEquals(List.of("predict", "metadata"), keys(state));
        JsonNode reasoning = state.get("predict").get("signature").get("fields").get(1);
        assertEquals(
                "Reasoning: Let's think step by step in order to",
                reasoning.get("prefix").textValue());
        assertEquals("${reasoning}", reasoning.get("description").textValue());
    }

    @Test
    void typedDemosRoundTripThroughEachFieldsCodec() throws IOException {
        Predict predict = new Predict(PROFILE);
        Example typed = Example.of(Map.of(
                        "customer", TestTypes.ada(),
                        "tags", java.util.Set.of("vip"),
                        "sentiment", Sentiment.NEGATIVE,
                        "scores", Map.of("speed", 0.25, "price", 1.0),
                        "ranks", List.of(3, 1, 2),
                        "price", new BigDecimal("19.99"),
                        "urgent", true,
                        "note", Optional.empty(),
                        "home", Optional.of(new Address("2 Side St", 54321))))
                .withInputs("customer", "tags")
                .withAugmented(true);
        Example partial = Example.of("customer", TestTypes.ada(), "sentiment", Sentiment.POSITIVE)
                .withInputs("customer", "tags");
        predict.setDemos(List.of(typed, partial));
        predict.setInstructions("Profile the customer.");

        Path file = dir.resolve("profile.json");
        ProgramState.save(predict, file);
        JsonNode demo = StateJson.read(Files.readAllBytes(file))
                .get("self")
                .get("demos")
                .get(0);
        assertEquals(
                "{\"name\":\"Ada\",\"address\":{\"street\":\"1 Main St\",\"zip_code\":12345},"
                        + "\"favorite_color\":\"RED\",\"nickname\":\"Countess\",\"billing\":null}",
                demo.get("customer").toString());
        assertEquals("NEGATIVE", demo.get("sentiment").textValue());
        assertTrue(demo.get("note").isNull());
        assertEquals("\"19.99\"", demo.get("price").toString(), "a Decimal as pydantic's JSON mode writes it");

        Predict fresh = new Predict(PROFILE);
        ProgramState.load(fresh, file);
        assertEquals(predict.demos(), fresh.demos());
        assertEquals(Sentiment.NEGATIVE, fresh.demos().get(0).values().get("sentiment"));
        assertEquals(TestTypes.ada(), fresh.demos().get(0).values().get("customer"));
        assertEquals("Profile the customer.", fresh.instructions());
        assertSameFields(predict.signature(), fresh.signature());
    }

    @Test
    void stateTreesLoadWithoutMetadataAsDspysDumpStateWritesThem() throws IOException {
        ObjectNode dumped = (ObjectNode) fixture();
        dumped.remove("metadata");
        TwoHop program = new TwoHop();
        ProgramState.fromJson(program, dumped);
        assertEquals(2, program.answer.demos().size());
    }

    // ---------------------------------------------------------------- DSPy's files

    @Test
    void aFileSavedByDspyLoads() throws IOException {
        TwoHop program = new TwoHop();
        ProgramState.fromJson(program, fixture());

        Predict query = program.generate_query.predict();
        assertEquals("Write a search query that finds the missing fact.", query.instructions());
        assertEquals(
                List.of(
                        Example.of(
                                        "question",
                                        "Which country is the birthplace of the author of Dracula?",
                                        "reasoning",
                                        "Dracula was written by Bram Stoker, so the query should find where Stoker was born.",
                                        "query",
                                        "Bram Stoker birthplace")
                                .withInputs("question")
                                .withAugmented(true),
                        Example.of(
                                        "question",
                                        "What river runs through the capital of France?",
                                        "query",
                                        "capital of France river")
                                .withInputs("question")),
                query.demos());
        assertEquals(
                "a short web search query",
                query.signature().field("query").orElseThrow().description());
        assertEquals("", query.signature().field("question").orElseThrow().description(), "${question} means none");
        assertEquals(
                LmSettings.DEFAULTS.withTemperature(0.7).withMaxTokens(1000).withCache(true), query.settings());
        assertTrue(query.model().isEmpty(), "models are not recreated unless asked");

        Predict answer = program.answer;
        assertEquals(
                "Answer the question with a short factoid answer. Prefer the names used in the passages.",
                answer.instructions());
        Example first = answer.demos().get(0);
        assertTrue(first.augmented());
        assertEquals(
                List.of("Dracula is an 1897 novel by Bram Stoker.", "Bram Stoker was born in Dublin, Ireland."),
                first.values().get("context"));
        assertEquals(0.9, first.values().get("confidence"));
        assertSame(Sentiment.NEUTRAL, first.values().get("sentiment"));
        assertEquals(java.util.Set.of("question", "context"), first.inputKeys());
        assertEquals(
                List.of("Frankenstein", "Mary Shelley"),
                answer.demos().get(1).values().get("gold_titles"),
                "keys the signature does not have are kept, as DSPy keeps them");
        assertEquals(LmSettings.DEFAULTS, answer.settings(), "\"lm\": null leaves the settings");

        // the loaded demos are shown to the model as DSPy shows them (the complete demo after the incomplete one)
        String demoTurn = answer.formatPrompt(Map.of("question", "Who wrote Dracula?", "context", List.of("x")))
                .get(3)
                .content();
        assertTrue(
                demoTurn.contains("[[ ## context ## ]]\n[\"Dracula is an 1897 novel by Bram Stoker.\", "
                        + "\"Bram Stoker was born in Dublin, Ireland.\"]"),
                demoTurn);
    }

    @Test
    void whatDspjSavesFromADspyFileIsTheSameStateAndLoadsBackIdentically() throws IOException {
        JsonNode dspy = fixture();
        TwoHop program = new TwoHop();
        ProgramState.fromJson(program, dspy);
        Path file = dir.resolve("two-hop.json");
        ProgramState.save(program, file);
        JsonNode saved = StateJson.read(Files.readAllBytes(file));

        for (String path : List.of("generate_query.predict", "answer")) {
            for (String key : List.of("traces", "train", "demos", "signature")) {
                assertEquals(
                        dspy.get(path).get(key).toString(),
                        saved.get(path).get(key).toString(),
                        path + "." + key);
            }
        }
        assertEquals(dspy.get("answer").get("lm"), saved.get("answer").get("lm"));
        assertEquals(
                dspy.get(ProgramState.METADATA).get("dependency_versions"),
                saved.get(ProgramState.METADATA).get("dependency_versions"));

        TwoHop reloaded = new TwoHop();
        ProgramState.load(reloaded, file);
        for (int i = 0; i < 2; i++) {
            Predict before = program.namedPredictors().get(i).predictor();
            Predict after = reloaded.namedPredictors().get(i).predictor();
            assertEquals(before.demos(), after.demos());
            assertEquals(before.instructions(), after.instructions());
            assertEquals(before.settings(), after.settings());
            assertSameFields(before.signature(), after.signature());
        }
        assertEquals(saved, ProgramState.toJson(reloaded));
    }

    @Test
    void dspysLegacyFormatIsRefusedWithTheFix() throws IOException {
        ObjectNode old = (ObjectNode) fixture();
        ObjectNode answer = (ObjectNode) old.get("answer");
        answer.remove("signature");
        answer.put("signature_instructions", "Answer.");
        ProgramStateException e =
                assertThrows(ProgramStateException.class, () -> ProgramState.fromJson(new TwoHop(), old));
        assertTrue(e.getMessage().contains("predictor 'answer' was saved by DSPy 2.5 or older"), e.getMessage());
    }

    // ---------------------------------------------------------------- errors name the predictor and field

    @Test
    void aFileForASignatureWithOtherFieldsIsRefused() throws IOException {
        Path file = dir.resolve("qa.json");
        ProgramState.save(new Predict(QA), file);
        SignatureDescriptor wider = SignatureDescriptor.builder("QAWithContext")
                .field(in("question", Codecs.STRING))
                .field(in("context", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .build();
        ProgramStateException e =
                assertThrows(ProgramStateException.class, () -> ProgramState.load(new Predict(wider), file));
        assertEquals(
                file + ": predictor 'self': the file's signature has 2 fields but QAWithContext has 3 "
                        + "[question, context, answer]; the file was saved for a different signature",
                e.getMessage());
        assertEquals(Optional.of("self"), e.predictor());
    }

    @Test
    void aDspjFileChecksFieldsByName() throws IOException {
        Path file = dir.resolve("qa.json");
        ProgramState.save(new Predict(QA), file);
        SignatureDescriptor renamed = SignatureDescriptor.builder("QA")
                .field(in("question", Codecs.STRING))
                .field(out("reply", Codecs.STRING))
                .build();
        ProgramStateException e =
                assertThrows(ProgramStateException.class, () -> ProgramState.load(new Predict(renamed), file));
        assertTrue(
                e.getMessage()
                        .contains("predictor 'self', field 'reply': field 2 of the file is 'answer' but field 2 "
                                + "of QA is 'reply'"),
                e.getMessage());
        assertEquals(Optional.of("reply"), e.field());
    }

    @Test
    void aDspyFileWithAnotherSignaturesPrefixIsRefusedUnlessAllowed() throws IOException {
        ObjectNode state = (ObjectNode) fixture();
        ObjectNode answerField =
                (ObjectNode) state.get("answer").get("signature").get("fields").get(2);
        answerField.put("prefix", "Rationale:");
        ProgramStateException e =
                assertThrows(ProgramStateException.class, () -> ProgramState.fromJson(new TwoHop(), state));
        assertTrue(
                e.getMessage()
                        .startsWith("predictor 'answer', field 'answer': field 3 of the file has the prefix "
                                + "\"Rationale:\" but field 'answer' of Answer has \"Answer:\"; the file was saved for a different "
                                + "signature [question, context, answer, confidence, sentiment]"),
                e.getMessage());
        assertEquals(Optional.of("answer"), e.field());

        TwoHop program = new TwoHop();
        ProgramState.fromJson(program, state, LoadOptions.DEFAULTS.withChangedPrefixesAllowed(true));
        assertEquals(
                "Rationale:",
                program.answer.signature().field("answer").orElseThrow().prefix());
    }

    @Test
    void missingAndUnknownPredictorsAreNamed() throws IOException {
        ObjectNode state = (ObjectNode) fixture();
        state.set("answerer", state.remove("answer"));
        ProgramStateException e =
                assertThrows(ProgramStateException.class, () -> ProgramState.fromJson(new TwoHop(), state));
        assertEquals(
                "the saved predictors [generate_query.predict, answerer] do not match the predictors "
                        + "[generate_query.predict, answer] of TwoHop: no state for 'answer'; state for 'answerer', which is not a "
                        + "predictor of the program; was the file saved for another program, or were fields renamed?",
                e.getMessage());
        assertEquals(Optional.of("answer"), e.predictor());
    }

    @Test
    void aFileFromANewerDspjIsRefused() throws IOException {
        Path file = dir.resolve("qa.json");
        ProgramState.save(new Predict(QA), file);
        ObjectNode state = (ObjectNode) StateJson.read(Files.readAllBytes(file));
        ((ObjectNode) state.get("metadata").get("dspj")).put("format_version", 2);
        Path newer = write(state);
        ProgramStateException e =
                assertThrows(ProgramStateException.class, () -> ProgramState.load(new Predict(QA), newer));
        assertEquals(
                newer + ": the file was saved by a newer DSPJ (state format version 2); this DSPJ reads format "
                        + "version 1 and older: upgrade DSPJ to load it",
                e.getMessage());
    }

    @Test
    void malformedJsonIsReportedWithLineAndColumn() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\n  \"self\": {\n    \"demos\": [,]\n  }\n}\n");
        ProgramStateException e =
                assertThrows(ProgramStateException.class, () -> ProgramState.load(new Predict(QA), file));
        assertTrue(
                e.getMessage().startsWith(file + ": the file is not valid JSON at line 3, column 15: "),
                e.getMessage());
    }

    @Test
    void aDemoValueOfTheWrongTypeNamesPredictorFieldAndDemo() throws IOException {
        ObjectNode state = (ObjectNode) fixture();
        ((ObjectNode) state.get("answer").get("demos").get(0)).put("confidence", "very");
        ProgramStateException e =
                assertThrows(ProgramStateException.class, () -> ProgramState.fromJson(new TwoHop(), state));
        assertTrue(
                e.getMessage()
                        .startsWith("predictor 'answer', field 'confidence': demo 1 has \"very\", which is not a "
                                + "float: "),
                e.getMessage());
        assertEquals(Optional.of("answer"), e.predictor());
        assertEquals(Optional.of("confidence"), e.field());
    }

    @Test
    void aBadSettingNamesTheKey() throws IOException {
        ObjectNode state = (ObjectNode) fixture();
        ((ObjectNode) state.get("generate_query.predict").get("lm")).put("temperature", 5);
        ProgramStateException e =
                assertThrows(ProgramStateException.class, () -> ProgramState.fromJson(new TwoHop(), state));
        assertTrue(
                e.getMessage()
                        .startsWith("predictor 'generate_query.predict': lm.temperature is 5, which is not a "
                                + "valid setting: temperature must be between 0 and 2.0"),
                e.getMessage());
        assertEquals(Optional.of("lm.temperature"), e.field());
    }

    @Test
    void aFailedLoadLeavesTheProgramUnchanged() throws IOException {
        ObjectNode state = (ObjectNode) fixture();
        ((ObjectNode) state.get("answer").get("demos").get(1)).put("sentiment", "ECSTATIC");
        TwoHop program = new TwoHop();
        assertThrows(ProgramStateException.class, () -> ProgramState.fromJson(program, state));
        assertEquals(List.of(), program.generate_query.predict().demos(), "the first predictor was not touched");
        assertEquals(
                "Write a search query that finds the missing fact.",
                program.generate_query.predict().instructions());
        assertEquals(LmSettings.DEFAULTS, program.generate_query.predict().settings());
    }

    // ---------------------------------------------------------------- models and settings

    @Test
    void aModelIsSavedByNameAndSettingsWithoutKeysOrEndpoints() throws IOException {
        Path file = dir.resolve("with-model.json");
        try (HttpLanguageModel model = HttpLanguageModel.builder(Provider.OPENAI)
                .model("gpt-4o-mini")
                .apiKey("sk-test-do-not-save-4242")
                .baseUrl("http://127.0.0.1:9/v1")
                .cache(ResponseCache.none())
                .retry(RetryPolicy.DEFAULT.withMaxAttempts(3))
                .defaults(LmSettings.DEFAULTS.withTemperature(0.3))
                .build()) {
            Predict predict = new Predict(QA);
            predict.setModel(model);
            predict.setSettings(LmSettings.DEFAULTS.withMaxTokens(200));
            ProgramState.save(predict, file);
        }
        String text = Files.readString(file);
        assertFalse(text.contains("sk-test"), text);
        assertFalse(text.contains("127.0.0.1"), text);
        JsonNode lm = StateJson.read(text.getBytes(StandardCharsets.UTF_8))
                .get("self")
                .get("lm");
        assertEquals(
                "{\"_dspy_lm_class\":\"dspy.clients.lm.LM\",\"model\":\"openai/gpt-4o-mini\",\"model_type\":\"chat\","
                        + "\"cache\":true,\"num_retries\":2,\"temperature\":0.3,\"max_tokens\":200,\"finetuning_model\":null,"
                        + "\"launch_kwargs\":{},\"train_kwargs\":{}}",
                lm.toString());

        // the predictor's own settings come back exactly, not the client's defaults merged in
        Predict fresh = new Predict(QA);
        ProgramState.load(fresh, file);
        assertEquals(LmSettings.DEFAULTS.withMaxTokens(200), fresh.settings());
    }

    @Test
    void savedModelsAreRecreatedOnlyWhenAsked() throws IOException {
        Predict predict = new Predict(QA);
        predict.setModel(ScriptedModel.replying().named("scripted-a"));
        Path file = dir.resolve("model.json");
        ProgramState.save(predict, file);

        Predict keeps = new Predict(QA);
        ProgramState.load(keeps, file);
        assertTrue(keeps.model().isEmpty());

        AtomicInteger built = new AtomicInteger();
        Predict recreated = new Predict(QA);
        ProgramState.load(recreated, file, LoadOptions.DEFAULTS.withModels(name -> {
            built.incrementAndGet();
            return ScriptedModel.replying().named(name);
        }));
        assertEquals("scripted-a", recreated.model().orElseThrow().modelName());
        assertEquals(1, built.get());

        ScriptedModel same = ScriptedModel.replying().named("scripted-a");
        Predict sameName = new Predict(QA);
        sameName.setModel(same);
        ProgramState.load(sameName, file, LoadOptions.DEFAULTS.withModels(name -> {
            throw new AssertionError("a predictor that already has the saved model keeps it");
        }));
        assertSame(same, sameName.model().orElseThrow());

        ProgramStateException e = assertThrows(
                ProgramStateException.class,
                () -> ProgramState.load(new Predict(QA), file, LoadOptions.DEFAULTS.withModels(name -> {
                    throw new IllegalArgumentException("no key for " + name);
                })));
        assertTrue(
                e.getMessage()
                        .endsWith("predictor 'self': could not create the saved model scripted-a: no key for "
                                + "scripted-a"),
                e.getMessage());
    }

    @Test
    void settingsWithoutAModelRoundTrip() throws IOException {
        Predict predict = new Predict(QA);
        LmSettings settings = LmSettings.DEFAULTS
                .withTemperature(0.2)
                .withTopP(0.9)
                .withStop(List.of("\n\n"))
                .withSeed(7)
                .withN(2)
                .withRolloutId(3)
                .withCache(false);
        predict.setSettings(settings);
        ObjectNode state = ProgramState.toJson(predict);
        assertTrue(state.get("self").get("lm").isNull());
        assertEquals(
                "{\"temperature\":0.2,\"top_p\":0.9,\"stop\":[\"\\n\\n\"],\"n\":2,\"seed\":7,\"rollout_id\":3,"
                        + "\"cache\":false}",
                state.get("metadata")
                        .get("dspj")
                        .get("predictors")
                        .get("self")
                        .get("settings")
                        .toString());
        Predict fresh = new Predict(QA);
        fresh.setSettings(LmSettings.DEFAULTS.withMaxTokens(5));
        ProgramState.fromJson(fresh, state);
        assertEquals(settings, fresh.settings());
    }

    // ---------------------------------------------------------------- atomic writes

    @Test
    void aFailedSaveLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("sub/dir/qa.json");
        ProgramState.save(new Predict(QA), file);
        String before = Files.readString(file);

        Predict shared = new Predict(QA);
        Module twoPaths = new Module() {
            @Override
            public Prediction forward(Map<String, Object> inputs) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<NamedPredictor> namedPredictors() {
                return List.of(new NamedPredictor("self", shared), new NamedPredictor("self", new Predict(QA)));
            }

            @Override
            public Module deepCopy() {
                return this;
            }
        };
        ProgramStateException e = assertThrows(ProgramStateException.class, () -> ProgramState.save(twoPaths, file));
        assertEquals("cannot save: two predictors have the path 'self'", e.getMessage());
        assertEquals(before, Files.readString(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void readersNeverSeeAPartialFile() throws Exception {
        Path file = dir.resolve("busy.json");
        Predict small = new Predict(QA);
        Predict large = new Predict(QA);
        large.setDemos(java.util.stream.IntStream.range(0, 2_000)
                .mapToObj(i -> Example.of("question", "question " + i + " ".repeat(40), "answer", "answer " + i)
                        .withInputs("question"))
                .toList());
        ProgramState.save(small, file);

        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    Predict target = new Predict(QA);
                    ProgramState.load(target, file);
                    int n = target.demos().size();
                    if (n != 0 && n != 2_000) {
                        throw new AssertionError("read " + n + " demos");
                    }
                    reads.incrementAndGet();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    return;
                }
            }
        });
        reader.start();
        for (int i = 0; i < 40; i++) {
            ProgramState.save(i % 2 == 0 ? large : small, file);
        }
        done.set(true);
        reader.join();
        if (failure.get() != null) {
            throw new AssertionError("a reader saw a partial file", failure.get());
        }
        assertTrue(reads.get() > 0);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> keys(JsonNode node) {
        List<String> keys = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static void assertSameFields(SignatureDescriptor expected, SignatureDescriptor actual) {
        assertEquals(expected.fields().size(), actual.fields().size());
        for (int i = 0; i < expected.fields().size(); i++) {
            FieldDescriptor<?> e = expected.fields().get(i);
            FieldDescriptor<?> a = actual.fields().get(i);
            assertEquals(e.name(), a.name());
            assertEquals(e.prefix(), a.prefix(), e.name());
            assertEquals(e.description(), a.description(), e.name());
        }
        assertEquals(expected.instructions(), actual.instructions());
    }
}
