/** Token usage and cost: {@link dev.dspj.lm.usage.PriceTable} and {@link dev.dspj.lm.usage.UsageTracker}. */
package dev.dspj.lm.usage;
