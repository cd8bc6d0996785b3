package dev.dspj.module;

/**
 * A predictor inside a program, with its path: {@code self} for a program that is itself a
 * predictor, {@code predict} inside a chain of thought, {@code hop.predict} deeper down. The path
 * is the key of the predictor's state in saved programs, as in DSPy.
 *
 * @param name the path
 * @param predictor the predictor
 */
public record NamedPredictor(String name, Predict predictor) {}
