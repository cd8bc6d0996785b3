package dev.dspj.variable.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.variable.Variable;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParzenEstimatorTest {

    private static final Variable REAL = Variable.real("x", 0.0, 1.0, false, 0.5);
    private static final Variable DEMOS = Variable.integer("demos", 0, 8, 1, 0);
    private static final Variable LETTER = Variable.choice("letter", List.of("a", "b", "c"), "a");

    @Test
    void bandwidthsFollowOptunasRule() {
        // Sorted with the prior's centre: 0 | 0.5 (prior), 0.6, 0.7 | 1.
        double[] units = {0.6, 0.7};
        double[] ones = {1, 1};
        // 0.6: the larger gap to its neighbours 0.5 and 0.7 is 0.1; 0.7, the outermost, takes the gap inwards.
        assertArrayEquals(
                new double[] {0.1, 0.1, 1.0},
                ParzenEstimator.of(REAL, units, ones, 1.0, false, false).sigmas(),
                1e-12);
        // Counting the end 1 as a neighbour, 0.7 gets max(0.1, 0.3).
        assertArrayEquals(
                new double[] {0.1, 0.3, 1.0},
                ParzenEstimator.of(REAL, units, ones, 1.0, true, false).sigmas(),
                1e-12);
        // The magic clip keeps bandwidths above 1 / min(100, 2 observations + prior + 1) = 0.25.
        assertArrayEquals(
                new double[] {0.25, 0.3, 1.0},
                ParzenEstimator.of(REAL, units, ones, 1.0, true, true).sigmas(),
                1e-12);
        assertArrayEquals(
                new double[] {0.6, 0.7, 0.5},
                ParzenEstimator.of(REAL, units, ones, 1.0, true, true).mus(),
                1e-12);
    }

    @Test
    void categoricalProbabilitiesByHand() {
        // Two observations of "a", prior weight 1: each kernel (1/3 + one-hot) / 2, mixture 1/3 each.
        ParzenEstimator estimator =
                ParzenEstimator.of(LETTER, new double[] {1 / 6.0, 1 / 6.0}, new double[] {1, 1}, 1.0, false, true);
        double[] log = estimator.logPdf(new double[] {1 / 6.0, 0.5, 5 / 6.0});
        assertEquals(5 / 9.0, Math.exp(log[0]), 1e-9);
        assertEquals(2 / 9.0, Math.exp(log[1]), 1e-9);
        assertEquals(2 / 9.0, Math.exp(log[2]), 1e-9);
    }

    @Test
    void everyEstimatorIsADistribution() {
        SplittableRandom random = new SplittableRandom(1);
        double[] units = new double[40];
        for (int i = 0; i < units.length; i++) {
            units[i] = DEMOS.toUnit(DEMOS.sample(random));
        }
        ParzenEstimator discrete = ParzenEstimator.of(DEMOS, units, TpeSampler.defaultWeights(40), 1.0, false, true);
        double total = 0;
        for (int value = 0; value <= 8; value++) {
            total += Math.exp(discrete.logPdf(new double[] {DEMOS.toUnit((long) value)})[0]);
        }
        assertEquals(1.0, total, 1e-3, "the cells' masses sum to 1");

        double[] reals = new double[30];
        for (int i = 0; i < reals.length; i++) {
            reals[i] = random.nextDouble();
        }
        ParzenEstimator continuous = ParzenEstimator.of(REAL, reals, TpeSampler.defaultWeights(30), 1.0, false, true);
        int steps = 20_000;
        double[] grid = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            grid[i] = (double) i / steps;
        }
        double[] density = continuous.logPdf(grid);
        double integral = 0;
        for (int i = 0; i < steps; i++) {
            integral += 0.5 * (Math.exp(density[i]) + Math.exp(density[i + 1])) / steps;
        }
        assertEquals(1.0, integral, 1e-3, "the truncated mixture integrates to 1 over [0, 1]");
    }

    @Test
    void samplesFollowTheObservations() {
        ParzenEstimator estimator = ParzenEstimator.of(
                REAL, new double[] {0.9, 0.92, 0.88, 0.91}, new double[] {1, 1, 1, 1}, 1.0, false, true);
        SplittableRandom random = new SplittableRandom(7);
        int near = 0;
        for (int i = 0; i < 1000; i++) {
            double x = estimator.sample(random);
            assertTrue(x >= 0 && x <= 1);
            if (x > 0.7) {
                near++;
            }
        }
        // Four of five mixture components sit at 0.9 with bandwidth >= 1/6; the prior is wide.
        assertTrue(near > 550, "most draws near the observations: " + near);
    }

    @Test
    void narrowCellsAndTailsKeepTheirMass() {
        // The series for narrow cells and the tail differences agree where they meet.
        double series = ParzenEstimator.Normal.logMass(1.0, 1.0 + 0.299);
        double tails = Math.log(ParzenEstimator.Normal.upperTail(1.0) - ParzenEstimator.Normal.upperTail(1.299));
        assertEquals(tails, series, 1e-3);
        // Far in a tail the mass stays positive and close to the exact value (Q(10) ~ 7.62e-24).
        assertEquals(Math.log(7.6198530241605e-24), ParzenEstimator.Normal.logMass(10, 40), 1e-5);
        assertEquals(0.0, ParzenEstimator.Normal.logMass(-9, 9), 1e-15);
    }
}
