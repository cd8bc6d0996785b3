package dev.dspj.sim;

/** Numbers in error messages as Python prints them: {@code 2} for a whole number, not {@code 2.0}. */
final class PythonNumbers {

    private PythonNumbers() {}

    static String repr(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
