/** Limits on calls to a model, shared by every caller in the JVM: concurrency, requests and tokens per minute. */
@NullMarked
package dev.dspj.lm.limit;

import org.jspecify.annotations.NullMarked;
