/** Call history: the last calls with prompts, answers, usage, cost and latency, and a DSPy-style inspector. */
@NullMarked
package dev.dspj.lm.history;

import org.jspecify.annotations.NullMarked;
