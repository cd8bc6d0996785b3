package dev.dspj.testing;

import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.primitives.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Test support: a deterministic in-process model that answers from a queue of scripted replies or
 * from a function of the request, and records every request it received. Use it in unit tests of
 * your own programs; it makes no network call.
 *
 * <pre>{@code
 * ScriptedModel model = ScriptedModel.replying(ScriptedModel.chatAnswer("answer", "Paris"));
 * QaPredictor qa = QaPredictor.predict().withModel(model);
 * assertEquals("Paris", qa.call("Capital of France?").answer());
 * }</pre>
 */
public final class ScriptedModel implements LanguageModel {

    private final String name;
    private final Function<LmRequest, String> responder;
    private final List<LmRequest> requests = Collections.synchronizedList(new ArrayList<>());

    private ScriptedModel(String name, Function<LmRequest, String> responder) {
        this.name = name;
        this.responder = responder;
    }

    /**
     * A model that answers with these texts, one per call, in order, and fails once they run out.
     *
     * @param replies the completions
     * @return the model
     */
    public static ScriptedModel replying(String... replies) {
        Deque<String> queue = new ArrayDeque<>(List.of(replies));
        int total = replies.length;
        return new ScriptedModel("scripted", request -> {
            synchronized (queue) {
                if (queue.isEmpty()) {
                    throw new IllegalStateException("ScriptedModel ran out of replies: " + total
                            + " were scripted and call " + (total + 1) + " was made");
                }
                return queue.poll();
            }
        });
    }

    /**
     * A model that answers each request with a function of it.
     *
     * @param responder computes the completion text from the request
     * @return the model
     */
    public static ScriptedModel answering(Function<LmRequest, String> responder) {
        return new ScriptedModel("scripted", Objects.requireNonNull(responder, "responder"));
    }

    /**
     * Builds an answer in the Chat format from alternating field names and values:
     * {@code chatAnswer("answer", "Paris")} gives {@code [[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]}.
     *
     * @param namesAndValues name, value, name, value...
     * @return the completion text
     */
    public static String chatAnswer(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("chatAnswer takes name/value pairs; got an odd number of arguments");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.append("[[ ## ")
                    .append(namesAndValues[i])
                    .append(" ## ]]\n")
                    .append(namesAndValues[i + 1])
                    .append("\n\n");
        }
        return out.append("[[ ## completed ## ]]").toString();
    }

    /**
     * Returns a copy that reports another model name.
     *
     * @param modelName the name
     * @return the copy, sharing the replies
     */
    public ScriptedModel named(String modelName) {
        return new ScriptedModel(modelName, responder);
    }

    @Override
    public String modelName() {
        return name;
    }

    @Override
    public LmResponse complete(LmRequest request) {
        requests.add(request);
        String text = responder.apply(request);
        long promptChars = 0;
        for (ChatMessage message : request.messages()) {
            promptChars += message.content().length();
        }
        return new LmResponse(
                List.of(text), new Usage(estimateTokens(promptChars), estimateTokens(text.length())), name);
    }

    private static long estimateTokens(long chars) {
        return (chars + 3) / 4;
    }

    /**
     * Every request received, in order.
     *
     * @return a snapshot of the requests
     */
    public List<LmRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * The most recent request.
     *
     * @return the request
     * @throws IllegalStateException when no call was made
     */
    public LmRequest lastRequest() {
        synchronized (requests) {
            if (requests.isEmpty()) {
                throw new IllegalStateException("ScriptedModel received no request");
            }
            return requests.get(requests.size() - 1);
        }
    }
}
