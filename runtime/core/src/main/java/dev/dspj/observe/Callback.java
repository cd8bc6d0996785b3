package dev.dspj.observe;

/**
 * Hooks on a program's calls, DSPy's {@code BaseCallback}: every method has a default that does
 * nothing, so an implementation overrides the events it wants, or {@link #onStart} and {@link
 * #onEnd} to see every event in one place (as the OpenTelemetry bridge does).
 *
 * <p>Callbacks run on the thread where the event happens, synchronously, so they should be quick
 * and thread-safe. One that throws is logged and skipped: it never breaks the call it observes.
 * Register one with {@link Callbacks#register} (the whole process), {@link Callbacks#attach} (one
 * program and everything it calls) or {@link Callbacks#with} (one block of code).
 */
public interface Callback {

    /**
     * Any call started. The default hands it to the method of its kind ({@link #onModuleStart}
     * and so on).
     *
     * @param start the start
     */
    default void onStart(CallStart start) {
        switch (start.kind()) {
            case MODULE -> onModuleStart(start);
            case LM -> onLmStart(start);
            case ADAPTER_FORMAT -> onAdapterFormatStart(start);
            case ADAPTER_PARSE -> onAdapterParseStart(start);
            case TOOL -> onToolStart(start);
            case EVALUATE -> onEvaluateStart(start);
            case COMPILE -> onCompileStart(start);
        }
    }

    /**
     * The body of a started call is about to run on this thread (the call's own work and the calls
     * it makes): a callback that keeps a context of its own, such as OpenTelemetry's current span,
     * makes it current here so that what runs inside (an HTTP client's instrumentation) nests under
     * the call. Called on every thread the body enters, before the calls it makes start; the scope
     * returned is closed when the body leaves that thread. The default does nothing.
     *
     * @param start the call whose body runs
     * @return what to close when the body leaves
     */
    default Scope onEnter(CallStart start) {
        return Scope.NONE;
    }

    /**
     * Any call ended. The default hands it to the method of its kind ({@link #onModuleEnd} and so
     * on).
     *
     * @param end the end
     */
    default void onEnd(CallEnd end) {
        switch (end.kind()) {
            case MODULE -> onModuleEnd(end);
            case LM -> onLmEnd(end);
            case ADAPTER_FORMAT -> onAdapterFormatEnd(end);
            case ADAPTER_PARSE -> onAdapterParseEnd(end);
            case TOOL -> onToolEnd(end);
            case EVALUATE -> onEvaluateEnd(end);
            case COMPILE -> onCompileEnd(end);
        }
    }

    /**
     * A module started.
     *
     * @param start the start
     */
    default void onModuleStart(CallStart start) {}

    /**
     * A module ended, with its outputs or its error.
     *
     * @param end the end
     */
    default void onModuleEnd(CallEnd end) {}

    /**
     * A model call started.
     *
     * @param start the start
     */
    default void onLmStart(CallStart start) {}

    /**
     * A model call ended, with its outputs or its error.
     *
     * @param end the end
     */
    default void onLmEnd(CallEnd end) {}

    /**
     * An adapter's format step started.
     *
     * @param start the start
     */
    default void onAdapterFormatStart(CallStart start) {}

    /**
     * An adapter's format step ended, with its outputs or its error.
     *
     * @param end the end
     */
    default void onAdapterFormatEnd(CallEnd end) {}

    /**
     * An adapter's parse step started.
     *
     * @param start the start
     */
    default void onAdapterParseStart(CallStart start) {}

    /**
     * An adapter's parse step ended, with its outputs or its error.
     *
     * @param end the end
     */
    default void onAdapterParseEnd(CallEnd end) {}

    /**
     * A tool call started.
     *
     * @param start the start
     */
    default void onToolStart(CallStart start) {}

    /**
     * A tool call ended, with its outputs or its error.
     *
     * @param end the end
     */
    default void onToolEnd(CallEnd end) {}

    /**
     * An evaluation started.
     *
     * @param start the start
     */
    default void onEvaluateStart(CallStart start) {}

    /**
     * An evaluation ended, with its outputs or its error.
     *
     * @param end the end
     */
    default void onEvaluateEnd(CallEnd end) {}

    /**
     * An optimizer's compile started.
     *
     * @param start the start
     */
    default void onCompileStart(CallStart start) {}

    /**
     * An optimizer's compile ended, with its outputs or its error.
     *
     * @param end the end
     */
    default void onCompileEnd(CallEnd end) {}
}
