/**
 * The DSPJ annotation processor: {@link dev.dspj.processor.SignatureProcessor} validates
 * {@code @Signature} interfaces, {@code @Program} classes and {@code @Variable} fields at compile time
 * and generates their typed predictors, records, codecs and variable accessors; {@link
 * dev.dspj.processor.Message} holds every diagnostic it reports.
 */
@NullMarked
package dev.dspj.processor;

import org.jspecify.annotations.NullMarked;
