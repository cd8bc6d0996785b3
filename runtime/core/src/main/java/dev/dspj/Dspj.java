package dev.dspj;

import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LanguageModels;
import dev.dspj.lm.history.CallHistory;
import dev.dspj.lm.usage.UsageTracker;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Process-wide settings: the default language model that predictors without a model of their
 * own use. A model set on a predictor ({@code withModel}) or for one call
 * ({@code CallOptions.model}) wins over it. When code sets none, the model named by the
 * {@code DSPJ_LM} environment variable is created on first use (for example
 * {@code DSPJ_LM=openai/gpt-4o-mini} with {@code OPENAI_API_KEY}). Safe to use from any thread.
 */
public final class Dspj {

    private static final AtomicReference<LanguageModel> DEFAULT_MODEL = new AtomicReference<>();
    private static final AtomicReference<LanguageModel> FROM_ENVIRONMENT = new AtomicReference<>();

    private Dspj() {
    }

    /**
     * Sets the default model, as DSPy's {@code dspy.configure(lm=...)}.
     *
     * @param model the model; {@code null} to clear it
     */
    public static void configure(LanguageModel model) {
        DEFAULT_MODEL.set(model);
    }

    /**
     * The default model, if one is set.
     *
     * @return the model
     */
    public static Optional<LanguageModel> defaultModel() {
        LanguageModel configured = DEFAULT_MODEL.get();
        if (configured != null) {
            return Optional.of(configured);
        }
        LanguageModel fromEnvironment = FROM_ENVIRONMENT.get();
        if (fromEnvironment == null) {
            synchronized (FROM_ENVIRONMENT) {
                fromEnvironment = FROM_ENVIRONMENT.get();
                if (fromEnvironment == null) {
                    fromEnvironment = LanguageModels.fromEnvironment().orElse(null);
                    FROM_ENVIRONMENT.set(fromEnvironment);
                }
            }
        }
        return Optional.ofNullable(fromEnvironment);
    }

    /**
     * The calls made in this JVM, most recent last, printed readably (DSPy's
     * {@code inspect_history}).
     *
     * @param n how many calls
     * @return the text, also printed to standard output
     */
    public static String inspectHistory(int n) {
        String text = CallHistory.global().inspect(n);
        System.out.println(text);
        return text;
    }

    /**
     * Totals of calls, tokens and cost per model in this JVM.
     *
     * @return the global usage tracker
     */
    public static UsageTracker usage() {
        return UsageTracker.global();
    }
}
