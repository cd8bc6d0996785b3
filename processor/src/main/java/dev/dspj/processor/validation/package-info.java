/**
 * Validation of annotated types: each validator checks one kind of annotated element, records
 * every problem in a {@link dev.dspj.processor.validation.ValidationReport} at the most precise
 * place, and returns a model only when there is no error.
 */
@NullMarked
package dev.dspj.processor.validation;

import org.jspecify.annotations.NullMarked;
