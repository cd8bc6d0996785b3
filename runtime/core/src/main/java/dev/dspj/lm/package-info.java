/**
 * Language models: the {@link dev.dspj.lm.LanguageModel} interface (chat messages in, completions
 * and usage out), requests, responses and sampling settings.
 */
@NullMarked
package dev.dspj.lm;

import org.jspecify.annotations.NullMarked;
