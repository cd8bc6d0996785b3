package dev.dspj.variable.report;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The frame of one chart: the plot area inside its margins, the axes (x may be absent for a bar
 * chart, a second y axis may sit on the right), grid lines, tick labels and axis titles, and the
 * mapping from values to pixels.
 */
final class Plot {

    /** One entry of a legend: how its symbol is drawn, and its text. */
    record LegendEntry(Symbol symbol, String text) {}

    /** The symbols a legend can show, each matching how the chart draws that kind of mark. */
    enum Symbol {
        DOT,
        HOLLOW_DOT,
        GREY_DOT,
        FRONT_DOT,
        RING,
        FRONT_LINE,
        INTERVAL,
        BEST_LINE,
        SCORE,
        FAILED
    }

    private static final double CHARACTER_WIDTH = 6.2;

    final Svg svg;
    final double left;
    final double top;
    final double width;
    final double height;
    private final @Nullable Axis x;
    private final Axis y;

    Plot(
            Svg svg,
            double svgWidth,
            double svgHeight,
            double marginLeft,
            double marginTop,
            double marginRight,
            double marginBottom,
            @Nullable Axis x,
            Axis y) {
        this.svg = svg;
        this.left = marginLeft;
        this.top = marginTop;
        this.width = svgWidth - marginLeft - marginRight;
        this.height = svgHeight - marginTop - marginBottom;
        this.x = x;
        this.y = y;
    }

    /** The pixel column of an x value. */
    double px(double value) {
        return left + Objects.requireNonNull(x, "this plot has no x axis").fraction(value) * width;
    }

    /** The pixel row of a y value. */
    double py(double value) {
        return py(y, value);
    }

    /** The pixel row of a value on another y axis (the right one). */
    double py(Axis axis, double value) {
        return top + (1 - axis.fraction(value)) * height;
    }

    /** The bottom edge of the plot area. */
    double bottom() {
        return top + height;
    }

    /** Grid lines, ticks and titles of both axes (the x part only when the plot has an x axis). */
    void axes(String xTitle, String yTitle) {
        for (double tick : y.ticks()) {
            double row = py(tick);
            svg.line(left, row, left + width, row, "gridline");
            svg.text(left - 6, row + 4, y.label(tick), "tick", "end");
        }
        svg.rotatedText(14, top + height / 2, -90, yTitle, "axis-title", "middle");
        if (x != null) {
            for (double tick : x.ticks()) {
                double column = px(tick);
                svg.line(column, top, column, top + height, "gridline");
                svg.line(column, top + height, column, top + height + 4, "axis");
                svg.text(column, top + height + 17, x.label(tick), "tick", "middle");
            }
            svg.text(left + width / 2, top + height + 36, xTitle, "axis-title", "middle");
        }
        svg.line(left, top + height, left + width, top + height, "axis");
        svg.line(left, top, left, top + height, "axis");
    }

    /** A second y axis on the right edge, with its ticks and title. */
    void rightAxis(Axis axis, String title, double svgWidth) {
        double edge = left + width;
        svg.line(edge, top, edge, top + height, "axis");
        for (double tick : axis.ticks()) {
            double row = py(axis, tick);
            svg.line(edge, row, edge + 4, row, "axis");
            svg.text(edge + 7, row + 4, axis.label(tick), "tick score-tick", "start");
        }
        svg.rotatedText(svgWidth - 12, top + height / 2, 90, title, "axis-title", "middle");
    }

    /** A legend in one row above the plot area, starting at its left edge. */
    void legend(List<LegendEntry> entries) {
        double column = left;
        double row = top - 14;
        for (LegendEntry entry : entries) {
            symbol(entry.symbol(), column + 6, row - 4);
            svg.text(column + 16, row, entry.text(), "legend", "start");
            column += 16 + entry.text().length() * CHARACTER_WIDTH + 14;
        }
    }

    private void symbol(Symbol symbol, double cx, double cy) {
        switch (symbol) {
            case DOT -> svg.circle(cx, cy, 4.5, "key dot full", null);
            case HOLLOW_DOT -> svg.circle(cx, cy, 4.5, "key dot screen", null);
            case GREY_DOT -> {
                svg.circle(cx, cy, 4.5, "key dot full infeasible", null);
                svg.cross(cx, cy, 2.5, "key cross", null);
            }
            case FRONT_DOT -> svg.circle(cx, cy, 4.5, "key dot front", null);
            case RING -> svg.circle(cx, cy, 6, "key ring", null);
            case FRONT_LINE -> svg.line(cx - 6, cy, cx + 6, cy, "key front-line");
            case INTERVAL -> svg.line(cx, cy - 6, cx, cy + 6, "key interval");
            case BEST_LINE -> svg.line(cx - 6, cy, cx + 6, cy, "key best-so-far");
            case SCORE -> svg.rect(cx - 3.5, cy - 3.5, 7, 7, "key score", null);
            case FAILED -> svg.cross(cx, cy, 4, "key failed-mark", null);
        }
    }
}
