package dev.dspj.optimize;

import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.ModelCapabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A model that records every request and passes it to another model (or fails when told to). */
final class RecordingModel implements LanguageModel {

    private final LanguageModel inner;
    private final List<LmRequest> requests = new ArrayList<>();
    private volatile RuntimeException failure;

    RecordingModel(LanguageModel inner) {
        this.inner = inner;
    }

    /** Makes every later call throw this. */
    RecordingModel failWith(RuntimeException value) {
        this.failure = value;
        return this;
    }

    synchronized List<LmRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public String modelName() {
        return inner.modelName();
    }

    @Override
    public LmResponse complete(LmRequest request) {
        synchronized (this) {
            requests.add(request);
        }
        if (failure != null) {
            throw failure;
        }
        return inner.complete(request);
    }

    @Override
    public CompletableFuture<LmResponse> completeAsync(LmRequest request) {
        try {
            return CompletableFuture.completedFuture(complete(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public ModelCapabilities capabilities() {
        return inner.capabilities();
    }
}
