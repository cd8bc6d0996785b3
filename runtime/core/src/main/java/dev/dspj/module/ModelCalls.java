package dev.dspj.module;

import dev.dspj.adapter.Adapter;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.observe.ActiveCall;
import dev.dspj.observe.Callbacks;
import dev.dspj.observe.EventKind;
import dev.dspj.signature.SignatureDescriptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A predictor's steps as observed calls: the adapter's format and parse steps and the model call,
 * each announced to the callbacks in scope (and costing a thread-local read when there are none).
 * A model call made while a {@link PredictorStream} is current goes through it.
 */
final class ModelCalls {

    private ModelCalls() {}

    static List<ChatMessage> format(
            Adapter adapter,
            SignatureDescriptor signature,
            List<dev.dspj.primitives.Example> demos,
            Map<String, Object> inputs) {
        ActiveCall call = Callbacks.start(EventKind.ADAPTER_FORMAT, adapter.name(), adapter, inputs);
        if (!call.observed()) {
            return adapter.format(signature, demos, inputs);
        }
        return observed(call, () -> adapter.format(signature, demos, inputs));
    }

    static Map<String, Object> parse(Adapter adapter, SignatureDescriptor signature, LmResponse response) {
        ActiveCall call = Callbacks.start(
                EventKind.ADAPTER_PARSE, adapter.name(), adapter, Map.of("completion", response.text()));
        if (!call.observed()) {
            return adapter.parse(signature, response);
        }
        return observed(call, () -> adapter.parse(signature, response));
    }

    static LmResponse complete(Predict predictor, LanguageModel model, LmRequest request, Adapter adapter) {
        ActiveCall call = Callbacks.start(EventKind.LM, model.modelName(), model, Map.of("request", request));
        PredictorStream stream = PredictorStream.current();
        if (stream != null) {
            return observed(call, () -> join(stream.complete(predictor, model, request, adapter)));
        }
        if (!call.observed()) {
            return model.complete(request);
        }
        return observed(call, () -> model.complete(request));
    }

    static CompletableFuture<LmResponse> completeAsync(
            Predict predictor, LanguageModel model, LmRequest request, Adapter adapter) {
        ActiveCall call = Callbacks.start(EventKind.LM, model.modelName(), model, Map.of("request", request));
        PredictorStream stream = PredictorStream.current();
        CompletableFuture<LmResponse> response;
        try (var scope = call.enter()) {
            response =
                    stream != null ? stream.complete(predictor, model, request, adapter) : model.completeAsync(request);
        }
        if (!call.observed()) {
            return response;
        }
        return response.whenComplete((answer, error) -> {
            if (error == null) {
                call.end(answer);
            } else {
                call.fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            }
        });
    }

    private static LmResponse join(CompletableFuture<LmResponse> response) {
        try {
            return response.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException failure) {
                throw failure;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static <T> T observed(ActiveCall call, Supplier<T> body) {
        T result;
        try (var scope = call.enter()) {
            result = body.get();
        } catch (RuntimeException | Error e) {
            call.fail(e);
            throw e;
        }
        call.end(result);
        return result;
    }
}
