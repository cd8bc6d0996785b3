package dev.dspj.module;

import dev.dspj.primitives.Prediction;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A module that can run without blocking the caller: its model calls go through
 * {@link dev.dspj.lm.LanguageModel#completeAsync}, so many calls can be in flight without a thread
 * each. {@link Parallel} uses it to run thousands of inputs with a bounded number of calls in
 * flight and no thread pool; modules without it run on a bounded pool instead.
 */
public interface AsyncModule extends Module {

    /**
     * Runs the module without blocking the caller.
     *
     * @param inputs input field name to value
     * @param options a model and settings that win for this call
     * @return the outputs, later; failures complete the future exceptionally
     */
    CompletableFuture<Prediction> forwardAsync(Map<String, Object> inputs, CallOptions options);
}
