/** Evaluation: metrics and running a program over a dataset. */
package dev.dspj.evaluate;
