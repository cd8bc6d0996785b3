/**
 * HTTP language-model clients on the Micronaut HTTP client: {@link dev.dspj.lm.http.HttpLanguageModel}
 * for OpenAI-compatible servers and Anthropic, with retries, limits, caching, usage and history.
 */
@NullMarked
package dev.dspj.lm.http;

import org.jspecify.annotations.NullMarked;
