/** Limits on calls to a model, shared by every caller in the JVM: concurrency, requests and tokens per minute. */
package dev.dspj.lm.limit;
