package dev.dspj.primitives;

import dev.dspj.module.Predict;

/** A test fixture: a class in the bottom layer that uses a module, which the architecture test must reject. */
public final class UpwardDependencyFixture {

    private UpwardDependencyFixture() {}

    /**
     * Uses a class of the modules layer.
     *
     * @param predict a predictor
     * @return its signature's name
     */
    public static String signatureName(Predict predict) {
        return predict.signature().name();
    }
}
