package dev.dspj.streaming;

import dev.dspj.observe.CallEnd;
import dev.dspj.observe.CallStart;
import dev.dspj.tool.Tool;
import org.jspecify.annotations.Nullable;

/**
 * The status messages a stream sends as modules, model calls and tools start and end, DSPy's
 * {@code StatusMessageProvider}: each method returns the message, or null for none. The defaults
 * are DSPy's: {@code Calling tool NAME...} when a tool starts and {@code Tool calling finished!
 * Querying the LLM with tool calling results...} when it ends (not for an agent's {@code finish}),
 * nothing for modules and model calls.
 */
public interface StatusMessageProvider {

    /** DSPy's messages. */
    StatusMessageProvider DEFAULT = new StatusMessageProvider() {};

    /** No status messages. */
    StatusMessageProvider NONE = new StatusMessageProvider() {
        @Override
        public @Nullable String toolStart(CallStart start) {
            return null;
        }

        @Override
        public @Nullable String toolEnd(CallEnd end) {
            return null;
        }
    };

    /**
     * A module started.
     *
     * @param start the start
     * @return the message, or null
     */
    default @Nullable String moduleStart(CallStart start) {
        return null;
    }

    /**
     * A module ended.
     *
     * @param end the end
     * @return the message, or null
     */
    default @Nullable String moduleEnd(CallEnd end) {
        return null;
    }

    /**
     * A model call started.
     *
     * @param start the start
     * @return the message, or null
     */
    default @Nullable String lmStart(CallStart start) {
        return null;
    }

    /**
     * A model call ended.
     *
     * @param end the end
     * @return the message, or null
     */
    default @Nullable String lmEnd(CallEnd end) {
        return null;
    }

    /**
     * A tool started.
     *
     * @param start the start
     * @return the message, or null
     */
    default @Nullable String toolStart(CallStart start) {
        return "Calling tool " + start.name() + "...";
    }

    /**
     * A tool ended.
     *
     * @param end the end
     * @return the message, or null
     */
    default @Nullable String toolEnd(CallEnd end) {
        return "Tool calling finished! Querying the LLM with tool calling results...";
    }

    /**
     * Whether a tool is an agent's {@code finish}, whose start and end send no message.
     *
     * @param instance the tool
     * @return true for {@code finish}
     */
    static boolean isFinish(Object instance) {
        return instance instanceof Tool tool && "finish".equals(tool.name());
    }
}
