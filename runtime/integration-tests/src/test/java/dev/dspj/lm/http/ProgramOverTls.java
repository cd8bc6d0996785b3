package dev.dspj.lm.http;

import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LanguageModels;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.cache.ResponseCache;
import java.util.List;

/**
 * A program that calls an HTTPS endpoint (its certificate trusted through the JVM's trust store
 * properties, as a company's own CA would be), on Micronaut's client from the first request: two
 * plain answers and a streamed one, printed. {@link TlsTest} runs it in a child JVM.
 */
public final class ProgramOverTls {

    static final String ANSWER = "answer: ";
    static final String STREAMED = "streamed: ";

    private ProgramOverTls() {}

    /**
     * Calls the endpoint.
     *
     * @param args the endpoint's base URL ({@code https://127.0.0.1:<port>/v1})
     * @throws InterruptedException when the stream is interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        try (HttpLanguageModel model = LanguageModels.builder("openai-compatible/tls-model")
                .baseUrl(args[0])
                .apiKey("sk-tls-test")
                .cache(ResponseCache.none())
                .build()) {
            model.expectConcurrentCalls(2); // Micronaut's client from the first request on
            LmRequest request = new LmRequest(List.of(ChatMessage.user("Where is Paris?")), LmSettings.DEFAULTS);
            for (int i = 0; i < 2; i++) {
                System.out.println(ANSWER + model.complete(request).text());
            }
            System.out.println(STREAMED + ProgramThatEnds.stream(model, request));
        }
    }
}
