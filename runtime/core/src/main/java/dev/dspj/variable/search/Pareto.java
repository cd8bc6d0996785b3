package dev.dspj.variable.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pareto dominance, fronts and crowding for points whose every objective is to be
 * <em>maximized</em> (negate a minimized objective before calling).
 *
 * <pre>{@code
 * List<double[]> points = List.of(new double[] {0.9, -2.0}, new double[] {0.7, -1.0}, new double[] {0.6, -3.0});
 * Pareto.front(points);             // [0, 1]: the third is dominated by both
 * Pareto.nondominatedSort(points);  // [[0, 1], [2]]
 * }</pre>
 */
public final class Pareto {

    private Pareto() {}

    /**
     * Whether {@code a} dominates {@code b}: at least as good in every objective and better in one.
     *
     * @param a a point
     * @param b another point with as many objectives
     * @return true when {@code a} dominates {@code b}
     * @throws IllegalArgumentException when the points have different numbers of objectives
     */
    public static boolean dominates(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "cannot compare points with " + a.length + " and " + b.length + " objectives");
        }
        boolean better = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] < b[i]) {
                return false;
            }
            if (a[i] > b[i]) {
                better = true;
            }
        }
        return better;
    }

    /**
     * The indices of the non-dominated points, in increasing order. Equal points are all kept.
     *
     * @param points the points, all with the same number of objectives
     * @return the indices of the first front
     */
    public static List<Integer> front(List<double[]> points) {
        List<List<Integer>> fronts = nondominatedSort(points, 1);
        return fronts.isEmpty() ? List.of() : fronts.get(0);
    }

    /**
     * Every point's front: the first front is the non-dominated points, the second those
     * non-dominated once the first is removed, and so on (NSGA-II's non-dominated sorting).
     *
     * @param points the points, all with the same number of objectives
     * @return the fronts, best first, each a list of indices in increasing order
     */
    public static List<List<Integer>> nondominatedSort(List<double[]> points) {
        return nondominatedSort(points, points.size());
    }

    /**
     * The first fronts, stopping once they hold at least {@code atLeast} points (the rest are
     * left unsorted). Cheaper than a full sort when only the best few are needed.
     *
     * @param points the points, all with the same number of objectives
     * @param atLeast how many points the returned fronts must hold (fewer only when there are fewer)
     * @return the first fronts, best first, each a list of indices in increasing order
     */
    public static List<List<Integer>> nondominatedSort(List<double[]> points, int atLeast) {
        checkSameLength(points);
        int n = points.size();
        List<List<Integer>> fronts = new ArrayList<>();
        if (n == 0 || atLeast <= 0) {
            return fronts;
        }
        int objectives = points.get(0).length;
        Integer[] remaining = new Integer[n];
        for (int i = 0; i < n; i++) {
            remaining[i] = i;
        }
        // Sorted lexicographically, best first: no point can be dominated by one after it.
        Arrays.sort(remaining, lexicographicDescending(points, objectives));
        List<Integer> rest = new ArrayList<>(Arrays.asList(remaining));
        int sorted = 0;
        while (!rest.isEmpty() && sorted < atLeast) {
            List<Integer> current = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            for (int index : rest) {
                double[] point = points.get(index);
                boolean dominated = false;
                for (int member : current) {
                    if (dominates(points.get(member), point)) {
                        dominated = true;
                        break;
                    }
                }
                (dominated ? next : current).add(index);
            }
            current.sort(Comparator.naturalOrder());
            fronts.add(current);
            sorted += current.size();
            rest = next;
        }
        return fronts;
    }

    /**
     * The crowding distance of each point of a front (NSGA-II): for each objective, the gap
     * between a point's two neighbours along that objective divided by the objective's range,
     * summed; the extremes of any objective with a non-zero range get infinity.
     *
     * @param points the points of one front
     * @return the distances, in the order of {@code points}
     */
    public static double[] crowdingDistance(List<double[]> points) {
        checkSameLength(points);
        int n = points.size();
        double[] distance = new double[n];
        if (n == 0) {
            return distance;
        }
        if (n <= 2) {
            Arrays.fill(distance, Double.POSITIVE_INFINITY);
            return distance;
        }
        int objectives = points.get(0).length;
        Integer[] order = new Integer[n];
        for (int m = 0; m < objectives; m++) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            int objective = m;
            Arrays.sort(order, Comparator.comparingDouble(i -> points.get(i)[objective]));
            double low = points.get(order[0])[m];
            double high = points.get(order[n - 1])[m];
            double width = high - low;
            if (width == 0) {
                continue;
            }
            distance[order[0]] = Double.POSITIVE_INFINITY;
            distance[order[n - 1]] = Double.POSITIVE_INFINITY;
            for (int i = 1; i < n - 1; i++) {
                distance[order[i]] += (points.get(order[i + 1])[m] - points.get(order[i - 1])[m]) / width;
            }
        }
        return distance;
    }

    private static Comparator<Integer> lexicographicDescending(List<double[]> points, int objectives) {
        return (i, j) -> {
            double[] a = points.get(i);
            double[] b = points.get(j);
            for (int m = 0; m < objectives; m++) {
                int c = Double.compare(b[m], a[m]);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(i, j);
        };
    }

    private static void checkSameLength(List<double[]> points) {
        if (points.isEmpty()) {
            return;
        }
        int objectives = points.get(0).length;
        for (int i = 0; i < points.size(); i++) {
            double[] point = points.get(i);
            if (point.length != objectives) {
                throw new IllegalArgumentException(
                        "point " + i + " has " + point.length + " objectives, the first has " + objectives);
            }
            for (double value : point) {
                if (Double.isNaN(value)) {
                    throw new IllegalArgumentException(
                            "point " + i + " has a NaN objective: " + Arrays.toString(point));
                }
            }
        }
    }
}
