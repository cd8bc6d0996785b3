/** Token usage and cost: {@link dev.dspj.lm.usage.PriceTable} and {@link dev.dspj.lm.usage.UsageTracker}. */
@NullMarked
package dev.dspj.lm.usage;

import org.jspecify.annotations.NullMarked;
