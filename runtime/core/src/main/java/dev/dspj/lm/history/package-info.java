/** Call history: the last calls with prompts, answers, usage, cost and latency, and a DSPy-style inspector. */
package dev.dspj.lm.history;
