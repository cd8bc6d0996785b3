package dev.dspj.variable.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chart axis: the range it shows, widened to round numbers, and its ticks at round values
 * (1, 2 or 5 times a power of ten), labelled in the axis's unit.
 */
final class Axis {

    /** How far a log axis reaches beyond its data, as a factor. */
    private static final double LOG_PADDING = 1.2;

    private final double low;
    private final double high;
    private final boolean log;
    private final List<Double> ticks;
    private final int decimals;
    private final String unit;

    private Axis(double low, double high, boolean log, List<Double> ticks, int decimals, String unit) {
        this.low = low;
        this.high = high;
        this.log = log;
        this.ticks = List.copyOf(ticks);
        this.decimals = decimals;
        this.unit = unit;
    }

    /**
     * A linear axis covering {@code [min, max]} with about {@code targetTicks} ticks (Heckbert's
     * "nice numbers" labelling). An empty range is widened around its value.
     */
    static Axis linear(double min, double max, String unit, int targetTicks) {
        return linear(min, max, unit, targetTicks, false);
    }

    /** A linear axis whose ticks are whole numbers (trial numbers, integer variables). */
    static Axis integral(double min, double max, String unit, int targetTicks) {
        return linear(min, max, unit, targetTicks, true);
    }

    private static Axis linear(double min, double max, String unit, int targetTicks, boolean whole) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            min = 0;
            max = 1;
        }
        if (max < min) {
            double swap = min;
            min = max;
            max = swap;
        }
        if (max == min) {
            double pad = whole ? 1 : min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double step = nice(nice(max - min, false) / Math.max(1, targetTicks - 1), true);
        if (whole) {
            step = Math.max(1, Math.round(step));
        }
        double low = Math.floor(min / step + 1e-9) * step;
        double high = Math.ceil(max / step - 1e-9) * step;
        int decimals = whole ? 0 : Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; low + i * step <= high + step * 1e-6; i++) {
            ticks.add(round(low + i * step, decimals));
        }
        return new Axis(low, high, false, ticks, decimals, unit);
    }

    /**
     * A logarithmic axis a little wider than {@code [min, max]}, with ticks at 1, 2 and 5 times
     * powers of ten inside it (only the powers of ten when those would be too many). Falls back
     * to a linear axis when {@code min} is not positive or the range holds fewer than two ticks.
     */
    static Axis log(double min, double max, String unit) {
        if (!(min > 0) || !(max >= min) || !Double.isFinite(max)) {
            return linear(min, max, unit, 5);
        }
        double low = min / LOG_PADDING;
        double high = max * LOG_PADDING;
        List<Double> all = new ArrayList<>();
        List<Double> powers = new ArrayList<>();
        for (int exponent = (int) Math.floor(Math.log10(low));
                exponent <= (int) Math.ceil(Math.log10(high));
                exponent++) {
            double power = Math.pow(10, exponent);
            for (double multiple : new double[] {1, 2, 5}) {
                double tick = Double.parseDouble(Formats.significant(multiple * power, 3));
                if (tick >= low && tick <= high) {
                    all.add(tick);
                    if (multiple == 1) {
                        powers.add(tick);
                    }
                }
            }
        }
        List<Double> ticks = all.size() <= 8 ? all : powers;
        if (ticks.size() < 2) {
            return linear(min, max, unit, 5);
        }
        return new Axis(low, high, true, ticks, -1, unit);
    }

    /** Whether values spread over enough orders of magnitude that a log scale shows them better. */
    static boolean wantsLog(double min, double max) {
        return min > 0 && max / min >= 20;
    }

    /** Whether the axis is logarithmic. */
    boolean isLog() {
        return log;
    }

    /** Where a value falls on the axis, 0 at the low end and 1 at the high end. */
    double fraction(double value) {
        if (log) {
            double clamped = Math.max(value, low);
            return (Math.log10(clamped) - Math.log10(low)) / (Math.log10(high) - Math.log10(low));
        }
        return (value - low) / (high - low);
    }

    /** The ticks, low to high. */
    List<Double> ticks() {
        return ticks;
    }

    /** The lowest value shown. */
    double low() {
        return low;
    }

    /** The highest value shown. */
    double high() {
        return high;
    }

    /** A tick's label: the number at the ticks' precision, in the axis's unit ({@code $0.0004}, {@code 350 ms}). */
    String label(double tick) {
        String number =
                decimals < 0 ? Formats.significant(tick, 3) : String.format(Locale.ROOT, "%." + decimals + "f", tick);
        return switch (unit) {
            case "" -> number;
            case "$" -> "$" + number;
            default -> number + " " + unit;
        };
    }

    private static double nice(double value, boolean round) {
        double exponent = Math.floor(Math.log10(value));
        double fraction = value / Math.pow(10, exponent);
        double niceFraction;
        if (round) {
            niceFraction = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        } else {
            niceFraction = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        }
        return niceFraction * Math.pow(10, exponent);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        double rounded = Math.round(value * scale) / scale;
        return rounded == 0 ? 0 : rounded;
    }
}
