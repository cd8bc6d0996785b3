/**
 * Language models: the {@link dev.dspj.lm.LanguageModel} interface (chat messages in, completions
 * and usage out), requests, responses and sampling settings.
 */
package dev.dspj.lm;
