package dev.dspj.lm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ResponseFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI protocol's one-pass body writer and reader give what its tree-building ones give
 * (the integration tests check the providers' documented bodies; these check the module alone).
 */
class OpenAiBodiesTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private final OpenAiProtocol openAi = new OpenAiProtocol("openai", "/chat/completions", false);

    @Test
    void requestBytesAreTheTreeWrittenOut() throws Exception {
        LmSettings settings = LmSettings.DEFAULTS
                .withTemperature(0.25)
                .withMaxTokens(32)
                .withTopP(0.5)
                .withStop(List.of("END"))
                .withN(2)
                .withSeed(11L)
                .withResponseFormat(ResponseFormat.jsonSchema(
                        "Answer", MAPPER.createObjectNode().put("type", "object"), true));
        LmRequest request =
                new LmRequest(List.of(ChatMessage.system("Be \"brief\"."), ChatMessage.user("Héllo\n")), settings);
        for (boolean stream : new boolean[] {false, true}) {
            assertEquals(
                    new String(
                            MAPPER.writeValueAsBytes(openAi.requestBody("m", request, stream)), StandardCharsets.UTF_8),
                    new String(openAi.requestBytes("m", request, stream), StandardCharsets.UTF_8));
        }
    }

    @Test
    void responseBytesReadAsTheTreeReadsThem() throws Exception {
        List<String> bodies = List.of(
                "{\"id\":\"x\",\"model\":\"gpt-4o-mini-2024\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                        + "\"assistant\",\"content\":\"[[ ## answer ## ]]\\nParis\",\"refusal\":null,"
                        + "\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":"
                        + "{\"prompt_tokens\":14,\"completion_tokens\":9,\"prompt_tokens_details\":{\"cached_tokens\":0}}}",
                "{\"choices\":[{\"message\":{\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":1}\"}}]},"
                        + "\"finish_reason\":\"tool_calls\"}]}",
                "{\"choices\":[{\"message\":{\"content\":\"\",\"refusal\":\"I cannot.\"}},"
                        + "{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"two\"}]}}],\"model\":7}");
        for (String body : bodies) {
            LmResponse fromTree = openAi.parseResponse(MAPPER.readTree(body), "asked");
            LmResponse fromBytes = openAi.parseResponse(body.getBytes(StandardCharsets.UTF_8), "asked");
            assertEquals(fromTree, fromBytes, body);
        }
        assertTrue(openAi.parseResponse(bodies.get(1).getBytes(StandardCharsets.UTF_8), "asked")
                .toolCalls()
                .get(0)
                .name()
                .equals("lookup"));
    }

    @Test
    void bodiesThatAreNotCompletionsAreRefused() {
        for (String body : List.of("[]", "{\"choices\":[]}", "{\"choices\":3}", "{}", "{\"choices\":[")) {
            assertThrows(Exception.class, () -> openAi.parseResponse(body.getBytes(StandardCharsets.UTF_8), "m"), body);
        }
    }
}
