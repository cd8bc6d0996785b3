package dev.dspj.variable.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoTest {

    private static double[] p(double... values) {
        return values;
    }

    @Test
    void dominanceNeedsOneStrictImprovementAndNoLoss() {
        assertTrue(Pareto.dominates(p(2, 2), p(1, 2)));
        assertFalse(Pareto.dominates(p(2, 2), p(2, 2)), "equal points do not dominate each other");
        assertFalse(Pareto.dominates(p(3, 1), p(1, 3)));
        assertFalse(Pareto.dominates(p(1, 2), p(2, 2)));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Pareto.dominates(p(1, 2), p(1, 2, 3)));
        assertTrue(e.getMessage().contains("2 and 3 objectives"), e.getMessage());
    }

    @Test
    void frontAndNondominatedSort() {
        List<double[]> points = List.of(p(1, 5), p(2, 4), p(2, 2), p(4, 1), p(1, 1), p(2, 4), p(0, 0));
        assertEquals(List.of(0, 1, 3, 5), Pareto.front(points), "equal non-dominated points are both kept");
        assertEquals(List.of(List.of(0, 1, 3, 5), List.of(2), List.of(4), List.of(6)), Pareto.nondominatedSort(points));
        assertEquals(
                List.of(List.of(0, 1, 3, 5), List.of(2)),
                Pareto.nondominatedSort(points, 5),
                "stops once the fronts hold enough points");
        assertEquals(List.of(), Pareto.front(List.of()));
    }

    @Test
    void threeObjectiveFronts() {
        List<double[]> points = List.of(p(1, 0, 0), p(0, 1, 0), p(0, 0, 1), p(0.5, 0.5, 0.5), p(0.4, 0.4, 0.4));
        assertEquals(List.of(List.of(0, 1, 2, 3), List.of(4)), Pareto.nondominatedSort(points));
    }

    @Test
    void crowdingDistanceByHand() {
        // Sorted along x: 0 (x=0), 1 (x=1), 2 (x=3), 3 (x=4); along y the reverse order.
        List<double[]> front = List.of(p(0, 4), p(1, 3), p(3, 1), p(4, 0));
        double[] d = Pareto.crowdingDistance(front);
        assertEquals(Double.POSITIVE_INFINITY, d[0]);
        assertEquals(Double.POSITIVE_INFINITY, d[3]);
        // Point 1: (3 - 0) / 4 along x plus (4 - 1) / 4 along y.
        assertEquals(1.5, d[1], 1e-12);
        assertEquals((4 - 1) / 4.0 + (3 - 0) / 4.0, d[2], 1e-12);
        assertArrayEquals(
                new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY},
                Pareto.crowdingDistance(List.of(p(1, 2), p(2, 1))));
    }

    @Test
    void rejectsMixedObjectiveCountsAndNaN() {
        assertThrows(IllegalArgumentException.class, () -> Pareto.front(List.of(p(1, 2), p(1))));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Pareto.front(List.of(p(1, Double.NaN))));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
