package dev.dspj.module;

import dev.dspj.adapter.Adapter;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.observe.CallContext;
import dev.dspj.observe.ContextKey;
import dev.dspj.signature.SignatureDescriptor;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** The stream a program's run writes field chunks to, while one listens. */
final class FieldStream {

    static final ContextKey<FieldStream> KEY = ContextKey.named("field stream");

    static @Nullable FieldStream current() {
        return CallContext.current().get(KEY);
    }

    LmResponse complete(LanguageModel model, LmRequest request, SignatureDescriptor signature, Adapter adapter) {
        return model.complete(request);
    }

    CompletableFuture<LmResponse> completeAsync(
            LanguageModel model, LmRequest request, SignatureDescriptor signature, Adapter adapter) {
        return model.completeAsync(request);
    }
}
