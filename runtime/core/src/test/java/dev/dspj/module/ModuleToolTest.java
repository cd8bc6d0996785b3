package dev.dspj.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.codec.Codecs;
import dev.dspj.codec.SchemaDefinitions;
import dev.dspj.codec.ValueCodec;
import dev.dspj.codec.ValueParseException;
import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ModuleToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SignatureDescriptor COUNT = SignatureDescriptor.builder("Count")
            .instructions("Count the words of a sentence.")
            .field(FieldDescriptor.input("sentence", Codecs.STRING, "the sentence", "String"))
            .field(FieldDescriptor.input("language", Codecs.optional(Codecs.STRING), "", "Optional<String>"))
            .field(FieldDescriptor.output("words", Codecs.INT, "how many words", "int"))
            .field(FieldDescriptor.output("note", Codecs.STRING, "", "String"))
            .build();

    @Test
    void aPredictIsCalledAsynchronouslyAndAnswersWithItsOutputsAsAnObject() throws Exception {
        Predict predict = new Predict(COUNT);
        predict.setModel(ScriptedModel.replying(ScriptedModel.chatAnswer("words", "3", "note", "easy")));
        Tool tool = ModuleTool.of("count", predict, COUNT);
        assertEquals("Count the words of a sentence.", tool.description().orElseThrow());
        assertEquals(
                "{\"sentence\":{\"type\":\"string\",\"description\":\"the sentence\"},"
                        + "\"language\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}],\"default\":null}}",
                tool.args().toString());
        assertEquals("[\"sentence\"]", tool.parameters().get("required").toString());
        ToolResult result =
                tool.invoke(JSON.readTree("{\"sentence\": \"one two three\"}")).get(5, TimeUnit.SECONDS);
        assertEquals(JSON.readTree("{\"words\": 3, \"note\": \"easy\"}"), result.json());
        assertEquals("{\"words\": 3, \"note\": \"easy\"}", result.text());
    }

    @Test
    void aModuleWithoutAsyncRunsOnTheCallersThreadAndMissingOutputsAreNull() throws Exception {
        Map<String, Object> seen = new HashMap<>();
        Module module = new Module() {
            @Override
            public Prediction forward(Map<String, Object> inputs) {
                seen.putAll(inputs);
                seen.put("thread", Thread.currentThread().getName());
                return new Prediction(Map.of("words", 2), Completion.none());
            }

            @Override
            public List<NamedPredictor> namedPredictors() {
                return List.of();
            }

            @Override
            public Module deepCopy() {
                return this;
            }
        };
        Tool tool = ModuleTool.of("count", "Counts words.", module, COUNT);
        ToolResult result = tool.invoke(JSON.readTree("{\"sentence\": \"a b\", \"language\": \"en\"}"))
                .get(5, TimeUnit.SECONDS);
        assertEquals(JSON.readTree("{\"words\": 2, \"note\": null}"), result.json());
        assertEquals("a b", seen.get("sentence"));
        assertEquals(java.util.Optional.of("en"), seen.get("language"));
        assertEquals(Thread.currentThread().getName(), seen.get("thread"));
        assertEquals("Counts words.", tool.description().orElseThrow());
    }

    @Test
    @SuppressWarnings("unchecked") // the result codec of a module tool is its outputs codec
    void theResultTypeDescribesTheOutputs() {
        Tool tool = ModuleTool.of("count", new Predict(COUNT), COUNT);
        ValueCodec<JsonNode> outputs = (ValueCodec<JsonNode>) tool.resultCodec().orElseThrow();
        assertEquals("dict", outputs.typeName());
        JsonNode schema = outputs.schema(new SchemaDefinitions());
        assertEquals(
                "how many words", schema.at("/properties/words/description").asText());
        assertEquals("[\"words\",\"note\"]", schema.get("required").toString());
        assertEquals(3, outputs.parseText("{\"words\": 3}").get("words").asInt());
        ValueParseException thrown = assertThrows(ValueParseException.class, () -> outputs.parseText("[1]"));
        assertTrue(thrown.getMessage().contains("outputs of Count"), thrown.getMessage());
    }
}
