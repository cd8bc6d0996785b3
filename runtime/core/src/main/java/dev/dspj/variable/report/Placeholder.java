package dev.dspj.variable.report;

/** A chart with nothing to draw: a framed box that says why, so every chart still has its SVG. */
final class Placeholder {

    private Placeholder() {}

    static String svg(String cssClass, String label, int width, int height, String message) {
        Svg svg = new Svg(width, height, cssClass + " empty", label);
        svg.rect(0.5, 0.5, width - 1, height - 1, "placeholder", null);
        svg.text(width / 2.0, height / 2.0 + 4, message, "placeholder-text", "middle");
        return svg.finish();
    }
}
