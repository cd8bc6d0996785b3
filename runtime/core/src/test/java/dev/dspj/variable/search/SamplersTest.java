package dev.dspj.variable.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplersTest {

    /** 3 x 2 x 4 = 24 configurations. */
    private static final VariableSpace DISCRETE = VariableSpace.of(
            Variable.choice("adapter", List.of("chat", "json", "xml"), "chat"),
            Variable.bool("cot", false),
            Variable.integer("demos", 0, 6, 2, 0));

    private static final VariableSpace MIXED =
            DISCRETE.plus(VariableSpace.of(Variable.real("temperature", 0.0, 1.0, false, 0.0)));

    @Test
    void gridWhenEveryDiscreteConfigurationFits() {
        Samplers.Choice choice = Samplers.choose(DISCRETE, 30, 1);
        assertEquals(SearchStrategy.GRID, choice.strategy());
        assertEquals(
                "grid search: every variable is discrete and all 24 configurations fit in the budget of 30 trials",
                choice.reason());
        GridSampler grid = assertInstanceOf(GridSampler.class, choice.sampler());
        assertEquals(24, grid.grid(DISCRETE).size(), "the full grid, every demo count included");
        assertEquals(SearchStrategy.GRID, Samplers.choose(DISCRETE, 24, 3).strategy(), "whatever the objectives");
    }

    @Test
    void nsgaForSeveralObjectivesWithRoomForFourGenerations() {
        Samplers.Choice choice = Samplers.choose(MIXED, 80, 2);
        assertEquals(SearchStrategy.NSGA_II, choice.strategy());
        assertInstanceOf(NsgaIISampler.class, choice.sampler());
        assertTrue(choice.reason().contains("4 generations of 20"), choice.reason());
        VariableSpace larger = DISCRETE.plus(VariableSpace.of(Variable.integer("hops", 1, 5, 1, 1)));
        assertEquals(
                SearchStrategy.NSGA_II,
                Samplers.choose(larger, 100, 2).strategy(),
                "a discrete grid of 120, larger than the budget");
    }

    @Test
    void tpeWhenTheBudgetIsTwiceItsStartup() {
        Samplers.Choice single = Samplers.choose(MIXED, 20, 1);
        assertEquals(SearchStrategy.TPE, single.strategy());
        assertInstanceOf(TpeSampler.class, single.sampler());
        assertTrue(
                single.reason().startsWith("TPE: the budget of 20 trials is at least 2 x its 10 startup trials"),
                single.reason());
        Samplers.Choice multi = Samplers.choose(MIXED, 79, 2);
        assertEquals(SearchStrategy.TPE, multi.strategy());
        assertTrue(multi.reason().startsWith("multi-objective TPE: 2 objectives but too few trials"), multi.reason());
        assertEquals(SearchStrategy.TPE, Samplers.choose(DISCRETE, 23, 1).strategy(), "the grid needs 24");
    }

    @Test
    void latinHypercubeRandomSearchForSmallBudgets() {
        Samplers.Choice choice = Samplers.choose(MIXED, 19, 1);
        assertEquals(SearchStrategy.RANDOM, choice.strategy());
        assertEquals(19, assertInstanceOf(RandomSampler.class, choice.sampler()).latinHypercubeSize());
        assertTrue(choice.reason().contains("too few for TPE"), choice.reason());
    }

    @Test
    void explicitStrategiesAndAuto() {
        assertEquals(
                SearchStrategy.TPE,
                Samplers.of(SearchStrategy.AUTO, MIXED, 50, 1).strategy());
        for (SearchStrategy strategy :
                List.of(SearchStrategy.GRID, SearchStrategy.RANDOM, SearchStrategy.TPE, SearchStrategy.NSGA_II)) {
            assertEquals(strategy, Samplers.of(strategy, MIXED, 50, 2).strategy());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Samplers.choose(MIXED, 0, 1));
        assertEquals("the trial budget must be at least 1, got 0", e.getMessage());
    }
}
