package dev.dspj.variable.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The hypervolume of a set of points whose objectives are all to be <em>maximized</em>: the
 * volume of the region that at least one point dominates and that dominates the reference point.
 * A larger hypervolume means a better front; it is the usual single number to compare the fronts
 * of multi-objective searches.
 *
 * <p>Exact for any number of objectives: a sweep in two dimensions, and the WFG algorithm (While,
 * Bradstreet and Barone, 2012) above, whose exclusive contributions bottom out in the same sweep.
 * Points that are not strictly better than the reference in every objective add nothing and are
 * ignored.
 *
 * <pre>{@code
 * Hypervolume.of(List.of(new double[] {1, 3}, new double[] {2, 2}, new double[] {3, 1}), new double[] {0, 0});  // 6.0
 * }</pre>
 */
public final class Hypervolume {

    private Hypervolume() {}

    /**
     * The hypervolume of the points with respect to a reference point.
     *
     * @param points the points, each with as many objectives as the reference
     * @param reference the point every counted point must exceed in every objective; usually the
     *     worst acceptable value of each objective
     * @return the hypervolume, 0 when no point exceeds the reference
     * @throws IllegalArgumentException when a point has another number of objectives than the
     *     reference, or a value is NaN
     */
    public static double of(List<double[]> points, double[] reference) {
        int objectives = reference.length;
        if (objectives == 0) {
            throw new IllegalArgumentException("the reference point needs at least one objective");
        }
        List<double[]> boxes = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            double[] point = points.get(i);
            if (point.length != objectives) {
                throw new IllegalArgumentException(
                        "point " + i + " has " + point.length + " objectives, the reference point has " + objectives);
            }
            double[] corner = new double[objectives];
            boolean counts = true;
            for (int m = 0; m < objectives; m++) {
                if (Double.isNaN(point[m]) || Double.isNaN(reference[m])) {
                    throw new IllegalArgumentException("hypervolume of NaN: point " + Arrays.toString(point)
                            + ", reference " + Arrays.toString(reference));
                }
                corner[m] = point[m] - reference[m];
                counts &= corner[m] > 0;
            }
            if (counts) {
                boxes.add(corner);
            }
        }
        // The two-dimensional sweep skips dominated and repeated points by itself.
        return objectives == 2 ? sweep(boxes) : volume(nondominated(boxes));
    }

    /**
     * The volume of the union of the boxes [0, corner] (every corner positive, none dominated).
     */
    private static double volume(List<double[]> corners) {
        if (corners.isEmpty()) {
            return 0;
        }
        int objectives = corners.get(0).length;
        if (objectives == 1) {
            return corners.stream().mapToDouble(c -> c[0]).max().orElse(0);
        }
        if (objectives == 2) {
            return sweep(corners);
        }
        if (corners.size() == 1) {
            return product(corners.get(0));
        }
        List<double[]> sorted = new ArrayList<>(corners);
        // WFG: points sorted worst-first in the last objective keep the limit sets small.
        sorted.sort(Comparator.comparingDouble(c -> c[objectives - 1]));
        double total = 0;
        for (int k = 0; k < sorted.size(); k++) {
            total += exclusive(sorted, k);
        }
        return total;
    }

    /** The volume only {@code points[k]} dominates among itself and the points after it. */
    private static double exclusive(List<double[]> points, int k) {
        double[] own = points.get(k);
        List<double[]> limited = new ArrayList<>(points.size() - k - 1);
        for (int j = k + 1; j < points.size(); j++) {
            double[] other = points.get(j);
            double[] overlap = new double[own.length];
            for (int m = 0; m < own.length; m++) {
                overlap[m] = Math.min(own[m], other[m]);
            }
            limited.add(overlap);
        }
        return product(own) - volume(nondominated(limited));
    }

    /** Two objectives: sorted by the first, best first, each point adds the strip it raises. */
    private static double sweep(List<double[]> corners) {
        double[][] sorted = corners.toArray(new double[0][]);
        Arrays.sort(sorted, (a, b) -> Double.compare(b[0], a[0]));
        double area = 0;
        double height = 0;
        for (double[] corner : sorted) {
            if (corner[1] > height) {
                area += corner[0] * (corner[1] - height);
                height = corner[1];
            }
        }
        return area;
    }

    private static List<double[]> nondominated(List<double[]> corners) {
        if (corners.size() <= 1) {
            return corners;
        }
        List<double[]> kept = new ArrayList<>();
        for (int index : Pareto.front(corners)) {
            double[] corner = corners.get(index);
            boolean duplicate = false;
            for (double[] other : kept) {
                if (Arrays.equals(other, corner)) {
                    duplicate = true;
                    break;
                }
            }
            if (!duplicate) {
                kept.add(corner);
            }
        }
        return kept;
    }

    private static double product(double[] corner) {
        double volume = 1;
        for (double side : corner) {
            volume *= side;
        }
        return volume;
    }
}
