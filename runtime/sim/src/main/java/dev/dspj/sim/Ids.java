package dev.dspj.sim;

/** Small helpers shared by the task generators. */
final class Ids {

    private Ids() {}

    /** A format for zero-padded ids: {@code qa-007} for up to 999 examples, wider beyond. */
    static String format(String prefix, int size) {
        int width = Math.max(3, String.valueOf(size).length());
        return prefix + "-%0" + width + "d";
    }

    /** Rounds a difficulty to three decimals, clamped to 0..1. */
    static double round(double difficulty) {
        return Math.min(1.0, Math.max(0.0, Math.round(difficulty * 1000) / 1000.0));
    }

    /** Checks a requested task size. */
    static void checkSize(String task, int size, int max) {
        if (size < 1 || size > max) {
            throw new IllegalArgumentException(task + " can generate 1 to " + max + " examples, asked for " + size);
        }
    }
}
