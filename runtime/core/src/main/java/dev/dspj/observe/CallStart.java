package dev.dspj.observe;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The start of one observed call.
 *
 * @param callId this call's id, unique in the process
 * @param parentId the id of the call it was made from, or null for a call made outside any other
 * @param runId the id of the outermost call it belongs to (its own id when it has no parent)
 * @param kind what kind of call it is
 * @param name a short name: the module's or tool's class or name, the model's name, the adapter's
 *     name, the optimizer's name
 * @param path where in the program it runs ({@code hops[1]}, {@code generate_answer}); empty when
 *     outside a program or at its top
 * @param instance the object called: the module, model, adapter, tool, evaluator or optimizer
 * @param inputs what it was called with: input values by field name, the request ({@code request}),
 *     tool arguments; never an API key
 * @param startNanos {@link System#nanoTime()} at the start
 */
public record CallStart(
        String callId,
        @Nullable String parentId,
        String runId,
        EventKind kind,
        String name,
        String path,
        Object instance,
        Map<String, ?> inputs,
        long startNanos) {

    /**
     * Validates the start.
     *
     * @param callId the call's id
     * @param parentId the parent's id, or null
     * @param runId the run's id
     * @param kind the kind
     * @param name the short name
     * @param path the path in the program
     * @param instance the object called
     * @param inputs the inputs
     * @param startNanos the start time
     */
    public CallStart {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(inputs, "inputs");
    }
}
