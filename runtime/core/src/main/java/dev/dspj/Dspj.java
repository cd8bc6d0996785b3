package dev.dspj;

import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LanguageModels;
import dev.dspj.lm.history.CallHistory;
import dev.dspj.lm.usage.UsageTracker;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide settings: the default language model that predictors without a model of their
 * own use. A model set on a predictor ({@code withModel}) or for one call
 * ({@code CallOptions.model}) wins over it. When code sets none, the model named by the
 * {@code DSPJ_LM} environment variable is created on first use (for example
 * {@code DSPJ_LM=openai/gpt-4o-mini} with {@code OPENAI_API_KEY}). Safe to use from any thread.
 *
 * <p>A program need not close the default model: the threads DSPJ's clients start are daemon
 * threads, so the JVM ends when {@code main} returns, and a JVM shutdown hook
 * ({@code dspj-shutdown}) closes the default model then, which writes out what its response cache
 * still holds. Closing it by hand before is harmless (closing twice does nothing more).
 */
public final class Dspj {

    private static final AtomicReference<LanguageModel> DEFAULT_MODEL = new AtomicReference<>();
    private static final AtomicReference<LanguageModel> FROM_ENVIRONMENT = new AtomicReference<>();

    private Dspj() {}

    /**
     * Sets the default model, as DSPy's {@code dspy.configure(lm=...)}.
     *
     * @param model the model; {@code null} to clear it
     */
    public static void configure(@Nullable LanguageModel model) {
        DEFAULT_MODEL.set(model);
        if (model != null) {
            ShutdownHook.install();
        }
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
                    if (fromEnvironment != null) {
                        ShutdownHook.install();
                    }
                }
            }
        }
        return Optional.ofNullable(fromEnvironment);
    }

    /**
     * The last {@code n} calls made in this JVM, oldest first, as readable text (what DSPy's
     * {@code inspect_history} prints). Nothing is printed: the text is only returned, so that
     * {@code System.out.println(Dspj.inspectHistory(3))} shows it once and a logger can take it
     * instead.
     *
     * @param n how many calls
     * @return the text; empty when no call has been made
     */
    public static String inspectHistory(int n) {
        return CallHistory.global().inspect(n);
    }

    /**
     * Totals of calls, tokens and cost per model in this JVM.
     *
     * @return the global usage tracker
     */
    public static UsageTracker usage() {
        return UsageTracker.global();
    }

    /**
     * Closes the default models when the JVM ends (the configured one and the one made from
     * {@code DSPJ_LM}), so that their caches write out what they hold; installed once, when the
     * first default model is set.
     */
    private static final class ShutdownHook {
        private static final Logger LOG = LoggerFactory.getLogger(Dspj.class);

        static {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(ShutdownHook::closeDefaultModels, "dspj-shutdown"));
            } catch (IllegalStateException shuttingDown) {
                LOG.debug("the JVM is already shutting down; the default model is not closed at exit");
            }
        }

        private ShutdownHook() {}

        /** Runs the static initializer once. */
        static void install() {
            // the class initializer registers the hook
        }

        private static void closeDefaultModels() {
            close(DEFAULT_MODEL.get());
            LanguageModel fromEnvironment = FROM_ENVIRONMENT.get();
            if (fromEnvironment != DEFAULT_MODEL.get()) {
                close(fromEnvironment);
            }
        }

        private static void close(@Nullable LanguageModel model) {
            if (model == null) {
                return;
            }
            try {
                model.close();
            } catch (Exception e) {
                LOG.debug("closing the default model {} at exit: {}", model, e.toString());
            }
        }
    }
}
