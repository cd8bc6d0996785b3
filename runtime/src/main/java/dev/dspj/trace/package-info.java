/** Tracing: the predictor calls of a program run, recorded for metrics and bootstrapping optimizers. */
package dev.dspj.trace;
