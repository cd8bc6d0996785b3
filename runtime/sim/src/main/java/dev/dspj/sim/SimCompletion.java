package dev.dspj.sim;

import java.util.List;

/**
 * The simulated model's answer to a request.
 *
 * @param choices the answers, one per requested choice
 * @param promptTokens tokens in the prompt
 * @param completionTokens tokens generated over all choices
 * @param decision why it answered as it did
 */
record SimCompletion(List<SimChoice> choices, long promptTokens, long completionTokens, SimDecision decision) {

    SimCompletion {
        choices = List.copyOf(choices);
    }

    /** The largest choice's tokens: choices are generated in parallel, so this sets the generation time. */
    long longestChoiceTokens() {
        long longest = 0;
        for (SimChoice choice : choices) {
            longest = Math.max(longest, SimTokens.ofText(choice.text()));
        }
        return longest;
    }
}
