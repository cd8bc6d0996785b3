/**
 * The writers: from a validated model, the generated sources (predictor, input, output and example
 * records, codecs, program descriptors and variable accessors), written with the shaded JavaPoet.
 */
@NullMarked
package dev.dspj.processor.writing;

import org.jspecify.annotations.NullMarked;
