package dev.dspj.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the simulated model read in a prompt.
 *
 * @param match the example the last user message asks about, if recognised
 * @param outputs the output fields asked for, in order
 * @param format the answer format asked for
 * @param conditions demos, reasoning, hints and temperature
 * @param shownAnswer the answer a demo of the very same example shows (the model copies it), or null
 * @param promptDigest SHA-256 of the prompt without fault directives, in hex
 */
record PromptAnalysis(
        Optional<TaskIndex.Match> match,
        List<FieldSpec> outputs,
        AnswerFormat format,
        SimConditions conditions,
        @Nullable Map<String, String> shownAnswer,
        String promptDigest) {}
