/**
 * The validated models the processor generates from: a signature's fields and their types, a
 * program's modules, a class's variables. Built by the validation package only when a type has no
 * error, and read by the writers.
 */
@NullMarked
package dev.dspj.processor.model;

import org.jspecify.annotations.NullMarked;
