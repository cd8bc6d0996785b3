/** Retries: {@link dev.dspj.lm.retry.RetryPolicy} (exponential backoff with jitter, honouring Retry-After) and the {@link dev.dspj.lm.retry.Scheduler} clock. */
@NullMarked
package dev.dspj.lm.retry;

import org.jspecify.annotations.NullMarked;
