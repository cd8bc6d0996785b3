package dev.dspj.sim;

import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which faults strike a request: the model's configured faults and the last user
 * message's directives, each counting the requests it has seen (per model, or per prompt).
 * Thread-safe.
 */
final class FaultGate {

    private final long seed;
    private final Map<String, List<Fault>> perModel;
    private final Map<String, AtomicLong> attempts = new ConcurrentHashMap<>();

    FaultGate(long seed, Map<String, List<Fault>> perModel) {
        this.seed = seed;
        Map<String, List<Fault>> copy = new HashMap<>();
        perModel.forEach((model, faults) -> copy.put(model, List.copyOf(faults)));
        this.perModel = Map.copyOf(copy);
    }

    /**
     * The faults that strike a request to a model.
     *
     * @throws IllegalArgumentException when the last user message holds an unknown directive
     */
    FaultPlan plan(String model, List<ChatMessage> messages) {
        List<Fault> configured = perModel.getOrDefault(model, List.of());
        String lastUser = lastUser(messages);
        List<Fault> directives = FaultDirectives.parse(lastUser);
        if (configured.isEmpty() && directives.isEmpty()) {
            return FaultPlan.NONE;
        }
        String prompt = Draws.promptDigest(messages);
        List<Fault> striking = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            if (strikes(configured.get(i), "model|" + model + "|" + i, prompt)) {
                striking.add(configured.get(i));
            }
        }
        for (int i = 0; i < directives.size(); i++) {
            if (strikes(directives.get(i), "directive|" + model + "|" + i, prompt)) {
                striking.add(directives.get(i));
            }
        }
        Fault error = null;
        Fault content = null;
        boolean hang = false;
        Duration delay = Duration.ZERO;
        for (Fault fault : striking) {
            if (fault.isError() && error == null) {
                error = fault;
            } else if (fault.isContent() && content == null) {
                content = fault;
            } else if (fault.kind() == Fault.Kind.HANG) {
                hang = true;
            } else if (fault.kind() == Fault.Kind.LATENCY) {
                delay = delay.plus(fault.duration().orElse(Duration.ZERO));
            }
        }
        return new FaultPlan(error, hang, delay, content);
    }

    /** Forgets every attempt count. */
    void reset() {
        attempts.clear();
    }

    private boolean strikes(Fault fault, String scope, String prompt) {
        if (fault.times() == Fault.UNLIMITED && fault.probability() >= 1.0) {
            return true;
        }
        String key = fault.isPerPrompt() ? scope + "|" + prompt : scope;
        long attempt = attempts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        if (attempt > fault.times()) {
            return false;
        }
        return fault.probability() >= 1.0 || Draws.uniform(seed, "fault", key, prompt, attempt) < fault.probability();
    }

    private static String lastUser(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return messages.get(i).content();
            }
        }
        return "";
    }
}
