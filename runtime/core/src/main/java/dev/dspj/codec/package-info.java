/**
 * Codecs: how each supported field type is rendered into prompts, described to the model (DSPy
 * type names, pydantic-style JSON schemas) and parsed from answers, with no reflection. Generated
 * signature classes compose them.
 */
@NullMarked
package dev.dspj.codec;

import org.jspecify.annotations.NullMarked;
