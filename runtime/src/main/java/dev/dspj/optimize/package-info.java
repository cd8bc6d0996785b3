/** Optimizers (DSPy's teleprompters): few-shot bootstrapping, random search over demo sets, nearest-neighbour demos, ensembles. */
package dev.dspj.optimize;
