package dev.dspj.variable.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HypervolumeTest {

    private static double[] p(double... values) {
        return values;
    }

    @Test
    void twoObjectivesByHand() {
        // A staircase: 1x3 + 1x2 + 1x1 above the origin.
        assertEquals(6.0, Hypervolume.of(List.of(p(1, 3), p(2, 2), p(3, 1)), p(0, 0)), 1e-12);
        // A dominated point and a repeated one add nothing.
        assertEquals(6.0, Hypervolume.of(List.of(p(1, 3), p(2, 2), p(3, 1), p(1, 1), p(2, 2)), p(0, 0)), 1e-12);
        // Against reference (1, 1): boxes [1,2]x[1,3] and [1,3]x[1,2], 2 each, overlapping in [1,2]^2.
        assertEquals(2 + 2 - 1, Hypervolume.of(List.of(p(2, 3), p(3, 2)), p(1, 1)), 1e-12);
        assertEquals(
                0.0, Hypervolume.of(List.of(p(0, 5), p(5, -1)), p(0, 0)), "points not above the reference count 0");
        assertEquals(0.0, Hypervolume.of(List.of(), p(0, 0)));
    }

    @Test
    void threeObjectivesByHand() {
        // Three unit-overlapping boxes: [0,2]x[0,1]x[0,1], [0,1]x[0,2]x[0,1], [0,1]x[0,1]x[0,2]:
        // each 2, pairwise overlaps [0,1]^3 = 1 each, triple overlap 1: 6 - 3 + 1 = 4.
        assertEquals(4.0, Hypervolume.of(List.of(p(2, 1, 1), p(1, 2, 1), p(1, 1, 2)), p(0, 0, 0)), 1e-12);
        // One box and a point inside it.
        assertEquals(24.0, Hypervolume.of(List.of(p(2, 3, 4), p(1, 1, 1)), p(0, 0, 0)), 1e-12);
        // A shifted reference point.
        assertEquals(1.0 * 2 * 3, Hypervolume.of(List.of(p(2, 3, 4)), p(1, 1, 1)), 1e-12);
    }

    @Test
    void manyObjectivesMatchCountingUnitCells() {
        SplittableRandom random = new SplittableRandom(3);
        for (int objectives = 2; objectives <= 4; objectives++) {
            for (int round = 0; round < 5; round++) {
                List<double[]> points = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    double[] point = new double[objectives];
                    for (int m = 0; m < objectives; m++) {
                        point[m] = 1 + random.nextInt(5);
                    }
                    points.add(point);
                }
                assertEquals(
                        countCells(points, objectives),
                        Hypervolume.of(points, new double[objectives]),
                        1e-9,
                        objectives + " objectives, round " + round);
            }
        }
    }

    /** The union volume of integer boxes [0, p], by counting the unit cells some point covers. */
    private static double countCells(List<double[]> points, int objectives) {
        int cells = (int) Math.pow(6, objectives);
        int covered = 0;
        for (int cell = 0; cell < cells; cell++) {
            int[] corner = new int[objectives];
            int rest = cell;
            for (int m = 0; m < objectives; m++) {
                corner[m] = rest % 6;
                rest /= 6;
            }
            for (double[] point : points) {
                boolean inside = true;
                for (int m = 0; m < objectives && inside; m++) {
                    inside = corner[m] + 1 <= point[m];
                }
                if (inside) {
                    covered++;
                    break;
                }
            }
        }
        return covered;
    }

    @Test
    void rejectsWrongDimensions() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Hypervolume.of(List.of(p(1, 2, 3)), p(0, 0)));
        assertEquals("point 0 has 3 objectives, the reference point has 2", e.getMessage());
    }
}
