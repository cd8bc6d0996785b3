package dev.dspj.variable.report;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes one inline SVG chart by hand. Styling comes from the page's CSS through class names;
 * every element may carry a {@code <title>} that browsers show on hover. All text is escaped.
 */
final class Svg {

    /** The SVG namespace, the one URI a chart names. */
    static final String NAMESPACE = "http://www.w3.org/2000/svg";

    private final StringBuilder out = new StringBuilder();

    Svg(int width, int height, String cssClass, String label) {
        out.append("<svg xmlns=\"")
                .append(NAMESPACE)
                .append("\" class=\"chart ")
                .append(cssClass)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(Xml.escape(label))
                .append("\">\n<title>")
                .append(Xml.escape(label))
                .append("</title>\n");
    }

    /** A circle; {@code tooltip} may be null. */
    void circle(double cx, double cy, double r, String cssClass, @Nullable String tooltip) {
        open("circle", cssClass).attr("cx", cx).attr("cy", cy).attr("r", r);
        close("circle", tooltip);
    }

    /** A rectangle; {@code tooltip} may be null. */
    void rect(double x, double y, double width, double height, String cssClass, @Nullable String tooltip) {
        open("rect", cssClass)
                .attr("x", x)
                .attr("y", y)
                .attr("width", Math.max(0, width))
                .attr("height", Math.max(0, height));
        close("rect", tooltip);
    }

    /** A straight line. */
    void line(double x1, double y1, double x2, double y2, String cssClass) {
        open("line", cssClass).attr("x1", x1).attr("y1", y1).attr("x2", x2).attr("y2", y2);
        close("line", null);
    }

    /** A polyline through the points, each {x, y}; {@code tooltip} may be null. */
    void polyline(List<double[]> points, String cssClass, @Nullable String tooltip) {
        StringBuilder list = new StringBuilder();
        for (double[] point : points) {
            if (list.length() > 0) {
                list.append(' ');
            }
            list.append(coordinate(point[0])).append(',').append(coordinate(point[1]));
        }
        open("polyline", cssClass);
        out.append(" points=\"").append(list).append('"');
        close("polyline", tooltip);
    }

    /** A path with the given path data; {@code tooltip} may be null. */
    void path(String data, String cssClass, @Nullable String tooltip) {
        open("path", cssClass);
        out.append(" d=\"").append(Xml.escape(data)).append('"');
        close("path", tooltip);
    }

    /** An × centred on a point. */
    void cross(double x, double y, double half, String cssClass, @Nullable String tooltip) {
        path(
                "M" + coordinate(x - half) + "," + coordinate(y - half) + "L" + coordinate(x + half) + ","
                        + coordinate(y + half) + "M" + coordinate(x - half) + "," + coordinate(y + half) + "L"
                        + coordinate(x + half) + "," + coordinate(y - half),
                cssClass,
                tooltip);
    }

    /** Text anchored at a point ({@code anchor}: start, middle or end). */
    void text(double x, double y, String text, String cssClass, String anchor) {
        open("text", cssClass).attr("x", x).attr("y", y);
        out.append(" text-anchor=\"")
                .append(anchor)
                .append("\">")
                .append(Xml.escape(text))
                .append("</text>\n");
    }

    /** Text turned by {@code degrees} around its anchor point. */
    void rotatedText(double x, double y, double degrees, String text, String cssClass, String anchor) {
        open("text", cssClass).attr("x", x).attr("y", y);
        out.append(" transform=\"rotate(")
                .append(coordinate(degrees))
                .append(' ')
                .append(coordinate(x))
                .append(' ')
                .append(coordinate(y))
                .append(")\" text-anchor=\"")
                .append(anchor)
                .append("\">")
                .append(Xml.escape(text))
                .append("</text>\n");
    }

    /** Text with a hover title (for a cut label whose whole text is worth seeing). */
    void titledText(double x, double y, String text, String tooltip, String cssClass, String anchor) {
        open("text", cssClass).attr("x", x).attr("y", y);
        out.append(" text-anchor=\"")
                .append(anchor)
                .append("\"><title>")
                .append(Xml.escape(tooltip))
                .append("</title>")
                .append(Xml.escape(text))
                .append("</text>\n");
    }

    /** The finished markup. */
    String finish() {
        return out + "</svg>\n";
    }

    /** A coordinate with one decimal, the precision a screen needs. */
    static String coordinate(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }

    private Svg open(String element, String cssClass) {
        out.append('<').append(element);
        if (cssClass != null && !cssClass.isEmpty()) {
            out.append(" class=\"").append(Xml.escape(cssClass)).append('"');
        }
        return this;
    }

    private Svg attr(String name, double value) {
        out.append(' ').append(name).append("=\"").append(coordinate(value)).append('"');
        return this;
    }

    private void close(String element, @Nullable String tooltip) {
        if (tooltip == null) {
            out.append("/>\n");
        } else {
            out.append("><title>")
                    .append(Xml.escape(tooltip))
                    .append("</title></")
                    .append(element)
                    .append(">\n");
        }
    }
}
