package dev.dspj.module;

import dev.dspj.adapter.Adapter;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.observe.CallContext;
import dev.dspj.observe.ContextKey;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * How a predictor's model calls are made while a program is streamed ({@code dev.dspj.streaming}):
 * set in the run's {@link CallContext} under {@link #KEY}, it receives every model call a {@link
 * Predict} makes and answers it, streaming the ones whose fields somebody listens to. Not for
 * applications: use {@code dev.dspj.streaming.Streaming}.
 */
public interface PredictorStream {

    /** Where a streamed run keeps its stream. */
    ContextKey<PredictorStream> KEY = ContextKey.named("predictor stream");

    /**
     * Makes one model call of a predictor.
     *
     * @param predictor the predictor calling
     * @param model its model
     * @param request the request
     * @param adapter the adapter whose format the answer is in
     * @return the response, later
     */
    CompletableFuture<LmResponse> complete(Predict predictor, LanguageModel model, LmRequest request, Adapter adapter);

    /**
     * The stream of the run whose context is current, if it is streamed.
     *
     * @return the stream, or null
     */
    static @Nullable PredictorStream current() {
        return CallContext.current().get(KEY);
    }
}
